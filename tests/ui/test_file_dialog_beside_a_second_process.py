"""Item 1 of issue 17 as the officer met it: the GUI open, a real file dialog showing the
database's folder, then a command run beside it. On the code before the writer lock, the
command deleted the GUI's -wal and -shm files here."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from app.data import session
from app.register import people
from tests.db.test_writer_lock import _integrity, _names
from tests.test_cli import main_py


@pytest.mark.sqlite_only("the <database>.lock file, -wal and -shm are a database file's; a "
                         "server takes any number of writers")
def test_a_real_file_dialog_over_the_folder_then_a_second_process(app, qtbot, database):
    path = Path(database.target)
    people.save_organization(people.OrganizationData(name="打开对话框之前保存的单位"))
    dialog = QFileDialog(None, "另存为", str(path.parent))
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.show()
    qtbot.wait(1500)  # the listing, its icons and MIME types, are loaded in the background
    dialog.close()

    check = main_py("check", "--db", path, "--lang", "en")
    assert check.returncode == 0 and "Integrity: ok" in check.stdout, check.stdout + check.stderr
    assert Path(f"{path}-wal").is_file() and Path(f"{path}-shm").is_file()
    writer = main_py("demo", "--force", "--db", path, "--lang", "en")
    assert writer.returncode == 1
    assert f"in use by Commissioner Desk (process {os.getpid()}" in writer.stderr

    people.save_organization(people.OrganizationData(name="第二个进程之后保存的单位"))
    session.close_session()
    assert _integrity(path) == ["ok"]
    assert _names(path) == {"打开对话框之前保存的单位", "第二个进程之后保存的单位"}
    session.open_session(path)
