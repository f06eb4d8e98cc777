"""A short list of linked records (team members, served organizations, resident commissioners):
pick one with the completer, give its date(s), add; select and remove."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from app.core import i18n
from app.core.errors import UserError
from app.core.i18n import _
from ui.common.date_edit import DateEdit
from ui.common.record_picker import RecordPicker


class LinkList(QWidget):
    def __init__(self, entity: str, date_count: int, new_form: Callable[..., QDialog] | None = None,
                 parent=None):
        super().__init__(parent)
        self.picker = RecordPicker(entity, new_form)
        self.dates = [DateEdit() for _i in range(date_count)]

        self.add_button = QPushButton()
        self.remove_button = QPushButton()
        self.items = QListWidget()
        self.items.setFixedHeight(90)
        self.add_button.clicked.connect(self._add)
        self.remove_button.clicked.connect(self._remove)
        self.picker.returnPressed.connect(self._add)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        for edit in self.dates:
            row.addWidget(edit)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        row.addStretch()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.picker)
        layout.addLayout(row)
        layout.addWidget(self.items)
        self.retranslate()

    def retranslate(self) -> None:
        self.add_button.setText(_("Add"))
        self.remove_button.setText(_("Remove"))
        self.picker.setPlaceholderText(_("Name, pinyin initials or phone"))

    def _add(self) -> None:
        if self.picker.record_id is None:
            return
        try:
            dates = [d.value() for d in self.dates]
        except UserError as error:
            QToolTip.showText(self.mapToGlobal(self.rect().bottomLeft()), error.message, self)
            return
        self.add(self.picker.record_id, self.picker.text(), *dates)
        self.picker.set_record(None)

    def add(self, record_id: int, name: str, *dates: date | None) -> None:
        for row in range(self.items.count()):
            if self.items.item(row).data(Qt.ItemDataRole.UserRole)[0] == record_id:
                return
        shown = " – ".join(i18n.format_date(d) for d in dates if d is not None)
        item = QListWidgetItem(f"{name}  {shown}".strip())
        item.setData(Qt.ItemDataRole.UserRole, (record_id, *dates))
        self.items.addItem(item)

    def _remove(self) -> None:
        for item in self.items.selectedItems():
            self.items.takeItem(self.items.row(item))

    def values(self) -> list[tuple]:
        return [self.items.item(row).data(Qt.ItemDataRole.UserRole)
                for row in range(self.items.count())]
