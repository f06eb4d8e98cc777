"""Several records picked one by one: a completer line (name, pinyin initials or phone) and the
list of those chosen; Delete removes the selected one."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from ui.common.record_picker import RecordPicker


class PickedList(QWidget):
    changed = Signal()

    def __init__(self, entity: str, new_form: Callable[..., QDialog] | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.picker = RecordPicker(entity, new_form)
        self.picker.picked.connect(self._picked)
        self.list = QListWidget()
        self.list.setFixedHeight(84)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.picker)
        layout.addWidget(self.list)

    def _picked(self, record_id: int) -> None:
        self.add(record_id, self.picker.text())
        self.picker.clear()
        self.picker.record_id = None

    def add(self, record_id: int, name: str) -> None:
        if record_id in self.ids():
            return
        item = QListWidgetItem(name)
        item.setData(Qt.ItemDataRole.UserRole, record_id)
        self.list.addItem(item)
        self.changed.emit()

    def ids(self) -> tuple[int, ...]:
        return tuple(self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count()))

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Delete and self.list.currentItem() is not None:
            self.list.takeItem(self.list.currentRow())
            self.changed.emit()
            return
        super().keyPressEvent(event)
