"""Starting on a database that does not open: a damaged file is answered, before anything else,
with the newest intact backups, and restoring one opens the program on it."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from app.data import backup, session
from app.register import people
from db.database import sqlite_path
from ui import application
from ui.start_problem import StartProblemDialog


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


@pytest.mark.sqlite_only("the program's backups copy a database file; a server's are pg_dump's")
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


@pytest.mark.sqlite_only("the program's backups copy a database file; a server's are pg_dump's")
def test_a_restore_in_the_gui_during_an_import_is_refused_and_loses_nothing(
        make_window, qtbot, monkeypatch):
    """The import writes on the write lane; a restore that did not wait for it would swap the
    file under its transaction, and the import's rows would go with the old file."""
    import threading

    from PySide6.QtWidgets import QMessageBox

    from db import models
    from db.database import database as handle
    from ui import ops
    from ui.exchange.dialogs import BackupsDialog

    made = backup.backup_now()
    window = make_window("en")
    dialog = BackupsDialog(window)
    qtbot.addWidget(dialog)
    release = threading.Event()

    def importing() -> None:  # its rows written, not yet committed
        with handle.atomic():
            people.save_organization(people.OrganizationData(name="导入中保存的单位"))
            release.wait(10)

    ops.run_in_background(importing, writes=True)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    waited = ops.wait_for_all
    monkeypatch.setattr(ops, "wait_for_all", lambda msecs=30_000: waited(200))
    dialog.restore(made.path)
    assert "still running" in dialog.message.text()
    release.set()
    assert waited()
    assert models.Organization.select().where(
        models.Organization.name == "导入中保存的单位").exists()
