"""Field packages end to end: office → package → work at the event on the laptop → merge back."""

import json
import sqlite3
from contextlib import closing

import peewee
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.data import session
from app.exchange import merge
from app.exchange.package import PackageError, export_package, keep_checksum, read_package
from db import changelog, models
from tests.fieldwork import office_edits_the_same_phone, snapshot, work_at_the_event
from tests.test_cli import main_py


def test_package_round_trip(office, tmp_path):
    package = tmp_path / "沙龙.cdpkg"
    session.close_session()
    exported = main_py("package", "export", "--out", package, "--db", office["path"])
    assert exported.returncode == 0, exported.stderr
    assert exported.stdout.startswith(f"已生成现场采集包：{package}（活动 1 场，")
    session.open_session(office["path"])
    office_edits_the_same_phone(office)
    work_at_the_event(package, office)
    before = snapshot()

    with closing(sqlite3.connect(package)) as raw:
        exported_records = raw.execute('SELECT COUNT(*) FROM "package_base"').fetchone()[0]
        exported_events = raw.execute('SELECT "data" FROM "package_base" WHERE "table" = '
                                      "'event'").fetchall()
    assert models.Event.select().count() == 2
    assert len(exported_events) == 1 and "往期培训" not in str(exported_events)
    session.close_session()  # one program at a time holds the database
    dry = main_py("package", "import", package, "--dry-run", "--db", office["path"])
    session.open_session(office["path"])
    assert dry.returncode == 0, dry.stderr
    # new: one walk-in and their attendance, the outcome with its two parties, the service log
    # with its commissioner; updated: five check-ins; the phone both sides changed is a conflict;
    # the walk-in with a known mobile is a duplicate question (their attendance waits for it).
    assert dry.stdout.splitlines()[0] == (
        f"new=7 updated=5 conflicts=1 duplicates=1 unchanged={exported_records - 6} refused=0")
    assert snapshot() == before, "a dry run writes nothing"

    loaded = read_package(package)
    plan = merge.plan_merge(loaded)
    [conflict] = plan.conflicts
    assert (conflict.field, conflict.office, conflict.package) == ("mobile", "13600000001",
                                                                   "13700000001")
    [question] = plan.duplicates
    existing = models.Person.get_by_id(office["guests"][7])
    assert (question.existing_uuid, question.reason) == (existing.uuid, "mobile")
    decisions = merge.Decisions(fields={conflict.key: merge.PACKAGE},
                                duplicates={question.key: question.existing_uuid})
    result = merge.apply_merge(loaded, decisions).detail
    after = snapshot()

    # Every change is there...
    attended = models.Participant.select().where(models.Participant.status == "attended")
    assert attended.count() == 7
    assert models.Person.get(models.Person.name == "新来宾").walk_in
    assert not models.Person.select().where(models.Person.name == "来宾七").exists()
    assert existing.participations.where(models.Participant.walk_in).count() == 1
    assert models.Person.get_by_id(office["guests"][1]).mobile == "13700000001"
    assert models.Outcome.get().parties.count() == 2
    assert models.ServiceLog.get().content == "沙龙现场技术咨询"
    # ...and nothing else changed.
    changed = {(t, u) for t in after for u in after[t] if before[t].get(u) != after[t][u]}
    assert len(changed) == 7 + 1 + 5 + 1  # new, the walk-in's attendance, check-ins, the phone

    again = merge.apply_merge(read_package(package)).detail
    assert again.batch_id is None
    assert again.plan.summary_line().startswith("new=0 updated=0 conflicts=0 duplicates=0")
    assert snapshot() == after

    changelog.revert(result.batch_id, "undo merge")
    assert snapshot() == before


def test_cli_applies_what_has_no_question_and_exits_3(office, tmp_path):
    package = tmp_path / "p.cdpkg"
    export_package(package)
    office_edits_the_same_phone(office)
    work_at_the_event(package, office)
    session.close_session()
    applied = main_py("package", "import", package, "--db", office["path"], "--lang", "en")
    assert applied.returncode == 3, applied.stderr
    assert applied.stdout.splitlines()[0].startswith("new=7 updated=5 conflicts=1 duplicates=1")
    assert "questions remain" in applied.stdout
    session.open_session(office["path"])
    assert models.Person.get_by_id(office["guests"][1]).mobile == "13600000001"
    assert models.Participant.select().where(models.Participant.status == "attended").count() == 6
    left = merge.plan_merge(read_package(package))
    assert (len(left.new), len(left.updated), len(left.conflicts), len(left.duplicates)) == (
        0, 0, 1, 1)


def test_package_of_another_office_is_refused(office, tmp_path):
    package = tmp_path / "p.cdpkg"
    export_package(package)
    session.close_session()
    session.open_session(tmp_path / "other.db")
    with pytest.raises(PackageError, match="another database"):
        read_package(package)


def reseal(package):
    """What a forger who knows the format does after editing: the content checksum anew."""
    forged = peewee.SqliteDatabase(package)
    with forged.connection_context():
        keep_checksum(forged)


def test_hand_edited_package_is_refused(office, tmp_path):
    package = tmp_path / "p.cdpkg"
    export_package(package)
    with sqlite3.connect(package) as raw:
        raw.execute("UPDATE participant SET status = 'attended' WHERE id = 1")
    with pytest.raises(PackageError, match="changed outside this program"):
        read_package(package)
    reseal(package)  # a tool that knows the format: the change log still tells
    with pytest.raises(PackageError, match="not made by this program"):
        read_package(package)
    before = snapshot()
    with sqlite3.connect(package) as raw:
        raw.execute("UPDATE package_base SET data = '{}' WHERE id = 1")
    with pytest.raises(PackageError, match="altered after export"):
        read_package(package)
    assert snapshot() == before


@pytest.mark.sqlite_only("the office database given as a package must be a file")
def test_plain_database_and_other_files_are_refused(office, tmp_path):
    with pytest.raises(PackageError, match="not a field package"):
        read_package(office["path"])
    text = tmp_path / "note.cdpkg"
    text.write_text("not a database")
    with pytest.raises(PackageError, match="not a field package"):
        read_package(text)


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_damaged_packages_are_refused_never_crash_never_write(worked_package, tmp_path, data):
    original = worked_package.read_bytes()
    if data.draw(st.booleans(), label="truncate"):
        damaged = original[:data.draw(st.integers(0, len(original) - 1), label="length")]
    else:
        damaged = bytearray(original)
        for _flip in range(data.draw(st.integers(1, 4), label="flips")):
            offset = data.draw(st.integers(0, len(original) - 1), label="offset")
            damaged[offset] ^= data.draw(st.integers(1, 255), label="mask")
        damaged = bytes(damaged)
    target = tmp_path / "damaged.cdpkg"
    target.write_bytes(damaged)
    before = snapshot()
    reference = read_package(worked_package)
    try:
        loaded = read_package(target)
    except PackageError:
        pass
    else:
        # The damage missed everything the package says (free space, say): same content.
        assert (loaded.manifest, loaded.base, loaded.current) == (
            reference.manifest, reference.base, reference.current)
    assert snapshot() == before


def test_photos_taken_at_the_event_come_back_with_the_package(office, tmp_path):
    from app.activities import attachments

    laptop = tmp_path / "laptop"
    package = laptop / "p.cdpkg"
    export_package(package)
    photo = tmp_path / "现场照片.jpg"
    photo.write_bytes(b"\xff\xd8\xff" + bytes(range(256)) * 40)
    session.close_session()
    session.open_session(package)
    event = models.Event.get_by_id(office["event"])
    info = attachments.add("event", event.uuid, photo).detail
    session.close_session()
    session.open_session(office["path"])
    office_copy = attachments.stored_path(info.content_hash)
    assert not office_copy.exists()

    result = merge.apply_merge(read_package(package)).detail
    assert result.missing_files == ()
    assert office_copy.read_bytes() == photo.read_bytes()
    assert attachments.attachments_of("event", event.uuid)[0].file_name == "现场照片.jpg"


def test_a_file_name_in_a_package_cannot_leave_the_attachments_folder(office, tmp_path):
    package = tmp_path / "laptop" / "p.cdpkg"
    export_package(package)
    photo = tmp_path / "a.png"
    photo.write_bytes(b"\x89PNG" + b"0" * 100)
    session.close_session()
    session.open_session(package)
    from app.activities import attachments

    info = attachments.add("event", models.Event.get_by_id(office["event"]).uuid, photo).detail
    session.close_session()
    # A forged package, consistent with its own change log, that points outside the folder.
    with sqlite3.connect(package) as raw:
        raw.execute("UPDATE attachment SET content_hash = '../../../evil'")
        raw.execute("UPDATE change_log SET new = '../../../evil' WHERE new = ?",
                    (info.content_hash,))
    reseal(package)
    session.open_session(office["path"])
    with pytest.raises(PackageError, match="not a content hash"):
        read_package(package)


def test_reading_a_package_writes_nothing_beside_it(worked_package):
    before = {p.name: p.read_bytes() for p in worked_package.parent.iterdir() if p.is_file()}
    read_package(worked_package)
    assert {p.name: p.read_bytes() for p in worked_package.parent.iterdir() if p.is_file()} == before


def test_work_undone_on_the_laptop_comes_back_as_nothing(office, tmp_path):
    from app.activities import checkin
    from app.history import undo as history

    package = tmp_path / "p.cdpkg"
    export_package(package)
    session.close_session()
    session.open_session(package)
    checkin.walk_in(office["event"], "临时来宾", mobile="13911112222")
    history.undo()  # the walk-in and their attendance are purged, field by field in the log
    session.close_session()
    session.open_session(office["path"])
    loaded = read_package(package)
    assert loaded.laptop_changes > 0
    assert merge.plan_merge(loaded).summary_line().startswith(
        "new=0 updated=0 conflicts=0 duplicates=0")


def test_a_logged_old_value_the_snapshot_does_not_hold_is_refused(worked_package):
    with closing(sqlite3.connect(worked_package)) as raw, raw:
        raw.execute("UPDATE change_log SET old = 'registered' WHERE field = 'status'")
    reseal(worked_package)
    with pytest.raises(PackageError, match="not made by this program"):
        read_package(worked_package)


@pytest.mark.sqlite_only("the snapshot's SQL is SQLite's: it runs in the package file")
def test_the_snapshot_written_in_sql_is_the_record_the_reader_reads(worked_package):
    """The export's snapshot (records.record_json in SQLite) and RecordReader agree on every
    record of every table, so a record written back as it was compares equal."""
    from app.exchange.records import RecordReader, quote, record_json
    from db import database as dbmod

    reader = RecordReader(dbmod.database)
    for model in models.EDITABLE_MODELS:
        rows = dbmod.database.execute_sql(
            f"SELECT r.uuid, {record_json(model, 'r')} FROM {quote(model._meta.table_name)} AS r")
        assert {uuid: json.loads(data) for uuid, data in rows} == reader.read(model)


@pytest.mark.sqlite_only("compares the package's FTS5 triggers with the office file's")
def test_the_package_is_searchable_like_the_office(office, tmp_path):
    """The export copies without the search triggers and then derives and indexes the package's
    rows whole: its indexes agree with their content and its triggers are the office's."""
    from tests.db.test_search_index import INDEXES, search_triggers

    package = export_package(tmp_path / "p.cdpkg").path
    with closing(sqlite3.connect(package)) as raw:
        for index in INDEXES:
            raw.execute(f'INSERT INTO "{index}" ("{index}", rank) VALUES (\'integrity-check\', 1)')
        differs = " OR ".join(f'c."{name}" IS NOT d."{name}"'
                              for name in models.Commissioner.trigger_fields)
        assert raw.execute(f'SELECT COUNT(*) FROM "commissioner" c JOIN "commissioner_derived" d '
                           f'ON d."id" = c."id" WHERE {differs}').fetchone() == (0,)
        some, names = raw.execute('SELECT "id", "search_names" FROM "commissioner" '
                                  'WHERE "search_names" <> \'\' LIMIT 1').fetchone()
        assert (some,) in raw.execute('SELECT rowid FROM "commissioner_name_fts" WHERE '
                                      '"commissioner_name_fts" MATCH ?', (f'"{names[:3]}"',))
        triggers = {name for (name,) in raw.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    assert search_triggers() <= triggers
