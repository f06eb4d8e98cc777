"""Data in and out in the main window's File menu: import from Excel, export a list, backups."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction

from app.core.i18n import _
from ui.common.icons import icon


class DataActions(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.import_action = QAction(icon("import"), "", window)
        self.import_action.setObjectName("importAction")
        self.import_action.triggered.connect(self.show_import)
        self.export_action = QAction(icon("export"), "", window)
        self.export_action.setObjectName("exportAction")
        self.export_action.triggered.connect(self.show_export)
        self.backups_action = QAction(icon("backup"), "", window)
        self.backups_action.setObjectName("backupsAction")
        self.backups_action.triggered.connect(self.show_backups)
        menu = window.file_menu
        first = window.prepare_action
        menu.insertActions(first, [self.import_action, self.export_action])
        menu.insertSeparator(first)
        menu.insertAction(window.quit_action, self.backups_action)
        menu.insertSeparator(window.quit_action)
        window.language_changed.connect(self.retranslate)
        self.retranslate()

    def retranslate(self, *_args) -> None:
        self.import_action.setText(_("&Import from Excel…"))
        self.export_action.setText(_("&Export list…"))
        self.backups_action.setText(_("&Backups…"))

    def show_import(self) -> None:
        from ui.exchange.import_dialog import (
            ImportDialog,  # loaded when first opened: the window shows sooner
        )

        ImportDialog(self.window).exec()

    def show_export(self) -> None:
        from ui.exchange.dialogs import ExportDialog  # loaded when first opened: the window shows sooner

        screen = self.window.stack.currentWidget()
        ExportDialog(self.window, getattr(screen, "shown_list", lambda: None)()).exec()

    def show_backups(self) -> None:
        from ui.exchange.dialogs import BackupsDialog  # loaded when first opened: the window shows sooner

        BackupsDialog(self.window).exec()
