"""A list filter on a day that another screen sets: the dashboard opens the commissioners in
force at the end of a past quarter. Shown, checked, only while it is set; unchecking clears it."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QCheckBox

from app.core.i18n import _, format_date


class DayFilter(QCheckBox):
    def __init__(self, title: str):
        """``title``: N_-marked, with a {day} placeholder."""
        super().__init__()
        self.title = title
        self.day: str | None = None  # ISO, as saved views keep it
        self.setVisible(False)
        self.toggled.connect(lambda checked: checked or self.set_day(None))

    def set_day(self, day: str | None) -> None:
        self.day = day or None
        self.blockSignals(True)
        self.setChecked(self.day is not None)
        self.blockSignals(False)
        self.setVisible(self.day is not None)
        self.retranslate()

    def retranslate(self) -> None:
        if self.day is not None:
            self.setText(_(self.title).format(day=format_date(date.fromisoformat(self.day))))
