"""Backups: made with the online backup API, checked, pruned; restore gives back the exact data."""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import subprocess
import sys
import time
from datetime import date, datetime
from pathlib import Path

import pytest

from app.core import settings
from app.core.errors import UserError
from app.data import backup, session
from app.register import people
from db import models, writer_lock
from db.database import sqlite_path
from tests.conftest import REPO
from tests.exchange.conftest import write_big_workbook


def _dump(path: Path) -> list[str]:
    """Every row of the register's tables, as SQL text."""
    with sqlite3.connect(path) as connection:
        return [line for line in connection.iterdump()
                if line.startswith('INSERT INTO "') and '"change_' not in line
                and '"sqlite_stat' not in line]  # the planner's statistics, renewed on close


@pytest.mark.sqlite_only("the program's backups copy a database file; a server's are pg_dump's (README)")
def test_backup_change_restore_gives_back_the_exact_data(demo, tmp_path):
    before = _dump(sqlite_path())
    made = backup.backup_now()
    assert made.path.parent == sqlite_path().parent / "backups"
    assert _dump(made.path) == before
    assert sorted(p.name for p in made.path.parent.iterdir()) == [
        made.path.name, made.path.name + ".sha256"]

    person = people.get_person(models.Person.select().first().id)
    people.save_person(people.PersonData(**{**vars(person), "mobile": "13999999999"}),
                       allow_similar=True)
    people.save_organization(people.OrganizationData(name="备份之后新建的单位"))
    changed = _dump(sqlite_path())
    assert changed != before

    safety = backup.restore(made.path)
    assert _dump(sqlite_path()) == before
    assert models.Setting.raw("PRAGMA journal_mode").tuples()[0][0] == "wal"
    assert safety.reason == "before-restore" and _dump(safety.path) == changed
    assert not models.Organization.select().where(
        models.Organization.name == "备份之后新建的单位").exists()


@pytest.mark.sqlite_only("the program's backups copy a database file; a server's are pg_dump's (README)")
def test_restore_refuses_what_is_not_a_backup(tmp_path):
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(UserError):
        backup.restore(other)
    with pytest.raises(UserError):
        backup.restore(tmp_path / "missing.db")


@pytest.mark.sqlite_only("the program's backups copy a database file; a server's are pg_dump's (README)")
def test_prune_keeps_the_last_n_and_one_per_month(tmp_path):
    settings.put("backup_count", 3)
    where = tmp_path / "b"
    where.mkdir()
    stamps = [datetime(2025, m, d, 12) for m in range(1, 13) for d in (3, 17)]
    stamps += [datetime(2024, 6, 1, 9), datetime(2026, 1, 5, 8), datetime(2026, 1, 6, 8)]
    for at in stamps:
        (where / f"commissioners-{at:%Y%m%d-%H%M%S}.db").write_bytes(b"x")
    backup.prune(where, today=date(2026, 1, 6))
    kept = sorted(b.at for b in backup.backups(where))
    newest_of_month = [datetime(2025, m, 17, 12) for m in range(2, 13)]
    # the last three are 6 and 5 January and 17 December; January 2025 is a year old
    assert kept == sorted({*newest_of_month, datetime(2026, 1, 5, 8), datetime(2026, 1, 6, 8)})


@pytest.mark.sqlite_only("the program's backups copy a database file; a server's are pg_dump's (README)")
def test_automatic_backup_once_a_day_on_start_and_always_on_exit():
    assert backup.automatic("auto") is not None
    assert backup.automatic("auto") is None
    assert backup.automatic("exit").reason == "exit"
    assert sorted(b.reason for b in backup.backups()) == ["auto", "exit"]


def test_network_mounts_are_recognised(tmp_path):
    mounts = tmp_path / "mounts"
    mounts.write_text("/dev/sda1 / ext4 rw 0 0\n"
                      "//server/share /mnt/office cifs rw 0 0\n"
                      "nas:/export /mnt/office/nfs nfs4 rw 0 0\n")
    assert backup._network_mount(Path("/home/me/db.db"), mounts) is None
    assert backup._network_mount(Path("/mnt/office/a.db"), mounts) == "//server/share (cifs)"
    assert backup._network_mount(Path("/mnt/office/nfs/a.db"), mounts) == "nas:/export (nfs4)"
    assert backup.network_share(r"\\server\share\commissioners.db")


def _everything(path: Path) -> list[str]:
    """The whole database as SQL text: every table, index, trigger and row (but the planner's
    statistics, renewed whenever the program closes the database)."""
    with sqlite3.connect(path) as connection:
        lines = [line for line in connection.iterdump() if '"sqlite_stat' not in line]
    connection.close()
    return lines


@pytest.mark.sqlite_only("the program's backups copy a database file; a server's are pg_dump's (README)")
def test_a_backup_with_any_bit_flipped_is_refused_or_restores_exactly(office, tmp_path):
    original = _everything(sqlite_path())
    made = backup.backup_now()
    size = made.path.stat().st_size
    rng = random.Random(17)
    # bits spread over the whole file (header, schema, tables, indexes, search index) and some
    # in the checksum beside it
    flips = [(made.path, rng.randrange(size * 8)) for _ in range(60)]
    flips += [(backup.checksum_file(made.path), rng.randrange(64 * 8)) for _ in range(5)]
    outcomes = []
    for which, bit in flips:
        copy = tmp_path / "flipped" / made.path.name
        copy.parent.mkdir(exist_ok=True)
        shutil.copyfile(made.path, copy)
        shutil.copyfile(backup.checksum_file(made.path), backup.checksum_file(copy))
        damaged = copy if which == made.path else backup.checksum_file(copy)
        data = bytearray(damaged.read_bytes())
        data[bit // 8] ^= 1 << (bit % 8)
        damaged.write_bytes(bytes(data))
        try:
            backup.restore(copy)
        except UserError:
            outcomes.append("refused")
            continue
        outcomes.append("restored")
        assert _everything(sqlite_path()) == original, (which.name, bit)
    assert outcomes.count("refused") == len(flips)
    backup.restore(made.path)  # the intact backup itself restores exactly
    assert _everything(sqlite_path()) == original


@pytest.mark.sqlite_only("the program's backups copy a database file; a server's are pg_dump's (README)")
def test_restore_refuses_a_field_package_and_restores_any_page_size(office, tmp_path):
    from app.exchange import package

    event = models.Event.select().first()
    field = tmp_path / "field.cdpkg"
    package.export_package(field, [str(event.id)])
    with pytest.raises(UserError, match="is not a backup of this program"):
        backup.restore(field)

    original = _everything(sqlite_path())
    big_pages = tmp_path / "pages-8192.db"
    with sqlite3.connect(big_pages) as copy:
        with sqlite3.connect(sqlite_path()) as live:
            live.backup(copy)
        live.close()
        copy.execute("PRAGMA journal_mode = DELETE")
        copy.execute("PRAGMA page_size = 8192")
        copy.execute("VACUUM")
        assert copy.execute("PRAGMA page_size").fetchone()[0] == 8192
    copy.close()
    people.save_organization(people.OrganizationData(name="恢复之前新建的单位"))
    backup.restore(big_pages)
    assert sorted(_everything(sqlite_path())) == sorted(original)  # VACUUM reorders the schema


@pytest.mark.sqlite_only("the program's backups copy a database file; a server's are pg_dump's (README)")
def test_interrupted_backups_leave_no_partial_files_behind():
    first = backup.backup_now()
    killed = first.path.with_name("test-20250101-000000.partial")  # what a killed backup left
    killed.write_bytes(b"\0" * 4096)
    orphan = first.path.with_name("test-20250101-000000.db.sha256")
    orphan.write_text("0" * 64 + "  test-20250101-000000.db\n")
    assert backup.automatic("exit") is not None
    names = sorted(path.name for path in first.path.parent.iterdir())
    assert not [name for name in names if name.endswith(".partial")]
    assert orphan.name not in names
    assert all(name[:-len(".sha256")] in names for name in names if name.endswith(".sha256"))


@pytest.mark.sqlite_only("the program's backups copy a database file; a server's are pg_dump's (README)")
def test_restore_over_a_damaged_database_moves_it_aside(office):
    made = backup.backup_now()
    original = _everything(sqlite_path())
    path = sqlite_path()
    session.close_session()
    with path.open("r+b") as file:  # pages of the register overwritten: a malformed database
        file.seek(4096 * 3)
        file.write(b"\xff" * 4096 * 4)
    with pytest.raises(UserError, match="The database file is damaged"):
        session.open_session(path)
    kept = backup.restore(made.path, path)
    assert kept.reason == "damaged" and kept.path.name.startswith(path.name + ".damaged-")
    assert _everything(path) == original
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    connection.close()
    assert not writer_lock.holds(path)
    session.open_session(path)


def _main_py(*args) -> subprocess.Popen:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.Popen([sys.executable, str(REPO / "main.py"), *map(str, args)], cwd=REPO,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _people(path: Path) -> int:
    with sqlite3.connect(path) as connection:
        count = connection.execute("SELECT COUNT(*) FROM person").fetchone()[0]
    connection.close()
    return count


@pytest.mark.sqlite_only("the program's backups copy a database file; a server's are pg_dump's (README)")
def test_a_restore_started_during_an_import_never_loses_the_import(database, tmp_path):
    rows = 3000
    workbook = write_big_workbook(tmp_path / "big.xlsx", rows)
    made = backup.backup_now()
    path = sqlite_path()
    session.close_session()
    importing = _main_py("import", "commissioners", workbook, "--db", path, "--lang", "en")
    deadline = time.monotonic() + 60
    while writer_lock.holder(path).get("pid") != importing.pid:
        assert importing.poll() is None and time.monotonic() < deadline, importing.stderr.read()
        time.sleep(0.05)
    restoring = _main_py("restore", made.path, "--db", path, "--lang", "en")
    _out, restore_err = restoring.communicate(timeout=120)
    import_out, import_err = importing.communicate(timeout=300)
    assert importing.returncode == 0, import_err
    assert import_out.splitlines()[0] == f"added={rows} updated=0 unchanged=0 rejected=0"
    if restoring.returncode == 0:  # it waited: the import is in its safety copy
        safety = [b for b in backup.backups(made.path.parent) if b.reason == "before-restore"]
        assert _people(safety[0].path) == rows
    else:
        assert "The database is in use by Commissioner Desk (process " in restore_err
        assert _people(path) == rows
    session.open_session(path)


@pytest.mark.sqlite_only("the program's backups copy a database file; a server's are pg_dump's (README)")
def test_recover_salvages_the_readable_rows_of_a_damaged_database(demo, tmp_path):
    path = sqlite_path()
    people_before = models.Person.select().count()
    session.close_session()
    with path.open("r+b") as file:
        file.seek(4096 * 40)
        file.write(b"\xff" * 4096 * 3)
    out = tmp_path / "salvaged.db"
    counts = backup.recover(path, out)
    assert 0 < counts["person"] <= people_before
    assert counts["commissioner"] > 0 and counts["organization"] > 0
    session.open_session(out)
    assert models.Person.select().count() == counts["person"]
    assert session.is_empty() is False
    with sqlite3.connect(out) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    connection.close()
    with pytest.raises(UserError, match="exists already"):
        backup.recover(path, out)


@pytest.mark.postgresql_only
def test_a_server_database_is_not_copied_and_says_where_its_backups_come_from():
    assert backup.automatic("auto") is None and backup.automatic("exit") is None
    with pytest.raises(UserError, match="backed up on the server"):
        backup.backup_now()
