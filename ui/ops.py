"""The one way to run slow work off the UI thread, and the one way the UI changes data.

``run(op, parent=…)`` runs a change a person makes (an ``app`` function returning ``Changes``) on
the write lane, shows progress after ~0.3 s, shows its error the one way (or hands a
``UserError`` to ``on_error``, as a form that puts it next to its field), and announces the
``Changes`` on ``hub().changes_made``, which every screen, page and the Edit menu listen to.
What others wrote (another officer on a shared database, the writer of a file opened read-only)
reaches the same signal as a ``Changes`` of ``anything`` (``OthersWatch``): one way to refresh.

``run_in_background(fn, on_done, on_error)`` runs other slow work (reads, reports, backups) on a
pool thread inside its own database connection and calls back on the UI thread. Database writes
go through one serial lane so they never wait on each other's locks; reads run in parallel.
Workers get ids and values, never widgets.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QWidget

from app.core.changes import Changes
from app.core.errors import UserError
from app.core.i18n import _
from app.data import session
from ui import crash

log = logging.getLogger("ui.ops")

_write_lane = QThreadPool()
_write_lane.setMaxThreadCount(1)
_pending: set[_Relay] = set()


class _Hub(QObject):
    changes_made = Signal(object)  # the Changes of a change just committed, on the UI thread


_hub: list[_Hub] = []


def hub() -> _Hub:
    """The one hub, made on the UI thread and kept for the program's life: a worker's result
    reaches it, never a widget that the UI thread may be deleting meanwhile."""
    if not _hub:
        _hub.append(_Hub())
    return _hub[0]


def anything_changed() -> None:
    """Every screen refreshes what it shows: data changed elsewhere, or the day did."""
    hub().changes_made.emit(Changes(anything=True))


# How often an open program looks for changes made by others: one index read.
POLL_MS = 20_000


class OthersWatch(QObject):
    """Tells every screen when the change log moved without a change of this program's: on a
    poll, and when the program becomes the active one again."""

    def __init__(self, parent: QObject):
        super().__init__(parent)
        self.seen = session.newest_change()
        self.timer = QTimer(self, interval=POLL_MS)
        self.timer.timeout.connect(self.look)
        self.timer.start()
        QApplication.instance().applicationStateChanged.connect(self._state_changed)
        hub().changes_made.connect(self._changed_here)

    def _state_changed(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationActive:
            self.look()

    def _changed_here(self, changes: Changes) -> None:
        """This program's own changes reached every screen already."""
        if not changes.anything:
            self.seen = session.newest_change()

    def look(self) -> None:
        newest = session.newest_change()
        if newest is not None and newest != self.seen:
            self.seen = newest
            anything_changed()


class _Relay(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], object], relay: _Relay):
        super().__init__()
        self.fn = fn
        self.relay = relay

    def run(self) -> None:
        try:
            with session.worker_connection():
                result = self.fn()
        except Exception as error:  # handed to on_error on the UI thread
            log.debug("background job failed:\n%s", traceback.format_exc())
            self.relay.failed.emit(error)
        else:
            self.relay.done.emit(result)


def run_in_background(
    fn: Callable[[], object],
    on_done: Callable[[object], None] | None = None,
    on_error: Callable[[Exception], None] | None = None,
    *,
    writes: bool = False,
) -> None:
    relay = _Relay()
    _pending.add(relay)

    def finish(callback, value):
        _pending.discard(relay)
        if callback is not None:
            callback(value)

    relay.done.connect(lambda value: finish(on_done, value))
    relay.failed.connect(lambda error: finish(on_error or _log_error, error))
    pool = _write_lane if writes else QThreadPool.globalInstance()
    pool.start(_Job(fn, relay))


# How long a change runs before its progress shows.
PROGRESS_AFTER_MS = 300


def run(op: Callable[[], Changes], *, parent: QWidget | None, title: str = "",
        on_done: Callable[[Changes], None] | None = None,
        on_error: Callable[[UserError], None] | None = None, progress: bool = True) -> None:
    """Run one change a person makes on the write lane. ``op`` is an ``app`` function (with its
    arguments bound, ``functools.partial``) that returns ``Changes``. When it is done, every
    listener of ``hub().changes_made`` hears of it, then ``on_done(changes)``; a ``UserError``
    goes to ``on_error`` if given, else it and any other error are shown to the officer. The
    callbacks are skipped when ``parent`` was deleted meanwhile (a dialog closed). ``title``
    names the action in its progress and its error message; ``progress=False`` where the caller
    shows progress of its own (an import, with its bar and its Cancel)."""
    shown = QProgressDialog(title or _("Saving…"), "", 0, 0, parent) if progress else None
    if shown is not None:
        shown.setCancelButton(None)
        shown.setWindowModality(Qt.WindowModality.WindowModal)
        shown.setMinimumDuration(PROGRESS_AFTER_MS)
        shown.setValue(0)  # starts the delay after which it shows (Qt counts from here)

    def alive() -> bool:
        return parent is None or shiboken6.isValid(parent)

    def stop() -> None:
        if shown is not None and shiboken6.isValid(shown):
            shown.reset()
            shown.deleteLater()

    def done(changes: Changes) -> None:
        stop()
        hub().changes_made.emit(changes)
        if on_done is not None and alive():
            on_done(changes)

    def failed(error: Exception) -> None:
        stop()
        if isinstance(error, UserError) and on_error is not None:
            if alive():
                on_error(error)
        else:
            show_error(parent if alive() else None, error, title)

    run_in_background(op, done, failed, writes=True)


def show_error(parent: QWidget | None, error: Exception, title: str = "") -> None:
    """The one way a change's error is shown: the officer's message for a ``UserError``, the
    unexpected-error report (logged, with what is known about the saved data) otherwise."""
    if isinstance(error, UserError):
        QMessageBox.warning(parent, title or _("Not saved"), error.message)
        return
    crash.report(error)


def _log_error(error: Exception) -> None:
    log.error("background job failed: %s", error)


def busy() -> bool:
    """Whether some background work has not reported back yet."""
    return bool(_pending)


def wait_for_all(msecs: int = 30_000) -> bool:
    """Block until background work is done (quitting, tests)."""
    return _write_lane.waitForDone(msecs) and QThreadPool.globalInstance().waitForDone(msecs)
