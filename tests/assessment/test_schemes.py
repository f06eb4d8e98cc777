import json
from dataclasses import replace
from decimal import Decimal

import pytest

from app.assessment import schemes
from app.assessment.schemes import SUBJECT_TYPES, Item
from app.core import i18n
from app.core.errors import UserError
from db import changelog, models


@pytest.fixture
def chinese():
    i18n.set_language("zh_CN")
    yield
    i18n.set_language("en")


def test_the_default_schemes_are_quanzhous(chinese):
    individual = schemes.default_scheme("individual", 2025)
    assert [schemes.item_label(i) for i in individual.items] == [
        "服务方式", "服务次数", "三方协议完成情况", "服务成效", "服务对象满意度", "加分项"]
    assert [i.label for i in schemes.default_scheme("team", 2025).items] == [
        i.label for i in individual.items if not i.bonus]
    station = schemes.default_scheme("workstation", 2025)
    assert [schemes.item_label(i) for i in station.items] == [
        "建立服务配套措施", "开展对接服务", "协调解决关键问题", "服务成效", "服务科技特派员满意度"]
    assert individual.funds == {"excellent": 1, "good": Decimal("0.5")}
    assert station.funds == {"excellent": 5, "good": 3}
    assert dict(individual.grade_floors) == {"excellent": 90, "good": 80, "pass": 60}
    assert (individual.min_days_for_good, individual.min_days_to_pass,
            individual.excellent_quota_pct) == (12, 5, 35)
    for kind in SUBJECT_TYPES:  # each default passes its own checks unchanged
        default = schemes.default_scheme(kind, 2025)
        assert schemes.check_scheme(default) == default
        assert schemes.scheme_for(2025, kind) == default


def test_a_saved_scheme_is_read_back_and_copied_to_another_year():
    edited = schemes.default_scheme("individual", 2025)
    edited = replace(edited, min_days_for_good=Decimal("10.5"),
                     items=(replace(edited.items[0], label="驻点服务方式"), *edited.items[1:]))
    saved = schemes.save_scheme(edited)
    assert saved.touches("assessment_scheme")
    assert schemes.scheme_for(2025, "individual") == replace(edited, id=saved.id)
    schemes.copy_schemes(2025, 2026)
    copied = schemes.scheme_for(2026, "individual")
    assert copied.id is not None and copied.year == 2026
    assert copied.items == edited.items and copied.min_days_for_good == Decimal("10.5")
    assert schemes.scheme_for(2026, "workstation").items == schemes.default_scheme(
        "workstation", 2026).items


def test_a_frozen_scheme_is_refused():
    schemes.save_scheme(schemes.default_scheme("team", 2025))
    with changelog.batch("freeze"):
        row = models.AssessmentScheme.get()
        row.frozen = True
        row.save()
    with pytest.raises(UserError, match="finished"):
        schemes.save_scheme(replace(schemes.default_scheme("team", 2025), min_days_to_pass=3))
    assert schemes.scheme_for(2025, "team").min_days_to_pass == 5


@pytest.mark.parametrize("change", [
    {"items": ()},
    {"excellent_quota_pct": Decimal(0)},
    {"min_days_to_pass": Decimal(13)},
    {"grade_floors": (("excellent", Decimal(80)), ("good", Decimal(80)), ("pass", Decimal(60)))},
    {"funds": {"best": Decimal(1)}},
    {"subject_type": "office"},
])
def test_a_scheme_that_does_not_hold_together_is_refused(change):
    with pytest.raises(UserError):
        schemes.save_scheme(replace(schemes.default_scheme("individual", 2025), **change))
    assert not models.AssessmentScheme.select().exists()


def test_items_must_add_up_to_a_hundred_and_data_items_need_a_full_marks_figure():
    default = schemes.default_scheme("individual", 2025)
    short = replace(default, items=default.items[1:])
    with pytest.raises(UserError, match="85"):
        schemes.check_scheme(short)
    no_figure = replace(default, items=(replace(default.items[1], full_at=None),
                                        *default.items[:1], *default.items[2:]))
    with pytest.raises(UserError, match=r"Number of services.*a number is needed"):
        schemes.check_scheme(no_figure)
    station = schemes.default_scheme("workstation", 2025)
    agreement_item = Item("matching", "开展对接服务", Decimal(25), "agreement_completion",
                          full_at=Decimal(1))
    with pytest.raises(UserError, match="cannot be scored"):
        schemes.check_scheme(replace(station, items=(station.items[0], agreement_item,
                                                     *station.items[2:])))


def test_schemes_travel_as_a_file(tmp_path):
    edited = replace(schemes.default_scheme("workstation", 2025),
                     funds={"excellent": Decimal(6), "good": Decimal("3.5")})
    schemes.save_scheme(edited)
    path = tmp_path / "schemes.json"
    schemes.export_schemes(2025, path)
    document = json.loads(path.read_text("utf-8"))
    document["year"] = 2027
    path.write_text(json.dumps(document, ensure_ascii=False), "utf-8")
    imported = schemes.import_schemes(path)
    assert imported.detail == 2027
    for kind in SUBJECT_TYPES:
        got = schemes.scheme_for(2027, kind)
        assert got.id is not None
        assert replace(got, id=None) == replace(schemes.scheme_for(2025, kind), id=None, year=2027)


def test_a_damaged_or_foreign_file_is_refused_whole(tmp_path):
    path = tmp_path / "schemes.json"
    schemes.export_schemes(2025, path)
    document = json.loads(path.read_text("utf-8"))
    document["schemes"][3]["items"][0]["max_points"] = "120"  # the 4th, after 3 good ones
    path.write_text(json.dumps(document), "utf-8")
    with pytest.raises(UserError, match="out of range"):
        schemes.import_schemes(path)
    assert not models.AssessmentScheme.select().exists()
    for text, reason in (("not json", "not a JSON file"), ("[]", "not a scheme file"),
                         ('{"format": "x"}', "not a scheme file")):
        path.write_text(text, "utf-8")
        with pytest.raises(UserError, match=reason):
            schemes.import_schemes(path)
