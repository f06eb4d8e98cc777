"""Tooltips that name their keyboard shortcut, written the way the platform writes keys."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence


def with_shortcut(text: str, keys: QKeySequence | QKeySequence.StandardKey | str) -> str:
    sequence = QKeySequence(keys)
    if sequence.isEmpty():
        return text
    return f"{text} ({sequence.toString(QKeySequence.SequenceFormat.NativeText)})"
