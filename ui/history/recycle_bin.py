"""The recycle bin: what was deleted, newest first; restoring brings back its links too, and
deleting for good asks first (Edit → Undo still brings it back)."""

from __future__ import annotations

from functools import partial

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

from app.core import i18n
from app.core.i18n import _, ngettext
from app.history import purge, recycle
from ui import ops


class RecycleBinDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.items = QListWidget()
        self.items.setObjectName("recycleBin")
        self.items.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        self.restore_button = QPushButton()
        self.restore_button.clicked.connect(self.restore_selected)
        self.purge_button = QPushButton()
        self.purge_button.clicked.connect(self.purge_selected)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.purge_button, QDialogButtonBox.ButtonRole.DestructiveRole)
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
        self._each_selected(recycle.restore)

    def purge_selected(self) -> None:
        chosen = self.items.selectedItems()
        if not chosen or QMessageBox.question(
                self, _("Recycle bin"),
                ngettext("Delete {count} record for good? It leaves the recycle bin; only "
                         "Edit → Undo brings it back.",
                         "Delete {count} records for good? They leave the recycle bin; only "
                         "Edit → Undo brings them back.", len(chosen)).format(count=len(chosen))
                ) != QMessageBox.StandardButton.Yes:
            return
        self._each_selected(purge.purge)

    def _each_selected(self, action) -> None:
        """Each record is its own change (undone on its own), one after the other."""
        for item in self.items.selectedItems():
            entity, record_id = item.data(Qt.ItemDataRole.UserRole)
            ops.run(partial(action, entity, record_id), parent=self, title=_("Recycle bin"),
                    on_done=lambda _changes: self.load())

    def retranslate(self) -> None:
        self.setWindowTitle(_("Recycle bin"))
        self.restore_button.setText(_("Restore"))
        self.purge_button.setText(_("Delete for good…"))
