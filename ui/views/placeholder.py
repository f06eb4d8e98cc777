"""A screen that is not built yet: says so plainly instead of failing."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.i18n import _


class PlaceholderView(QWidget):
    def __init__(self, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self._title = title
        self.heading = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.heading.setObjectName("placeholderHeading")
        self.note = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addStretch()
        layout.addWidget(self.heading)
        layout.addWidget(self.note)
        layout.addStretch()
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(_(self._title))
        self.note.setText(_("This screen is being built. Its data is already kept in the "
                            "database and can be entered from the command line."))
