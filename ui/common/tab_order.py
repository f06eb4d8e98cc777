"""Tab in reading order: forms build their buttons before their fields and add fields in code
order, so Qt's default chain (creation order) jumps about; this one follows the screen."""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QComboBox,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)


def _stops(root: QWidget) -> list[QWidget]:
    """The widgets Tab stops on (a spin or combo box's own line edit stands for its owner)."""
    found = []
    for widget in root.findChildren(QWidget):
        if isinstance(widget, QAbstractScrollArea) and not isinstance(
                widget, QAbstractItemView | QPlainTextEdit | QTextEdit):
            widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a scroll area is no field
        if isinstance(widget, QPlainTextEdit | QTextEdit):
            widget.setTabChangesFocus(True)
        if (widget.isVisibleTo(root) and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
                and not isinstance(widget.parentWidget(), QAbstractSpinBox | QComboBox)):
            found.append(widget)
    return found


def reading_order(widgets: list[QWidget], root: QWidget) -> list[QWidget]:
    """Lines top to bottom, each left to right; a widget is on a line when its middle lies
    within the height of the line's first widget."""
    rects = {id(w): QRect(w.mapTo(root, QPoint(0, 0)), w.size()) for w in widgets}
    ordered, line, line_rect = [], [], None
    for widget in sorted(widgets, key=lambda w: (rects[id(w)].top(), rects[id(w)].left())):
        rect = rects[id(widget)]
        if line_rect is not None and not line_rect.top() <= rect.center().y() <= line_rect.bottom():
            ordered += sorted(line, key=lambda w: rects[id(w)].left())
            line, line_rect = [], None
        line.append(widget)
        line_rect = line_rect or rect
    return ordered + sorted(line, key=lambda w: rects[id(w)].left())


def follow_reading_order(root: QWidget) -> None:
    """Chains the tab order of ``root``'s visible fields and buttons as they are laid out; call
    when it is shown (geometry known)."""
    stops = reading_order(_stops(root), root)
    for first, second in pairwise(stops):
        QWidget.setTabOrder(first, second)
