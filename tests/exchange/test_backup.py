"""Backups: made with the online backup API, checked, pruned; restore gives back the exact data."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from pathlib import Path

import pytest

from app import backup, settings
from app.errors import UserError
from app.registry import people
from db import models
from db.database import sqlite_path


def _dump(path: Path) -> list[str]:
    """Every row of the register's tables, as SQL text."""
    with sqlite3.connect(path) as connection:
        return [line for line in connection.iterdump()
                if line.startswith('INSERT INTO "') and '"change_' not in line]


@pytest.mark.sqlite_only("the program's backups copy a database file; a server's are pg_dump's (README)")
def test_backup_change_restore_gives_back_the_exact_data(demo, tmp_path):
    before = _dump(sqlite_path())
    made = backup.backup_now()
    assert made.path.parent == sqlite_path().parent / "backups"
    assert _dump(made.path) == before
    assert sorted(p.name for p in made.path.parent.iterdir()) == [made.path.name]

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


def test_restore_refuses_what_is_not_a_backup(tmp_path):
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(UserError):
        backup.restore(other)
    with pytest.raises(UserError):
        backup.restore(tmp_path / "missing.db")


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


@pytest.mark.postgresql_only
def test_a_server_database_is_not_copied_and_says_where_its_backups_come_from():
    assert backup.automatic("auto") is None and backup.automatic("exit") is None
    with pytest.raises(UserError, match="backed up on the server"):
        backup.backup_now()
