"""One signal for "the register changed": forms, lists and undo announce their writes on it,
and every open screen that shows register data reloads, and the Edit menu updates."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class _Bus(QObject):
    changed = Signal(str)  # the entity written, or "" when anything may have changed


_bus: list[_Bus] = []


def bus() -> _Bus:
    if not _bus:
        _bus.append(_Bus())
    return _bus[0]


def announce(entity: str = "") -> None:
    bus().changed.emit(entity)
