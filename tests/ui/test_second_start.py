"""A second start of the program on the database it already shows: the running window comes to
the front, and a field package the second start was given (a double-click on one) is offered
there. Checked with real second processes, as the officer starts them."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from tests.conftest import REPO
from tests.test_cli import main_py
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


def _wait_for(log: Path, text: str, program: subprocess.Popen, seconds: float = 60) -> None:
    end = time.monotonic() + seconds
    while text not in log.read_text("utf-8", errors="replace"):
        assert program.poll() is None, log.read_text("utf-8", errors="replace")
        assert time.monotonic() < end, f"no {text!r} in:\n" + log.read_text("utf-8")
        time.sleep(0.2)


@pytest.mark.sqlite_only("the user's own database file")
def test_two_real_programs_of_a_user_named_with_chinese_and_a_space(tmp_path):
    """The program running (its default database in 张 伟's data folder): a second start exits
    and the first comes forward; one with a package hands it over; after a crash the socket left
    behind does not stop the next start from answering."""
    home = tmp_path / "张 伟"
    env = {"HOME": str(home), "XDG_DATA_HOME": str(home / "data"),
           "XDG_CONFIG_HOME": str(home / "config"), "XDG_CACHE_HOME": str(home / "cache")}
    assert main_py("demo", env_extra=env).returncode == 0
    package = home / "现场 采集" / "沙龙 签到.cdpkg"
    package.parent.mkdir()
    assert main_py("package", "export", "--out", package, env_extra=env).returncode == 0

    def start(log: Path) -> subprocess.Popen:
        with log.open("w") as out:
            return subprocess.Popen([sys.executable, str(REPO / "main.py"), "-v"], cwd=REPO,
                                    stdout=out, stderr=subprocess.STDOUT,
                                    env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **env})

    first_log, again_log = tmp_path / "first.log", tmp_path / "again.log"
    first = start(first_log)
    again = None
    try:
        _wait_for(first_log, "a second start on", first)
        second = main_py(env_extra=env, timeout=60)
        assert second.returncode == 0, second.stderr
        _wait_for(first_log, "a second start: to the front", first, 10)
        assert main_py(package, env_extra=env, timeout=60).returncode == 0
        _wait_for(first_log, f"opening {package}", first, 10)
        first.kill()  # a crash: nothing cleaned up
        first.wait()
        again = start(again_log)
        _wait_for(again_log, "a second start on", again)
        assert main_py(env_extra=env, timeout=60).returncode == 0
        _wait_for(again_log, "a second start: to the front", again, 10)
    finally:
        for program in (first, again):
            if program is not None and program.poll() is None:
                program.kill()
                program.wait()


@pytest.mark.sqlite_only("switches between two database files")
@pytest.mark.qt_log_ignore("This plugin does not support")
def test_after_opening_another_database_a_second_start_on_it_is_answered(
        qtbot, door, database, tmp_path, monkeypatch):
    from ui import main_window

    monkeypatch.setattr(main_window, "on_shown", [door.follow])
    other = str(tmp_path / "另一个 台账.db")
    switched = main_window.switch_database(door.window, other)  # File → Open database
    qtbot.addWidget(switched)
    assert knock(qtbot, other) == 0
    assert knock(qtbot, database.target) == 3  # not held any more: it opens there


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_a_window_that_only_reads_leaves_the_door_to_the_program_holding_the_file(
        qtbot, door, database, monkeypatch):
    from dataclasses import replace

    reader = application.FrontDoor()
    window = door.window
    monkeypatch.setattr(window, "info", replace(window.info, read_only="held by another"))
    reader.follow(window)  # on Linux, taking the name would delete the holder's socket file
    assert not reader.server.isListening()
    assert knock(qtbot, database.target) == 0  # the holder still answers
    reader.close()


SEND = """
import sys
from PySide6.QtCore import QCoreApplication
from PySide6.QtNetwork import QLocalSocket
from ui import application
app = QCoreApplication([])
socket = QLocalSocket()
socket.connectToServer(application._server_name(sys.argv[1]))
assert socket.waitForConnected(2000)
socket.write(sys.argv[2].encode() + b"\\n")
socket.waitForBytesWritten(2000)
sys.exit(0 if socket.waitForReadyRead(3000) else 3)
"""


@pytest.mark.parametrize("sent", ["[1, 2]", "{not json", "\"张 伟\""])
@pytest.mark.qt_log_ignore("This plugin does not support")
def test_what_is_not_a_request_is_not_answered_and_the_door_stays_open(
        qtbot, door, database, sent, caplog):
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    other = subprocess.Popen([sys.executable, "-c", SEND, database.target, sent], cwd=REPO,
                             env=env)
    qtbot.waitUntil(lambda: other.poll() is not None, timeout=30_000)
    assert other.returncode == 3  # no answer
    assert "not a request" in caplog.text
    assert knock(qtbot, database.target) == 0
