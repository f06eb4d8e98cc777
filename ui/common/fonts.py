"""Type sizes set on the few widgets that stand out. Set as fonts, not style sheets: one style
sheet on the application routes every widget of every screen through Qt's style-sheet engine,
which cost a third of building the main window."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


def set_points(widget: QWidget, points: int, bold: bool = False) -> None:
    font = widget.font()
    font.setPointSize(points)
    font.setBold(bold)
    widget.setFont(font)
