import threading

import shiboken6
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from app.core import changes
from app.core.errors import UserError
from db import changelog, models
from ui import crash, ops


def test_background_work_reports_back_on_the_ui_thread(qtbot, app):
    def write():
        with changelog.batch("background insert"):
            models.Organization(name="后台写入单位").save()
        return models.Organization.select().count()

    results = []
    ops.run_in_background(write, results.append, writes=True)
    qtbot.waitUntil(lambda: results == [1])
    assert models.Organization.get().name == "后台写入单位"


def test_background_errors_reach_the_error_callback(qtbot, app):
    def fail():
        raise ValueError("bad input")

    errors = []
    ops.run_in_background(fail, on_error=errors.append)
    qtbot.waitUntil(lambda: len(errors) == 1)
    assert str(errors[0]) == "bad input"


# The one runner of changes ------------------------------------------------------------------


def _add_organization(name, started=None, release=None):
    """A change as the app layer writes one; ``release`` holds it on the lane until set."""
    def op():
        if started is not None:
            started.set()
        if release is not None:
            assert release.wait(10)
        with changelog.batch(f"Add {name}"):
            models.Organization(name=name).save()
            return changes.made("organization", models.Organization.get(name=name).id,
                                created=True, detail=threading.current_thread())
    return op


def test_a_change_runs_on_the_write_lane_and_every_listener_hears_of_it(qtbot, app):
    heard, done = [], []
    ops.hub().changes_made.connect(heard.append)
    ops.run(_add_organization("泉州海天"), parent=None, on_done=done.append)
    qtbot.waitUntil(lambda: bool(done))
    (changes_,) = done
    assert heard == done  # the screens heard first, then the caller
    assert changes_.detail is not threading.main_thread()  # written off the UI thread
    assert changes_.touches("organization") and not changes_.touches("demand")
    assert changes_.ids("organization") == {changes_.id} and changes_.batch_id is not None
    ops.hub().changes_made.disconnect(heard.append)


def test_a_refusal_goes_to_the_caller_or_is_shown_with_the_actions_title(qtbot, app,
                                                                        monkeypatch):
    def refused():
        with changelog.batch("refused"):
            raise UserError("名称不能为空", "name")

    errors, shown = [], []
    ops.run(refused, parent=None, on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors))
    assert (errors[0].message, errors[0].field) == ("名称不能为空", "name")
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: shown.append(args[1:3]))
    ops.run(refused, parent=None, title="Save person")
    qtbot.waitUntil(lambda: bool(shown))
    assert shown == [("Save person", "名称不能为空")]
    assert not models.ChangeBatch.select().exists()


def test_an_unexpected_error_is_reported_not_swallowed(qtbot, app, monkeypatch):
    def broken():
        raise RuntimeError("a bug")

    reported = []
    monkeypatch.setattr(crash, "report", reported.append)
    ops.run(broken, parent=None, on_error=lambda error: reported.append("on_error"))
    qtbot.waitUntil(lambda: bool(reported))
    assert [str(e) for e in reported] == ["a bug"]


def test_progress_shows_when_a_change_takes_longer_than_a_moment(qtbot, app):
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    started, release, done = threading.Event(), threading.Event(), []

    def progress():
        return [p for p in window.findChildren(QProgressDialog) if p.isVisible()]

    ops.run(_add_organization("泉州海天", started, release), parent=window, title="Import",
            on_done=done.append)
    assert progress() == []  # not at once: most changes take less than the delay
    qtbot.waitUntil(started.is_set)
    qtbot.waitUntil(lambda: bool(progress()), timeout=3000)
    assert progress()[0].labelText() == "Import"
    release.set()
    qtbot.waitUntil(lambda: bool(done))
    assert progress() == []


def test_a_dialog_closed_while_its_change_runs_gets_no_callback(qtbot, app):
    dialog = QWidget()
    started, release, called, heard = threading.Event(), threading.Event(), [], []
    ops.hub().changes_made.connect(heard.append)
    ops.run(_add_organization("泉州海天", started, release), parent=dialog,
            on_done=called.append)
    qtbot.waitUntil(started.is_set)
    shiboken6.delete(dialog)
    release.set()
    qtbot.waitUntil(lambda: bool(heard))
    ops.hub().changes_made.disconnect(heard.append)
    assert called == [] and models.Organization.select().count() == 1
