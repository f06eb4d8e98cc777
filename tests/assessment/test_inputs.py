"""What the officer types into a score, and what a scheme file brings: stored exactly as meant,
or refused with a reason and nothing written."""

import copy
import json
from datetime import date
from decimal import Decimal, InvalidOperation

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.assessment import rounds, schemes
from app.core.errors import UserError
from db import models
from tests.assessment.helpers import commissioner, log, organization

CHECKS = settings(max_examples=60, deadline=None,
                  suppress_health_check=[HealthCheck.function_scoped_fixture])
typed = st.one_of(
    st.text(max_size=8),
    st.from_regex(r"\s*[+-]?[0-9]{1,3}(\.[0-9]{0,3})?\s*", fullmatch=True),
    st.decimals(min_value=-20, max_value=40, places=2).map(str),
    st.sampled_from(["", " ", "15", "15.0", "0.10", "1E+1", "1e-1", "NaN", "inf", "１２",
                     "-0", "7.25", "٣"]))


def meant(text: str, most: Decimal) -> Decimal | str | None:
    """The oracle: None (cleared) for nothing typed, the number for a decimal in 0..most with at
    most one decimal place worth keeping, else "refused"."""
    if not text.strip():
        return None
    try:
        number = Decimal(text.strip())
    except InvalidOperation:
        return "refused"
    if not number.is_finite() or not 0 <= number <= most or (number * 10) % 1:
        return "refused"
    return number


@CHECKS
@given(text=typed)
def test_a_typed_score_is_stored_exactly_or_refused_with_a_reason(text):
    if not models.AssessmentRound.select().exists():
        who = commissioner("陈明辉")
        log(who, organization("泉州海天材料科技股份有限公司"), date(2025, 3, 1))
        rounds.open_round(2025)
    [row] = rounds.round_rows(2025)
    expected = meant(text, Decimal(15))
    try:
        rounds.set_scores(row.assessment_id, {"service_mode": text}, "")
    except UserError as refused:
        assert expected == "refused", (text, refused.message)
        assert refused.field == "service_mode" and refused.message
        assert rounds.round_rows(2025) == [row]
        return
    assert expected != "refused", text
    got = rounds.round_rows(2025)[0].items["service_mode"]
    assert got == expected
    if got is not None:  # written plainly: no exponent, no trailing zero
        assert str(got) == format(got.normalize(), "f")


values = st.one_of(st.none(), st.booleans(), st.integers(-5, 150),
                   st.floats(allow_nan=True, allow_infinity=True),
                   st.decimals(min_value=-5, max_value=150, places=2).map(str),
                   st.text(max_size=6), st.sampled_from(["service_count", "manual", "bonus",
                                                         "excellent", "good", "x-1", "服务"]))


def places(document) -> list[tuple]:
    """Every (path) a value sits at in a scheme file."""
    found = []

    def walk(node, path):
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, (*path, key))
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, (*path, i))
        else:
            found.append(path)
    walk(document, ())
    return found


def snapshot():
    return sorted(models.AssessmentScheme.select().tuples())


@CHECKS
@given(data=st.data())
def test_a_scheme_file_is_stored_exactly_or_refused_whole(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("schemes")
    original = folder / "original.json"
    schemes.export_schemes(2025, original)
    document = json.loads(original.read_text("utf-8"))
    changed = copy.deepcopy(document)
    for _i in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(places(changed)))
        node = changed
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = data.draw(values)
    path = folder / "changed.json"
    path.write_text(json.dumps(changed, ensure_ascii=False), "utf-8")
    before = snapshot()
    try:
        schemes.import_schemes(path)
    except UserError as refused:
        assert refused.message.startswith("This scheme file cannot be imported: ")
        assert snapshot() == before
        return
    year = changed["year"]
    for entry in changed["schemes"]:
        got = schemes.scheme_for(year, entry["subject_type"])
        assert got.id is not None
        assert [(i.code, i.label, i.max_points, i.source, i.bonus, i.full_at) for i in got.items] == [
            (i["code"], i["label"].strip(), Decimal(str(i["max_points"])), i["source"], i["bonus"],
             None if i["full_at"] is None else Decimal(str(i["full_at"]))) for i in entry["items"]]
        assert dict(got.grade_floors) == {g: Decimal(str(v))
                                          for g, v in entry["grade_floors"].items()}
        assert got.funds == {g: Decimal(str(v)) for g, v in entry["funds"].items()}
        for name in ("min_days_for_good", "min_days_to_pass", "excellent_quota_pct"):
            assert getattr(got, name) == Decimal(str(entry[name]))
        # what was taken holds together
        assert sum(i.max_points for i in got.items if not i.bonus) == 100
        assert all(0 < i.max_points <= 100 for i in got.items)
        floors = dict(got.grade_floors)
        assert 100 >= floors["excellent"] > floors["good"] > floors["pass"] > 0
        assert 0 <= got.min_days_to_pass <= got.min_days_for_good
        assert all(v >= 0 for v in got.funds.values())
