from datetime import date
from decimal import Decimal

import pytest

from db import changelog, models
from db.changelog import NoBatchError
from tests.conftest import on_postgresql


def rows(batch_id):
    return list(
        models.ChangeLog.select()
        .where(models.ChangeLog.batch == batch_id)
        .order_by(models.ChangeLog.id)
        .tuples()
        .select(models.ChangeLog.table, models.ChangeLog.op, models.ChangeLog.field,
                models.ChangeLog.old, models.ChangeLog.new)
    )


def snapshot(by_uuid=False):
    """Every row of every editable table; ``updated_at`` moves with any write, undo included.
    ``by_uuid``: records and their foreign keys as uuids, not ids."""
    uuids = {m: dict(m.select(m.id, m.uuid).tuples()) for m in models.EDITABLE_MODELS}

    def row(fields, values):
        return tuple(uuids[target].get(v, v) if (target := getattr(f, "rel_model", None)) in uuids
                     else v for f, v in zip(fields, values, strict=True))

    snap = {}
    for model in models.EDITABLE_MODELS:
        fields = [f for f in model._meta.sorted_fields
                  if f.name != "updated_at" and not (by_uuid and f.name == "id")]
        snap[model._meta.table_name] = sorted(row(fields, r) if by_uuid else r
                                              for r in model.select(*fields).tuples())
    return snap


def make_person(name="张伟", mobile="13800138000"):
    with changelog.batch("add person") as batch:
        org = models.Organization(name="泉州海天材料科技股份有限公司")
        org.save()
        person = models.Person(name=name, mobile=mobile, employer=org, birth_date=date(1980, 5, 1))
        person.save()
    return batch, org, person


def test_insert_logs_each_set_field_with_foreign_keys_as_uuids():
    batch, org, person = make_person()
    logged = rows(batch.id)
    assert ("person", "insert", "name", None, "张伟") in logged
    assert ("person", "insert", "employer", None, org.uuid) in logged
    assert ("person", "insert", "birth_date", None, "1980-05-01") in logged
    assert ("organization", "insert", "name", None, "泉州海天材料科技股份有限公司") in logged
    # derived search keys and bookkeeping columns are not history
    assert not [r for r in logged if r[2] in ("name_pinyin", "uuid", "created_at", "updated_at")]
    assert person.name_initials == "zw" and person.name_pinyin == "zhangwei"


def test_update_logs_only_changed_fields_and_skips_a_no_op():
    _batch, _org, person = make_person()
    with changelog.batch("edit phone") as edit:
        person.mobile = "13900139000"
        person.notes = ""  # unchanged
        person.save()
    assert rows(edit.id) == [("person", "update", "mobile", "13800138000", "13900139000")]
    with changelog.batch("nothing") as nothing:
        person.save()
    assert not models.ChangeBatch.select().where(models.ChangeBatch.id == nothing.id).exists()


def test_soft_delete_and_restore_are_logged_as_such():
    _batch, _org, person = make_person()
    with changelog.batch("delete") as deleting:
        person.soft_delete()
    [(table, op, field, old, new)] = rows(deleting.id)
    assert (table, op, field, old) == ("person", "delete", "deleted_at", None)
    assert new is not None
    assert person.id not in [p.id for p in models.Person.live()]
    with changelog.batch("restore") as restoring:
        person.restore()
    assert rows(restoring.id)[0][1] == "restore"


def test_writes_outside_a_batch_are_refused():
    with pytest.raises(NoBatchError):
        models.Organization(name="无批次单位").save()
    assert models.Organization.select().count() == 0


def test_failed_transaction_leaves_neither_data_nor_log():
    before_batches = models.ChangeBatch.select().count()
    with pytest.raises(RuntimeError), changelog.batch("will fail"):
        models.Organization(name="回滚单位").save()
        raise RuntimeError("boom")
    assert models.Organization.select().count() == 0
    assert models.ChangeLog.select().count() == 0
    assert models.ChangeBatch.select().count() == before_batches


def test_constraint_failure_rolls_back_the_whole_batch():
    make_person(mobile="13800000001")
    before = snapshot()
    log_rows = models.ChangeLog.select().count()
    with pytest.raises(Exception), changelog.batch("duplicate id"):  # noqa: B017
        models.Person(name="甲", id_number="350502198001011234").save()
        models.Person(name="乙", id_number="350502198001011234").save()
    assert snapshot() == before
    assert models.ChangeLog.select().count() == log_rows


def test_revert_undoes_a_batch_and_revert_of_revert_redoes_it():
    make_person()
    before = snapshot()
    with changelog.batch("mixed action") as action:
        person = models.Person.get()
        person.mobile = "13700137000"
        person.save()
        org = models.Organization(name="新单位")
        org.save()
        person.employer = org
        person.save()
        models.Organization.get(models.Organization.name == "泉州海天材料科技股份有限公司").soft_delete()
        commissioner = models.Commissioner(kind="individual", person=person)
        commissioner.save()
        models.Appointment(commissioner=commissioner, level="municipal", year=2025,
                           term_start=date(2025, 1, 1), term_end=date(2027, 12, 31)).save()
    after, after_by_uuid = snapshot(), snapshot(by_uuid=True)
    undo = changelog.revert(action.id, "undo")
    assert snapshot() == before
    changelog.revert(undo, "redo")
    # Redo re-creates the same records: same uuids, values and creation times, and on SQLite the
    # same ids (a PostgreSQL sequence never gives out an id twice, so there they are new).
    assert snapshot(by_uuid=True) == after_by_uuid
    if not on_postgresql():
        assert snapshot() == after


def test_values_round_trip_through_the_log():
    with changelog.batch("log") as batch:
        org = models.Organization(name="单位")
        org.save()
        demand = models.Demand(number="XQ-2025-0001", title="工艺改进", organization=org,
                               budget=Decimal("12.50"), published_on=date(2025, 3, 1))
        demand.save()
    undo = changelog.revert(batch.id, "undo")
    assert models.Demand.select().count() == 0
    changelog.revert(undo, "redo")
    again = models.Demand.get()
    assert (again.budget, again.published_on, again.organization.name) == (
        Decimal("12.50"), date(2025, 3, 1), "单位")


def test_history_reads_a_record_oldest_first():
    _batch, _org, person = make_person()
    with changelog.batch("edit"):
        person.mobile = "13900000000"
        person.save()
    history = changelog.history("person", person.uuid)
    assert history[0].op == "insert"
    assert (history[-1].field, history[-1].old, history[-1].new) == (
        "mobile", "13800138000", "13900000000")


def test_a_rename_updates_the_derived_search_keys():
    """Pinyin keys are not history, yet they follow the name they come from."""
    with changelog.batch("add"):
        person = models.Person.create(name="张伟")
    with changelog.batch("rename"):
        person.name = "李娜"
        person.save()
    stored = models.Person.get_by_id(person.id)
    assert (stored.name_pinyin, stored.name_initials) == ("lina", "ln")
    assert {row.field for row in models.ChangeLog.select()
            .where(models.ChangeLog.op == "update")} == {"name"}
