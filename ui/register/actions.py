"""The register's entries in the main window's Edit menu: undo and redo of the user's actions
since the program started (app.history.undo), and the recycle bin."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction

from app.core.changes import Changes
from app.core.i18n import _
from app.history import undo as history
from ui import ops


class RegisterActions(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.window = window
        history.mark_start()
        self.undo_action = window.undo_action
        self.redo_action = window.redo_action
        self.undo_action.triggered.connect(self.undo)
        self.redo_action.triggered.connect(self.redo)
        self.recycle_action = QAction(window)
        self.recycle_action.setObjectName("recycleBinAction")
        self.recycle_action.triggered.connect(self.show_recycle_bin)
        window.edit_menu.addSeparator()
        window.edit_menu.addAction(self.recycle_action)
        window.language_changed.connect(self.update)
        # Every change, whichever screen made it, refreshes the menu.
        ops.hub().changes_made.connect(self.update)
        self.update()

    def update(self, *_args) -> None:
        self.recycle_action.setText(_("Recycle &bin…"))
        if not self.window.isVisible():  # closing, or switching to another database
            return
        undo, redo = history.undo_label(), history.redo_label()
        self.undo_action.setEnabled(undo is not None)
        self.redo_action.setEnabled(redo is not None)
        self.undo_action.setText(_("&Undo") + (f" {undo}" if undo else ""))
        self.redo_action.setText(_("&Redo") + (f" {redo}" if redo else ""))

    def _run(self, step, said: str) -> None:
        def done(changes: Changes) -> None:
            if changes.detail is not None:
                self.window.statusBar().showMessage(said.format(action=changes.detail), 8000)

        ops.run(step, parent=self.window, title=_("Undo"), on_done=done)

    def undo(self) -> None:
        self._run(history.undo, _("Undone: {action}"))

    def redo(self) -> None:
        self._run(history.redo, _("Redone: {action}"))

    def show_recycle_bin(self) -> None:
        from ui.history.recycle_bin import (
            RecycleBinDialog,  # loaded when first opened: the window shows sooner
        )

        RecycleBinDialog(self.window).exec()
