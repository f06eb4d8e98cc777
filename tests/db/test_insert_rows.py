"""``changelog.insert_rows``, the set-based path of many new records: the same records and the
same change-log rows as ``insert_many``, undone alike."""

import pytest

from app.history import undo
from db import changelog, models
from db.changelog import ChangeLog


def logged(batch_id: int, uuids: dict[str, str]) -> list[tuple]:
    """The batch's log rows as (record, field, old, new), the record by the order it was made."""
    return sorted((uuids[r.record_uuid], r.op, r.field, r.old, r.new)
                  for r in ChangeLog.select().where(ChangeLog.batch == batch_id)
                  if r.record_uuid in uuids)


def test_the_records_and_their_log_are_those_of_insert_many():
    with changelog.batch("setup"):
        org = models.Organization(name="泉州海天材料科技股份有限公司")
        org.save()
        station = models.Workstation(name="海天工作站", level="municipal", host=org)
        station.save()
    values = [(2025, station.id, "pass", ""), (2026, None, "", "备注'引号"), (2027, None, None, "x")]
    names = ("year", "workstation", "grade", "notes")
    with changelog.batch("one by one") as slow:
        made = [models.Assessment(**dict(zip(names, v, strict=True))) for v in values]
        changelog.insert_many(made)
    with changelog.batch("set-based") as fast:
        ids = changelog.insert_rows(models.Assessment, names, values)
    a = models.Assessment
    by_slow = {m.uuid: i for i, m in enumerate(made)}
    rows = {r.id: r for r in a.select().where(a.id.in_(ids))}
    by_fast = {rows[record].uuid: i for i, record in enumerate(ids)}
    assert logged(fast.id, by_fast) == logged(slow.id, by_slow)
    assert [(rows[i].year, rows[i].workstation_id, rows[i].grade, rows[i].notes,
             rows[i].deleted_at) for i in ids] == [
        (m.year, m.workstation_id, m.grade, m.notes, None) for m in made]
    assert all(rows[i].created_at and rows[i].updated_at for i in ids)
    assert undo.undo().touches("assessment")
    assert not a.select().where(a.id.in_(ids)).exists()


def test_a_field_the_log_cannot_read_from_the_database_is_refused():
    with changelog.batch("refused"), pytest.raises(TypeError):
        changelog.insert_rows(models.Organization, ("name", "high_tech"), [("某公司", True)])
