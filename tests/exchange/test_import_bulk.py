"""The bulk path of the commissioner import writes what the form services write, log included."""

from __future__ import annotations

from datetime import date

import openpyxl
import peewee
import pytest

from app.exchange import importing
from app.register import commissioners as cs
from app.register import people
from db import changelog, models
from tests.db.test_changelog import snapshot
from tests.exchange.conftest import resident_id

HEADERS = ["特派员类型", "姓名", "性别", "身份证号", "手机", "派出单位", "职称", "专业领域", "层级",
           "选认年度", "服务期起", "服务期止", "选认状态", "服务对象", "服务街道"]
PEOPLE = [("林一", resident_id(date(1980, 1, 2), 11), "13900000001", "电子信息", "海滨街道"),
          ("陈二", resident_id(date(1985, 3, 4), 22), "13900000002", "新材料", "临江街道"),
          ("黄三", resident_id(date(1990, 5, 6), 33), "", "现代农业", "鲤中街道")]


@pytest.fixture
def units():
    with changelog.batch("units"):
        return [people.save_organization(people.OrganizationData(name=name)).id
                for name in ("泉州派出单位", "泉州服务企业")]


def _workbook(path, rows):
    book = openpyxl.Workbook()
    book.active.append(HEADERS)
    for name, id_number, mobile, field, street in rows:
        book.active.append(["个人", name, "男", id_number, mobile, "泉州派出单位", "工程师", field,
                            "省级", 2026, "2026-01-01", "2028-12-31", "已认定", "泉州服务企业",
                            street])
    book.save(path)
    return path


def _dictionary(kind: str, name: str) -> models.Dictionary:
    d = models.Dictionary
    return d.get((d.kind == kind) & (d.name == name))


def _through_the_forms(units) -> int:
    employer, served = units
    with changelog.batch("forms") as batch:
        for name, id_number, mobile, field, street in PEOPLE:
            person = people.save_person(people.PersonData(
                name=name, gender="male", id_number=id_number, mobile=mobile,
                employer_id=employer, title_name="工程师"), allow_similar=True)
            commissioner = cs.save_commissioner(cs.CommissionerData(
                kind="individual", person_id=person.id,
                industry_fields=(_dictionary("industry_field", field).code,)))
            cs.save_appointment(cs.AppointmentData(
                commissioner_id=commissioner.id, level="provincial", year=2026,
                term_start=date(2026, 1, 1), term_end=date(2028, 12, 31), status="active",
                served=(cs.ServedData(served),), street_ids=(_dictionary("street", street).id,)))
    return batch.id


def _logged(batch_id: int) -> list[tuple]:
    """The batch's log rows, each record named by its table and rank among the batch's new
    records of that table (uuids differ between two writes of the same rows)."""
    log = models.ChangeLog
    rows = list(log.select(log.table, log.record_uuid, log.op, log.field, log.old, log.new)
                .where(log.batch == batch_id).tuples())
    names = {}
    for table in {r[0] for r in rows}:
        model = models.BY_TABLE[table]
        created = {r[1] for r in rows if r[0] == table}
        ranked = model.select(model.uuid).where(model.uuid.in_(created)).order_by(model.id)
        names.update({u: f"{table}#{i}" for i, (u,) in enumerate(ranked.tuples())})
    return sorted((t, names[u], op, f, names.get(old, old), names.get(new, new))
                  for t, u, op, f, old, new in rows)


def _stored(batch_id: int) -> list[tuple]:
    """The batch's new records, column by column, but for their identity and times."""
    log = models.ChangeLog
    found = []
    for (table,) in (log.select(log.table).where(log.batch == batch_id).distinct()
                     .order_by(log.table).tuples()):
        model = models.BY_TABLE[table]
        created = log.select(log.record_uuid).where((log.batch == batch_id) & (log.table == table))
        columns = [f for f in model._meta.sorted_fields
                   if f.name not in ("id", "uuid", "created_at", "updated_at")
                   and not isinstance(f, peewee.ForeignKeyField)]
        found += [(table, *row) for row in model.select(*columns)
                  .where(model.uuid.in_(created)).order_by(model.id).tuples()]
    return found


def test_bulk_rows_log_and_undo_as_the_forms_do(units, tmp_path, monkeypatch):
    bulk = []
    monkeypatch.setattr(changelog, "insert_many", lambda records, real=changelog.insert_many: (
        bulk.append(type(records[0]).__name__), real(records)))
    before = snapshot()
    report = importing.run_import("commissioners", _workbook(tmp_path / "new.xlsx", PEOPLE)).detail
    assert report.summary_line() == "added=3 updated=0 unchanged=0 rejected=0"
    assert bulk == ["Person", "Commissioner", "Appointment", "ServedObject", "ServiceStreet"]
    imported, imported_rows = _logged(report.batch_id), _stored(report.batch_id)
    assert models.Person.get(models.Person.name == "林一").name_pinyin == "linyi"

    changelog.revert(report.batch_id, "undo import")
    assert snapshot() == before
    forms = _through_the_forms(units)
    assert imported == _logged(forms)
    assert imported_rows == _stored(forms)
    changelog.revert(forms, "undo forms")
    assert snapshot() == before


def test_a_later_row_of_the_same_person_meets_the_bulk_rows_written(units, tmp_path):
    name, id_number, mobile, field, _street = PEOPLE[0]
    path = _workbook(tmp_path / "twice.xlsx", [*PEOPLE[:2], (name, id_number, mobile, field,
                                                             "临江街道")])
    book = openpyxl.load_workbook(path)
    book.active.cell(4, 9).value = "市级"  # the same person's municipal appointment
    book.save(path)
    report = importing.run_import("commissioners", path).detail
    assert report.summary_line() == "added=3 updated=0 unchanged=0 rejected=0"
    person = models.Person.get(models.Person.id_number == id_number)
    commissioner = models.Commissioner.get(models.Commissioner.person == person.id)
    held = {a.level: a.street_names for a in cs.appointments_of(commissioner.id)}
    assert held == {"provincial": ("海滨街道",), "municipal": ("临江街道",)}
    again = importing.run_import("commissioners", path).detail
    assert again.summary_line() == "added=0 updated=0 unchanged=3 rejected=0"


def test_rows_that_share_an_appointment_each_get_their_own(units, tmp_path, monkeypatch):
    """The first row names a served organization the register lacks (the per-row path creates
    it); the rows after it, with the same appointment cells, take the bulk path all the same."""
    bulk = []
    monkeypatch.setattr(changelog, "insert_many", lambda records, real=changelog.insert_many: (
        bulk.append((type(records[0]).__name__ if records else "", len(records))),
        real(records)))
    path = _workbook(tmp_path / "shared.xlsx", PEOPLE)
    book = openpyxl.load_workbook(path)
    for row in (2, 3, 4):
        book.active.cell(row, 14).value = "泉州新服务企业"
        book.active.cell(row, 15).value = "海滨街道"
    book.save(path)
    report = importing.run_import("commissioners", path).detail
    assert report.summary_line() == "added=3 updated=0 unchanged=0 rejected=0"
    assert report.organizations_created == ("泉州新服务企业",)
    assert ("Person", 2) in bulk and ("ServedObject", 2) in bulk
    a = models.Appointment
    held = list(a.select().join(models.Commissioner).join(models.Person)
                .where(models.Person.name.in_([p[0] for p in PEOPLE])))
    assert len({x.id for x in held}) == 3
    for appointment in held:
        data = next(x for x in cs.appointments_of(appointment.commissioner_id)
                    if x.id == appointment.id)
        assert [s.organization_name for s in data.served] == ["泉州新服务企业"]
        assert data.street_names == ("海滨街道",)


def test_a_mobile_typed_with_dashes_finds_the_person_it_belongs_to(units, tmp_path):
    with changelog.batch("forms"):
        known = people.save_person(people.PersonData(name="林一", mobile="13900000001")).id
    path = _workbook(tmp_path / "dashes.xlsx", [("林一", None, "+86 139-0000-0001", "电子信息",
                                                 "海滨街道")])
    report = importing.run_import("commissioners", path).detail
    assert report.summary_line() == "added=1 updated=0 unchanged=0 rejected=0"
    assert [p.id for p in models.Person.select().where(models.Person.name == "林一")] == [known]
    assert models.Commissioner.get().person_id == known
