"""Merging duplicates moves every kind of linked record and undoes as one; duplicates are found;
the audit lists batches by date, table and kind."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlsplit

from app.core import settings
from app.history import audit, record_merge
from app.register import duplicate_search, people
from db import changelog, models
from tests.app.registry_helpers import other_computer
from tests.conftest import on_postgresql
from tests.exchange.conftest import resident_id

M = models


def _snapshot() -> dict:
    """Every live row's foreign keys and owners, to compare before and after. On PostgreSQL by
    uuid: a record that undo puts back gets a new id there (a sequence never gives one twice)."""
    uuids = {m: dict(m.select(m.id, m.uuid).tuples()) for m in M.EDITABLE_MODELS}
    found = {}
    for model in M.EDITABLE_MODELS:
        for row in model.select().dicts():
            row = {k: v for k, v in row.items() if k not in ("updated_at",)}
            if on_postgresql():
                del row["id"]
                for field in model._meta.refs:
                    row[field.name] = uuids.get(field.rel_model, {}).get(row[field.name],
                                                                         row[field.name])
            found[(model._meta.table_name, row["uuid"])] = row
    return found


def _linked_register():
    """Two records of one organization, one person and one commissioner, each linked by every
    kind of record that can point at it."""
    with changelog.batch("fixture"):
        street = M.Dictionary.get(M.Dictionary.kind == "street")
        org_a = M.Organization.create(name="泉州清源茶业有限公司", street=street)
        org_b = M.Organization.create(name="泉州清源茶业有限公司 ", contact_phone="22345678")
        keep = M.Person.create(name="张三", employer=org_a, mobile="13905951234")
        other = M.Person.create(name="张三", employer=org_b, id_number=resident_id(date(1975, 6, 1)),
                                email="z3@example.com")
        c_keep = M.Commissioner.create(kind="individual", person=keep)
        c_other = M.Commissioner.create(kind="individual", person=other)
        team = M.Commissioner.create(kind="team", team_name="茶业团队")
        M.TeamMember.create(commissioner=team, person=other, role="leader")
        appointment = M.Appointment.create(commissioner=c_other, level="municipal", year=2024)
        M.ServedObject.create(appointment=appointment, organization=org_b)
        demand = M.Demand.create(number="XQ-2025-0001", title="工艺", organization=org_b)
        M.Claim.create(demand=demand, commissioner=c_other, claimed_on=date(2025, 3, 1))
        log = M.ServiceLog.create(date=date(2025, 3, 2), organization=org_b)
        M.ServiceLogCommissioner.create(service_log=log, commissioner=c_other)
        event = M.Event.create(kind="salon", title="人才沙龙", starts_at=date(2025, 4, 1))
        M.Participant.create(event=event, commissioner=c_other, status="attended")
        M.Participant.create(event=event, person=other, organization=org_b)
        station = M.Workstation.create(name="茶业工作站", level="municipal", host=org_b, head=other)
        M.WorkstationMember.create(workstation=station, commissioner=c_other)
        M.Attachment.create(owner_table="commissioner", owner_uuid=c_other.uuid, file_name="a.jpg",
                            content_hash="0" * 64, size=1)
    return org_a, org_b, keep, other, c_keep, c_other


def test_merge_moves_every_link_then_undo_restores_all():
    org_a, org_b, keep, other, c_keep, c_other = _linked_register()
    before = _snapshot()

    preview = record_merge.preview("commissioner", c_keep.id, c_other.id)
    assert dict(preview.links) == {"Appointment": 1, "Claim": 1, "Commissioner of a service log": 1,
                                   "Participant": 1, "Resident commissioner": 1, "Attachment": 1}
    merged = record_merge.merge("commissioner", c_keep.id, c_other.id)
    assert merged.detail == 6
    for model, field in ((M.Appointment, "commissioner"), (M.Claim, "commissioner"),
                         (M.ServiceLogCommissioner, "commissioner"), (M.Participant, "commissioner"),
                         (M.WorkstationMember, "commissioner")):
        assert {getattr(r, field + "_id") for r in model.select()
                if getattr(r, field + "_id") is not None} == {c_keep.id}, model
    assert M.Attachment.get().owner_uuid == c_keep.uuid
    assert M.Commissioner.get_by_id(c_other.id).deleted_at is not None

    merged_person = record_merge.merge("person", keep.id, other.id, {"id_number", "email"})
    kept = people.get_person(keep.id)
    assert (kept.id_number, kept.email, kept.mobile) == (
        resident_id(date(1975, 6, 1)), "z3@example.com", "13905951234")
    assert M.TeamMember.get().person_id == keep.id
    assert M.Participant.get(M.Participant.person.is_null(False)).person_id == keep.id
    assert M.Workstation.get().head_id == keep.id
    assert M.Person.get_by_id(other.id).id_number is None

    record_merge.merge("organization", org_a.id, org_b.id, {"contact_phone"})
    for model, field in ((M.Person, "employer"), (M.ServedObject, "organization"),
                         (M.Demand, "organization"), (M.ServiceLog, "organization"),
                         (M.Participant, "organization"), (M.Workstation, "host")):
        values = {getattr(r, field + "_id") for r in model.live()} - {None}
        assert values == {org_a.id}, model
    assert M.Organization.get_by_id(org_a.id).contact_phone == "22345678"

    for batch in (audit.batches(audit.AuditFilter(kind="merge"))):
        audit.undo_batch(batch.id)  # newest first
    after = {k: {f: v for f, v in row.items()} for k, row in _snapshot().items()}
    assert after == before
    assert merged_person.batch_id != merged.batch_id


def test_finds_duplicates_by_number_pinyin_and_similar_names():
    with changelog.batch("fixture"):
        unit = M.Organization.create(name="华侨大学")
        M.Organization.create(name="泉州市清源茶业有限公司")
        M.Organization.create(name="泉州清源茶业有限公司")
        M.Organization.create(name="泉州鼎信电子科技有限公司")
        M.Person.create(name="张伟", employer=unit)
        M.Person.create(name="张玮", employer=unit)
        M.Person.create(name="李四", mobile="13800000001")
        M.Person.create(name="李 四", mobile="13800000001")
        M.Person.create(name="王五", employer=unit)
    found = {(p.first_name, p.second_name, p.reason) for p in duplicate_search.find("person")}
    assert found == {("张伟", "张玮", "pinyin"), ("李四", "李 四", "name_mobile")}
    organizations = duplicate_search.find("organization")
    assert [(p.first_name, p.second_name) for p in organizations] == [
        ("泉州市清源茶业有限公司", "泉州清源茶业有限公司")]


def test_audit_filters_by_table_kind_and_date():
    people.save_organization(people.OrganizationData(name="审计单位"))
    people.save_person(people.PersonData(name="审计人"))
    everything = audit.batches()
    assert [b.label for b in everything[:2]] == ["Save person 审计人", "Save organization 审计单位"]
    only_people = audit.batches(audit.AuditFilter(table="person"))
    assert [b.label for b in only_people] == ["Save person 审计人"]
    assert audit.batches(audit.AuditFilter(since=date(2000, 1, 1), until=date(2000, 1, 2))) == []
    today = audit.batches(audit.AuditFilter(since=date.today(), until=date.today()))
    assert len(today) == len(everything)
    rows = audit.changes(only_people[0].id)
    assert ("Person", "created", "Name", "", "审计人") in {
        (r.table, r.op, r.field, r.old, r.new) for r in rows}
    audit.undo_batch(only_people[0].id)
    assert not M.Person.select().exists()
    assert audit.batches(audit.AuditFilter(table="person"))[1].undone


def test_audit_filters_by_computer_and_database_user(database):
    people.save_person(people.PersonData(name="本机人"))
    with other_computer("李科员"):
        people.save_person(people.PersonData(name="李科员录入"))
    mine = settings.device()
    assert audit.device_choices() == sorted([(mine["id"], mine["name"]),
                                             ("the-other-computer", "李科员")], key=lambda p: p[1])
    theirs = audit.batches(audit.AuditFilter(device_id="the-other-computer"))
    assert [b.label for b in theirs] == ["Save person 李科员录入"]
    assert [b.label for b in audit.batches(audit.AuditFilter(device_id=mine["id"]))] == [
        "Save person 本机人"]
    if on_postgresql():  # the server records who signed in; SQLite has no users
        user = urlsplit(database.target).username
        assert audit.user_choices() == [user]
        assert {b.db_user for b in audit.batches(audit.AuditFilter(db_user=user))} == {user}
        assert len(audit.batches(audit.AuditFilter(db_user=user))) == len(audit.batches())
    else:
        assert audit.user_choices() == []
        assert {b.db_user for b in audit.batches()} == {""}


def test_purge_deletes_for_good_with_links_and_undoes():
    from app.core.errors import UserError
    from app.history import purge, recycle

    with changelog.batch("fixture"):
        org = M.Organization.create(name="清理单位")
        person = M.Person.create(name="清理人", employer=org)
        c = M.Commissioner.create(kind="individual", person=person)
        appointment = M.Appointment.create(commissioner=c, level="municipal", year=2024)
        M.ServedObject.create(appointment=appointment, organization=org)
        M.Attachment.create(owner_table="commissioner", owner_uuid=c.uuid, file_name="a.jpg",
                            content_hash="0" * 64, size=1)
    before = _snapshot()
    try:
        purge.purge("commissioner", c.id)
    except UserError:
        pass
    else:
        raise AssertionError("a live commissioner was purged")
    recycle.delete("commissioner", [c.id])
    try:
        purge.purge("organization", org.id)
    except UserError:
        pass
    else:
        raise AssertionError("an organization still in use was purged")
    purge.purge("commissioner", c.id)
    assert not M.Commissioner.select().exists() and not M.Appointment.select().exists()
    assert not M.ServedObject.select().exists() and not M.Attachment.select().exists()
    assert M.Person.get_by_id(person.id).deleted_at is None
    for batch in audit.batches()[:2]:
        audit.undo_batch(batch.id)
    assert _snapshot() == before
