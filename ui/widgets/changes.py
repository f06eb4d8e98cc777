"""One signal for "the register changed": forms, lists and undo announce their writes on it,
and every open screen that shows register data reloads, and the Edit menu updates. Changes made
by others (another officer on a shared database, the writer of a file opened read-only) are
announced when the program comes back to the front and by a light poll of the change log."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication

from app import session


class _Bus(QObject):
    changed = Signal(str)  # the entity written, or "" when anything may have changed
    written = Signal()  # a batch was committed, possibly on a worker thread


_bus: list[_Bus] = []


def bus() -> _Bus:
    """The one bus, made on the UI thread and kept for the program's life: a worker thread's
    commit emits on it, never on a widget that the UI thread may be deleting meanwhile."""
    if not _bus:
        _bus.append(_Bus())
        session.watch_writes(_bus[0].written.emit)
    return _bus[0]


def announce(entity: str = "") -> None:
    bus().changed.emit(entity)


# How often an open program looks for changes made by others: one index read.
POLL_MS = 20_000


class OthersWatch(QObject):
    """Announces (to every screen) when the change log moved without a write of this program:
    on a poll, and when the program becomes the active one again."""

    def __init__(self, parent: QObject):
        super().__init__(parent)
        self.seen = session.newest_change()
        self.timer = QTimer(self, interval=POLL_MS)
        self.timer.timeout.connect(self.look)
        self.timer.start()
        QApplication.instance().applicationStateChanged.connect(self._state_changed)
        bus().written.connect(self._written_here)

    def _state_changed(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationActive:
            self.look()

    def _written_here(self) -> None:
        """This program's own writes are announced by whoever made them."""
        self.seen = session.newest_change()

    def look(self) -> None:
        newest = session.newest_change()
        if newest is not None and newest != self.seen:
            self.seen = newest
            announce()
