"""Starting on a database that does not open: a damaged file is answered, before anything else,
with the newest intact backups, and restoring one opens the program on it."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from app import backup, session
from app.registry import people
from db.database import sqlite_path
from ui import application
from ui.dialogs.start_problem import StartProblemDialog


def _everything(path: Path) -> list[str]:
    with sqlite3.connect(path) as connection:
        lines = [line for line in connection.iterdump() if '"sqlite_stat' not in line]
    connection.close()
    return lines


def _as_backup_of(made: backup.BackupInfo, stamp: str) -> Path:
    """The backup under another time in its name (backups made in the same second)."""
    renamed = made.path.with_name(f"test-{stamp}.db")
    made.path.rename(renamed)
    backup.checksum_file(made.path).rename(backup.checksum_file(renamed))
    return renamed


def test_a_damaged_database_at_start_offers_and_restores_the_newest_intact_backup(
        app, qtbot, office, monkeypatch):
    path = sqlite_path()
    _as_backup_of(backup.backup_now(), "20250101-090000")
    people.save_organization(people.OrganizationData(name="最近一次备份前新建的单位"))
    newest_intact = _as_backup_of(backup.backup_now(), "20250102-090000")
    original = _everything(path)
    damaged_backup = newest_intact.with_name("test-20250103-090000.db")  # newer, but bit-rotten
    shutil.copyfile(newest_intact, damaged_backup)
    shutil.copyfile(backup.checksum_file(newest_intact), backup.checksum_file(damaged_backup))
    rotten = bytearray(damaged_backup.read_bytes())
    rotten[5000] ^= 0x10
    damaged_backup.write_bytes(bytes(rotten))
    session.close_session()
    with path.open("r+b") as file:  # pages of the register overwritten: a malformed database
        file.seek(4096 * 3)
        file.write(b"\xff" * 4096 * 4)

    told = []
    monkeypatch.setattr(QMessageBox, "information",
                        lambda _parent, _title, text: told.append(text))
    seen = {}

    def answer() -> None:
        dialogs = [widget for widget in QApplication.topLevelWidgets()
                   if isinstance(widget, StartProblemDialog) and widget.isVisible()]
        if not dialogs:
            QTimer.singleShot(50, answer)
            return
        dialog = dialogs[0]
        seen["offers"] = [dialog.list.item(row).text() for row in range(dialog.list.count())]
        dialog.restore_button.click()

    QTimer.singleShot(0, answer)
    info = application.start_session(str(path))

    assert info is not None and not info.read_only
    assert len(seen["offers"]) == 2  # the bit-rotten newest backup is not offered
    assert "test-20250102-090000.db" in seen["offers"][0]
    assert "test-20250101-090000.db" in seen["offers"][1]
    assert _everything(path) == original
    assert "moved aside" in told[0]
    assert list(path.parent.glob(path.name + ".damaged-*"))


@pytest.mark.qt_log_ignore("This plugin does not support")  # raise() offscreen
def test_a_second_start_on_the_same_database_brings_the_first_window_forward(app, qtbot, database):
    from PySide6.QtWidgets import QWidget

    first = QWidget()
    qtbot.addWidget(first)
    server = application._answer_second_starts(first, database.target)
    first.showMinimized()
    assert application._bring_first_to_front(database.target)
    qtbot.waitUntil(lambda: first.isVisible() and not first.isMinimized())
    server.close()
    assert not application._bring_first_to_front(database.target)
