"""One signal for "the register changed": forms, lists and undo announce their writes on it,
and every open screen that shows register data reloads, and the Edit menu updates."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

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
