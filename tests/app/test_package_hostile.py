"""Field packages damaged by bad luck or made by a hostile hand: refused with a reason, read
exactly, or merged without what the forms would refuse; never a hang, a crash or a bad value in
the office database."""

import sqlite3
import subprocess
import sys
from contextlib import closing

import pytest

from app import session
from app.exchange import merge
from app.exchange.package import PackageError, export_package, read_package
from tests.fieldwork import office_edits_the_same_phone, snapshot, work_at_the_event
from tests.test_cli import main_py


@pytest.fixture
def worked_package(office, tmp_path):
    package = tmp_path / "worked.cdpkg"
    export_package(package)
    office_edits_the_same_phone(office)
    work_at_the_event(package, office)
    return package


def test_bit_flips_in_a_created_at_are_refused_by_the_checksum(worked_package, tmp_path):
    """A damaged ``created_at`` of a record new on the laptop is read by the merge only, never
    by the replay check: each flip that keeps it a date would be merged, the others crashed the
    real merge (``minute must be in 0..59``) after a clean dry run."""
    with closing(sqlite3.connect(worked_package)) as raw:
        [(created_at,)] = raw.execute("SELECT created_at FROM person WHERE name = '新来宾'")
    original = worked_package.read_bytes()
    start = original.index(created_at.encode())
    assert original.count(created_at.encode()) == 1
    before = snapshot()
    damaged = tmp_path / "damaged.cdpkg"
    for offset in range(start, start + len(created_at)):
        for bit in range(4):
            flipped = bytearray(original)
            flipped[offset] ^= 1 << bit
            damaged.write_bytes(bytes(flipped))
            with pytest.raises(PackageError, match="does not match its checksum"):
                merge.apply_merge(read_package(damaged))
    assert snapshot() == before


def test_a_view_in_place_of_the_change_log_is_refused_not_run(office, tmp_path):
    package = tmp_path / "p.cdpkg"
    export_package(package)
    with closing(sqlite3.connect(package)) as raw, raw:
        raw.execute("DROP TABLE change_log")
        raw.execute('CREATE VIEW change_log ("id", "table", "record_uuid", "op", "field", "old", '
                    '"new") AS WITH RECURSIVE forever(n) AS (SELECT 1 UNION ALL SELECT n + 1 '
                    "FROM forever) SELECT n, 'person', 'x', 'insert', NULL, NULL, NULL "
                    "FROM forever WHERE n < 0")
    session.close_session()
    try:
        dry = main_py("package", "import", package, "--dry-run", "--db", office["path"],
                      "--lang", "en", timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail("the dry run ran the package's view and never ended")
    assert dry.returncode == 1
    assert dry.stderr.strip() == ("main.py: This file holds tables, views or triggers that this "
                                  "program does not make; it is not read.")


@pytest.mark.parametrize("kind", ["trigger", "virtual table"])
def test_other_objects_this_program_does_not_make_are_refused(office, tmp_path, kind):
    package = tmp_path / "p.cdpkg"
    export_package(package)
    with closing(sqlite3.connect(package)) as raw, raw:
        if kind == "trigger":
            raw.execute("CREATE TRIGGER evil AFTER UPDATE ON person BEGIN DELETE FROM event; END")
        else:
            raw.execute("DROP TABLE package_base")
            raw.execute('CREATE VIRTUAL TABLE package_base USING fts5("table", "record_uuid", '
                        '"data")')
    with pytest.raises(PackageError, match="does not make"):
        read_package(package)


CRASH_MID_WRITE = """
import os, sqlite3, sys
raw = sqlite3.connect(sys.argv[1], isolation_level=None)
raw.execute("PRAGMA cache_size = 1")  # the changed pages go to the file before the commit
raw.execute("BEGIN")
raw.execute("UPDATE participant SET status = 'attended', checked_in_by = hex(randomblob(400))")
raw.execute("UPDATE package_base SET data = data || hex(randomblob(300))")
os._exit(0)  # the power fails: the file half written, its journal hot
"""


def test_a_package_with_a_hot_journal_is_rolled_back_on_a_copy(office, tmp_path):
    package = tmp_path / "p.cdpkg"
    export_package(package)
    expected = read_package(package)
    subprocess.run([sys.executable, "-c", CRASH_MID_WRITE, str(package)], check=True)
    journal = package.with_name(package.name + "-journal")
    assert journal.stat().st_size > 0
    left = {p: p.read_bytes() for p in (package, journal)}

    loaded = read_package(package)

    assert (loaded.manifest, loaded.base, loaded.current) == (
        expected.manifest, expected.base, expected.current)
    assert {p: p.read_bytes() for p in left} == left, "the file and its journal are left as found"
