"""Writes the schema's triggers derive on the laptop (the search columns of a commissioner,
kept from its person, its organization and its team) are not tampering: only what the officer
changed, and a change made outside the program, decide whether a package is sound."""

import contextlib
import shutil
import sqlite3
from contextlib import closing
from dataclasses import replace
from datetime import date

import peewee
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app import checkin, events, service_logs, session
from app.errors import UserError
from app.exchange import merge
from app.exchange.package import PackageError, export_package, read_package
from app.registry import commissioners, people
from db import changelog, models
from tests.fieldwork import snapshot


def _on_the_laptop(package, office, work) -> None:
    session.close_session()
    session.open_session(package)
    changelog.configure(actor="笔记本", device_id="laptop-1")
    work()
    session.close_session()
    session.open_session(office["path"])


def test_editing_a_commissioners_own_person_on_the_laptop_merges(office, tmp_path):
    """The commissioner's mobile edited on the laptop: the trigger re-derives the
    commissioner's search columns, which the package noted as a write outside the change log
    and the office refused as damaged."""
    package = tmp_path / "p.cdpkg"
    export_package(package)
    person = office["guests"][0]

    def work():
        people.save_person(replace(people.get_person(person), mobile="13911110000"))

    _on_the_laptop(package, office, work)
    plan = merge.plan_merge(read_package(package))
    assert plan.summary_line().startswith("new=0 updated=1 conflicts=0 duplicates=0")
    merge.apply_merge(read_package(package))
    assert models.Person.get_by_id(person).mobile == "13911110000"
    assert models.Commissioner.get_by_id(office["commissioner"]).sort_mobile == "13911110000"


def _edit_person(draw, office):
    person = draw(st.sampled_from(office["guests"]), label="person")
    data = people.get_person(person)
    field = draw(st.sampled_from(["mobile", "name", "employer_id", "notes"]), label="field")
    value = {"mobile": f"1391111{person:04d}", "name": f"改名{person}",
             "employer_id": None if data.employer_id else office["org"], "notes": "现场补记"}[field]
    people.save_person(replace(data, **{field: value}))


def _edit_organization(draw, office):
    data = people.get_organization(office["org"])
    field = draw(st.sampled_from(["name", "contact_phone"]), label="organization field")
    people.save_organization(replace(data, **{field: {"name": "泉州海天新材料有限公司",
                                                      "contact_phone": "0595-22223333"}[field]}))


def _edit_commissioner(draw, office):
    data = commissioners.get_commissioner(office["commissioner"])
    change = draw(st.sampled_from(["notes", "person", "team"]), label="commissioner change")
    if change == "notes":
        data = replace(data, notes="现场补记")
    elif change == "person":  # another guest becomes the individual commissioner
        data = replace(data, person_id=office["guests"][6])
    else:  # a team led by its person, with another guest as member
        data = replace(data, kind="team", team_name="海天材料团队",
                       members=(commissioners.MemberData(person_id=office["guests"][5]),))
    commissioners.save_commissioner(data, allow_similar=True)


def _check_in(draw, office):
    rows = events.participants(office["event"])
    row = draw(st.sampled_from(rows), label="participant")
    with contextlib.suppress(UserError):  # already checked in: the desk says so
        checkin.check_in(row.id)


def _outcome(draw, office):
    events.save_outcome(events.OutcomeInput(
        kind="technical_intention", description="合作意向", event_id=office["event"],
        commissioner_ids=(office["commissioner"],), organization_ids=(office["org"],)))


def _service_log(draw, office):
    service_logs.save_log(service_logs.LogInput(
        commissioner_ids=(office["commissioner"],), organization_id=office["org"],
        date=date(2099, 12, 3), kind="consulting", content="现场技术咨询"))


def _values(model) -> list[str]:
    """The columns of the model's fields the merge reads, references aside."""
    return [f.column_name for f in changelog.logged_fields(model)
            if not isinstance(f, peewee.ForeignKeyField)]


EDITS = [_edit_person, _edit_organization, _edit_commissioner, _check_in, _outcome, _service_log]


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_the_programs_own_edits_merge_and_an_edit_outside_it_is_refused(office, tmp_path, data):
    """Oracle: after any sequence of the officer's edits the package reads back and the merge
    brings every record the laptop holds to the office as the laptop has it; the same package
    with one value changed by sqlite3 (a field the merge reads, of any record of any table) is
    refused."""
    exported = tmp_path / "exported.cdpkg"
    if not exported.exists():
        export_package(exported)
    package = tmp_path / "worked.cdpkg"
    shutil.copyfile(exported, package)
    edits = data.draw(st.lists(st.sampled_from(EDITS), min_size=1, max_size=6), label="edits")
    laptop = {}

    def work():
        for edit in edits:
            edit(data.draw, office)
        laptop.update(snapshot())

    _on_the_laptop(package, office, work)
    before = snapshot()
    result = merge.apply_merge(read_package(package)).detail
    assert not result.plan.refused
    after = snapshot()
    assert {t: {u: r for u, r in after[t].items() if u in laptop[t]} for t in after} == laptop
    if result.batch_id is not None:
        changelog.revert(result.batch_id, "undo the merge")
    assert snapshot() == before

    with closing(sqlite3.connect(package)) as raw, raw:
        table = data.draw(st.sampled_from(sorted(
            m._meta.table_name for m in models.EDITABLE_MODELS if _values(m)
            and raw.execute(f'SELECT 1 FROM "{m._meta.table_name}"').fetchone())), label="table")
        column = data.draw(st.sampled_from(_values(models.BY_TABLE[table])), label="column")
        ids = [i for (i,) in raw.execute(f'SELECT id FROM "{table}" ORDER BY id')]
        record = data.draw(st.sampled_from(ids), label="record")
        raw.execute(f'UPDATE "{table}" SET "{column}" = COALESCE("{column}", \'\') || \'改\' '
                    "WHERE id = ?", (record,))
    with pytest.raises(PackageError, match=r"outside this program|not made by this program|damaged"):
        read_package(package)
    assert snapshot() == before
