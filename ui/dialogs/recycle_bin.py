"""The recycle bin: what was deleted, newest first; restoring brings back its links too."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
)

from app import i18n
from app.errors import UserError
from app.i18n import _
from app.registry import recycle
from ui.widgets.changes import announce


class RecycleBinDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.items = QListWidget()
        self.items.setObjectName("recycleBin")
        self.items.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        self.restore_button = QPushButton()
        self.restore_button.clicked.connect(self.restore_selected)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.items, 1)
        layout.addWidget(buttons)
        self.resize(560, 420)
        self.retranslate()
        self.load()

    def load(self) -> None:
        self.items.clear()
        for entry in recycle.contents():
            item = QListWidgetItem(f"{entry.kind_label}　{entry.name}　"
                                   f"{i18n.format_datetime(entry.deleted_at, 'short')}")
            item.setData(Qt.ItemDataRole.UserRole, (entry.entity, entry.id))
            self.items.addItem(item)

    def restore_selected(self) -> None:
        for item in self.items.selectedItems():
            entity, record_id = item.data(Qt.ItemDataRole.UserRole)
            try:
                recycle.restore(entity, record_id)
            except UserError as error:
                QMessageBox.warning(self, _("Recycle bin"), error.message)
            announce(entity)
        self.load()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Recycle bin"))
        self.restore_button.setText(_("Restore"))
