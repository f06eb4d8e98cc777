"""A date (or a date and time) that may be empty: typed in any form the import accepts
(2026-12-01, 20261201, 2026/12/1, 2026.12.1, 2026年12月1日), or picked from a calendar (the
arrow, F4 or Alt+Down) that opens at the date shown, else at a related date, else today."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, time

from PySide6.QtCore import QDate, QEvent, QPoint, Qt
from PySide6.QtWidgets import QCalendarWidget, QLineEdit

from app.core.errors import UserError
from app.core.i18n import _
from app.exchange.columns import parse_date
from ui.common.icons import icon

_TIME = re.compile(r"(.*?)\s*(\d{1,2})\s*[:：]\s*(\d{2})")


class DateEdit(QLineEdit):
    def __init__(self, parent=None, with_time: bool = False):
        super().__init__(parent)
        self.with_time = with_time
        self.field = ""  # the form's name for it, which its errors carry
        # where the calendar of an empty field opens (a term's end: its start + the usual term)
        self.anchor: Callable[[], date | None] = lambda: None
        self.calendar: QCalendarWidget | None = None
        self.calendar_action = self.addAction(icon("calendar"),
                                              QLineEdit.ActionPosition.TrailingPosition)
        self.calendar_action.triggered.connect(self.open_calendar)
        self.editingFinished.connect(self._tidy)
        self.retranslate()

    def retranslate(self) -> None:
        self.setPlaceholderText(_("yyyy-mm-dd hh:mm") if self.with_time else _("yyyy-mm-dd"))
        self.calendar_action.setToolTip(_("Pick from a calendar (F4)"))

    # The value ---------------------------------------------------------------------------

    def value(self) -> date | datetime | None:
        """What is typed; text that is no date (or, with a time, no time) is refused."""
        text = self.text().strip()
        if not self.with_time:
            return parse_date(text, self.field)
        if not text:
            return None
        found = _TIME.fullmatch(text)
        if found is None:
            raise UserError(_("Give the date and the time, as 2026-12-01 14:00."), self.field)
        day = parse_date(found[1], self.field)
        if day is None or int(found[2]) > 23 or int(found[3]) > 59:
            raise UserError(_("Give the date and the time, as 2026-12-01 14:00."), self.field)
        return datetime.combine(day, time(int(found[2]), int(found[3])))

    def set_value(self, value: date | datetime | None) -> None:
        if value is None:
            self.clear()
        elif self.with_time:
            self.setText(f"{value:%Y-%m-%d %H:%M}")
        else:
            self.setText(f"{value:%Y-%m-%d}")

    def _tidy(self) -> None:
        """A date typed in another form is shown as yyyy-mm-dd once the field is left; text
        that is no date stays as typed, refused when the form is saved."""
        try:
            value = self.value()
        except UserError:
            return
        if value is not None:
            self.set_value(value)

    # The calendar ------------------------------------------------------------------------

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_F4 or (
                event.key() == Qt.Key.Key_Down
                and event.modifiers() & Qt.KeyboardModifier.AltModifier):
            self.open_calendar()
            return
        super().keyPressEvent(event)

    def _shown_value(self) -> date | None:
        try:
            value = self.value()
        except UserError:
            return None
        return value.date() if isinstance(value, datetime) else value

    def open_calendar(self) -> None:
        if self.calendar is None:
            self.calendar = QCalendarWidget(self)
            self.calendar.setWindowFlags(Qt.WindowType.Popup)
            self.calendar.setGridVisible(True)
            self.calendar.clicked.connect(self._picked)
            self.calendar.activated.connect(self._picked)
            self.calendar.installEventFilter(self)
        self.calendar.setSelectedDate(QDate(self._shown_value() or self.anchor() or date.today()))
        self.calendar.move(self.mapToGlobal(QPoint(0, self.height())))
        self.calendar.show()
        self.calendar.setFocus()

    def eventFilter(self, watched, event) -> bool:
        if (watched is self.calendar and event.type() == QEvent.Type.KeyPress
                and event.key() == Qt.Key.Key_Escape):
            self.calendar.close()
            return True
        return super().eventFilter(watched, event)

    def _picked(self, day: QDate) -> None:
        picked = day.toPython()
        if self.with_time:
            shown = self._time_typed()
            picked = datetime.combine(picked, shown)
        self.set_value(picked)
        self.calendar.close()
        self.setFocus()

    def _time_typed(self) -> time:
        try:
            value = self.value()
        except UserError:
            value = None
        return value.time() if isinstance(value, datetime) else time(9, 0)
