"""A red line that explains why something was refused; hidden while there is nothing to say."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget


class MessageLine(QLabel):
    def __init__(self, name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(name)
        self.setWordWrap(True)
        self.setStyleSheet("color: #c62828")
        self.hide()

    def say(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))
