"""A crash in the middle of an import leaves the database as it was, or with all of it.

A subprocess imports a large workbook and is killed with SIGKILL at random moments; after each kill
``main.py check`` passes and the register holds every row of the file or none.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from tests.conftest import REPO
from tests.exchange.conftest import write_big_workbook

ROWS = 100
KILLS = 20
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")


def _main_py(*args) -> subprocess.Popen:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.Popen([sys.executable, str(REPO / "main.py"), *map(str, args)], cwd=REPO,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.fixture(scope="module")
def big_workbook(tmp_path_factory):
    folder = tmp_path_factory.mktemp("crash")
    path = write_big_workbook(folder / "big.xlsx", ROWS)
    base = folder / "base.db"  # a new database, as opening (here: to back it up) creates it
    init = _main_py("backup", "--db", base, "--to", folder / "ignored")
    init.communicate(timeout=60)
    assert init.returncode == 0
    return path, base


def _count(db) -> tuple[int, int]:
    with sqlite3.connect(db) as connection:
        people = connection.execute("SELECT COUNT(*) FROM person").fetchone()[0]
        batches = connection.execute(
            "SELECT COUNT(*) FROM change_batch WHERE kind = 'import'").fetchone()[0]
    connection.close()
    return people, batches


def test_killed_imports_leave_all_or_nothing(big_workbook, tmp_path):
    workbook, base = big_workbook
    db = tmp_path / "crash.db"
    start = time.monotonic()
    shutil.copy(base, db)
    full = _main_py("import", "commissioners", workbook, "--db", db)
    out, err = full.communicate(timeout=120)
    duration = time.monotonic() - start
    assert full.returncode == 0, err
    assert out.splitlines()[0] == f"added={ROWS} updated=0 unchanged=0 rejected=0"
    assert _count(db) == (ROWS, 1)

    rng = random.Random(7)
    outcomes = []
    checking = None  # the check of the previous kill runs while the next import does

    def finish(check, killed_db) -> None:
        out, err = check.communicate(timeout=120)
        assert check.returncode == 0, out + err
        assert "Result: healthy" in out
        people, batches = _count(killed_db)
        assert (people, batches) in ((0, 0), (ROWS, 1)), (people, batches)
        outcomes.append(people == ROWS)

    for kill in range(KILLS):
        db = tmp_path / f"killed{kill}.db"
        shutil.copy(base, db)
        process = _main_py("import", "commissioners", workbook, "--db", db)
        time.sleep(rng.uniform(0.2, duration))
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=30)
        if checking is not None:
            finish(*checking)
        checking = (_main_py("check", "--db", db, "--lang", "en"), db)
    finish(*checking)
    assert len(outcomes) == KILLS
    assert not all(outcomes), "no kill landed before the commit"
