"""A second start of the program on the database it already shows: the running window comes to
the front, and a field package the second start was given (a double-click on one) is offered
there. Checked with real second processes, as the officer starts them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from tests.conftest import REPO
from ui import application
from ui.exchange.package_dialogs import MergeDialog

# The second start's half of main.py: knock, and exit 0 when the first answered.
KNOCK = """
import sys
from PySide6.QtCore import QCoreApplication
from ui import application
app = QCoreApplication([])
sys.exit(0 if application._bring_first_to_front(sys.argv[1], sys.argv[2] or None) else 3)
"""


def knock(qtbot, target: str, package: str = "", cwd: Path = REPO) -> int:
    """A second process knocking on the running program's door; the test's event loop answers."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen"}
    second = subprocess.Popen([sys.executable, "-c", KNOCK, target, package], cwd=cwd, env=env)
    qtbot.waitUntil(lambda: second.poll() is not None, timeout=30_000)
    return second.returncode


def on_modal(kind, act, ready=lambda widget: True) -> list:
    """``act`` on the modal dialog of ``kind`` once ``ready``, from inside the dialog's own
    event loop (its ``exec()`` runs nested in whatever loop opened it); returns what it met."""
    met = []
    timer = QTimer()
    timer.setInterval(50)

    def tick() -> None:
        widget = QApplication.activeModalWidget()
        if isinstance(widget, kind) and ready(widget) and not met:
            timer.stop()
            met.append(widget)
            act(widget)

    timer.timeout.connect(tick)
    timer.start()
    _timers.append(timer)
    return met


_timers: list[QTimer] = []


@pytest.fixture(autouse=True)
def no_dialog_waiting():
    yield
    for timer in _timers:
        timer.stop()
    _timers.clear()


def click(text: str):
    def act(box: QMessageBox) -> None:
        [button] = [b for b in box.buttons() if b.text() == text]
        button.click()

    return act


@pytest.fixture
def door(make_window):
    window = make_window("en")
    front = application.FrontDoor()
    front.follow(window)
    yield front
    front.close()


@pytest.mark.qt_log_ignore("This plugin does not support")  # raise() offscreen
def test_a_second_start_brings_the_window_forward_and_nobody_answers_once_it_closed(
        qtbot, door, database):
    window = door.window
    window.showMinimized()
    assert knock(qtbot, database.target) == 0
    qtbot.waitUntil(lambda: window.isVisible() and not window.isMinimized())
    door.close()
    assert knock(qtbot, database.target) == 3  # the second start then says the file is in use


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_a_package_double_clicked_while_the_program_runs_is_offered_for_merging_there(
        qtbot, door, database, office, tmp_path):
    from app.exchange.package import export_package
    from tests.fieldwork import work_at_the_event

    folder = tmp_path / "现场 采集"
    folder.mkdir()
    export_package(folder / "沙龙 签到.cdpkg")
    work_at_the_event(folder / "沙龙 签到.cdpkg", office)
    questions = on_modal(QMessageBox, click("Merge into this register"))
    previews = on_modal(MergeDialog, MergeDialog.reject, ready=lambda d: d.plan is not None)
    # Given as the second start's relative path: the first runs in another folder.
    assert knock(qtbot, database.target, "沙龙 签到.cdpkg", cwd=folder) == 0
    qtbot.waitUntil(lambda: bool(previews), timeout=20_000)
    assert "沙龙 签到.cdpkg" in questions[0].text()
    [preview] = previews
    assert preview.path == folder / "沙龙 签到.cdpkg"
    assert preview.merge_button.isEnabled()


def test_a_package_can_be_opened_to_record_at_the_event_instead(
        qtbot, door, office, tmp_path, monkeypatch):
    from app.exchange.package import export_package

    package = tmp_path / "沙龙 签到.cdpkg"
    export_package(package)
    opened = []
    monkeypatch.setattr(door.window, "switch_database", opened.append)
    on_modal(QMessageBox, click("Open it to record at the event"))
    application.offer_package(door.window, package)  # as main.py FILE.cdpkg does at start
    assert opened == [str(package)]


def test_a_missing_package_is_named_and_nothing_is_asked(door, tmp_path, monkeypatch):
    told = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, title, text: told.append(text))
    application.offer_package(door.window, tmp_path / "不在 这里.cdpkg")
    assert told == [f"No field package at {tmp_path / '不在 这里.cdpkg'}."]


def test_a_damaged_package_says_so_in_the_merge_preview(qtbot, door, tmp_path):
    damaged = tmp_path / "坏 包.cdpkg"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    on_modal(QMessageBox, click("Merge into this register"))
    told = []

    def read(dialog: MergeDialog) -> None:
        told.append((dialog.summary.text(), dialog.merge_button.isEnabled()))
        dialog.reject()

    on_modal(MergeDialog, read, ready=lambda dialog: dialog.progress.isHidden())
    application.offer_package(door.window, damaged)
    [(summary, can_merge)] = told
    assert "坏 包.cdpkg is damaged or not a field package" in summary and not can_merge


def test_the_door_is_per_user_and_per_database_whatever_the_path(tmp_path, monkeypatch):
    path = tmp_path / "张 伟" / "commissioners.db"
    name = application._server_name(str(path))
    assert name.isascii() and len(name) < 60  # a socket path has ~100 bytes
    assert application._server_name(str(path.parent / "." / path.name)) == name
    assert application._server_name(str(tmp_path / "other.db")) != name
    monkeypatch.setenv("HOME", str(tmp_path / "李 娜"))
    assert application._server_name(str(path)) != name  # another user of this PC
