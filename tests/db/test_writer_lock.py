"""One writer process per database file: a second process beside the GUI never corrupts the
file nor loses a write, even after the GUI's process lost SQLite's own locks."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from app.core.errors import UserError
from app.data import session
from app.register import people
from db import writer_lock
from tests.test_cli import main_py


def _names(path: Path) -> set[str]:
    with sqlite3.connect(path) as connection:
        names = {name for (name,) in connection.execute('SELECT "name" FROM "organization"')}
    connection.close()
    return names


def _integrity(path: Path) -> list[str]:
    with sqlite3.connect(path) as connection:
        result = [row[0] for row in connection.execute("PRAGMA integrity_check")]
    connection.close()
    return result


def _as_a_file_dialog_does(folder: Path) -> None:
    """Qt's file dialog opens and closes the files it lists: closing any descriptor of the
    database drops every POSIX lock SQLite holds on it in this process."""
    for entry in folder.iterdir():
        if entry.is_file():
            entry.open("rb").close()


@pytest.mark.sqlite_only("the <database>.lock file, -wal and -shm are a database file's; a "
                         "server takes any number of writers")
def test_a_second_process_beside_the_gui_is_refused_or_reads_only(database):
    """This test's process plays the GUI: it holds the database and has written to it."""
    path = Path(database.target)
    people.save_organization(people.OrganizationData(name="对话框之前保存的单位"))
    _as_a_file_dialog_does(path.parent)

    check = main_py("check", "--db", path, "--lang", "en")
    assert check.returncode == 0, check.stderr
    assert "Integrity: ok" in check.stdout
    # the reader left the GUI's write-ahead log and its index where they were
    assert Path(f"{path}-wal").is_file() and Path(f"{path}-shm").is_file()
    found = main_py("search", "对话框之前", "--db", path, "--lang", "en")
    assert found.returncode == 0 and "对话框之前保存的单位" in found.stdout, found.stderr

    writer = main_py("demo", "--force", "--db", path, "--lang", "en")
    assert writer.returncode == 1
    assert writer.stderr.strip().splitlines() == [
        f"main.py: The database is in use by Commissioner Desk (process {os.getpid()}, device "
        f"{database.device_name}): close that program first, or add --read-only to only look."]

    people.save_organization(people.OrganizationData(name="第二个进程之后保存的单位"))
    session.close_session()
    assert _integrity(path) == ["ok"]
    # both writes are there, and the refused demo replaced nothing
    assert _names(path) == {"对话框之前保存的单位", "第二个进程之后保存的单位"}
    session.open_session(path)


def test_read_only_option_reads_beside_the_gui_and_writers_refuse_it(database):
    path = database.target
    people.save_organization(people.OrganizationData(name="只读查看的单位"))
    found = main_py("--read-only", "search", "只读查看", "--db", path)
    assert found.returncode == 0 and "只读查看的单位" in found.stdout, found.stderr
    writer = main_py("--read-only", "demo", "--db", path, "--lang", "en")
    assert writer.returncode == 1
    assert "--read-only is for the commands that only read" in writer.stderr


@pytest.mark.sqlite_only("the <database>.lock file is a database file's")
def test_a_lock_left_by_a_killed_process_is_taken_over(database, tmp_path):
    other = tmp_path / "other.db"
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from pathlib import Path; from db import writer_lock; "
         f"writer_lock.acquire(Path({str(other)!r}), '另一台电脑'); print('held', flush=True); "
         "time.sleep(60)"], cwd=Path(__file__).resolve().parents[2],
        stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    session.close_session()
    with pytest.raises(UserError, match=f"process {holder.pid}, device 另一台电脑"):
        session.open_session(other)
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    info = session.open_session(other)
    assert not info.read_only and writer_lock.holder(other)["pid"] == os.getpid()
