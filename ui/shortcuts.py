"""Help → Keyboard shortcuts: every key the program answers to, and where.

The table is written out because dialogs that are not open have no shortcuts to ask;
tests/ui/test_shortcuts.py checks that every shortcut of the window and its screens is in it.
"""

from __future__ import annotations

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.i18n import N_, _

_KEY = QKeySequence.StandardKey
# (keys, where, what); keys become a QKeySequence only once the application runs, where and what
# are translated when shown.
SHORTCUTS: list[tuple[QKeySequence.StandardKey | str, str, str]] = [
    (_KEY.Open, N_("Everywhere"), N_("Open another database or field package")),
    (_KEY.Undo, N_("Everywhere"), N_("Undo the last change")),
    (_KEY.Redo, N_("Everywhere"), N_("Redo the change undone last")),
    ("Ctrl+Q", N_("Everywhere"), N_("Quit")),
    (_KEY.HelpContents, N_("Everywhere"), N_("Show this list of shortcuts")),
    (_KEY.Find, N_("Lists"), N_("Go to the list's search box")),
    (_KEY.Save, N_("Forms and Settings"), N_("Save")),
    ("Return", N_("Forms"), N_("Go to the next field")),
    ("Delete", N_("Lists of picked records"), N_("Remove the selected record")),
    ("F5", N_("Event page"), N_("Open the check-in")),
    ("Ctrl+N", N_("Check-in"), N_("Register a walk-in guest")),
    ("Esc", N_("Check-in"), N_("Clear the search; close the check-in when it is empty")),
    ("F4", N_("Date fields"), N_("Open the calendar")),
    ("F9", N_("Check-in"), N_("Show or hide who is still absent")),
    (_KEY.Undo, N_("Check-in"), N_("Take back the last check-in")),
]


def key_text(keys: QKeySequence | QKeySequence.StandardKey | str) -> str:
    return QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)


class ShortcutsDialog(QDialog):
    KEYS, WHERE, WHAT = range(3)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.table = QTableWidget(len(SHORTCUTS), 3)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(640, 480)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Keyboard shortcuts"))
        self.table.setHorizontalHeaderLabels([_("Keys"), _("Where"), _("What it does")])
        for row, (keys, where, what) in enumerate(SHORTCUTS):
            for column, text in ((self.KEYS, key_text(keys)), (self.WHERE, _(where)),
                                 (self.WHAT, _(what))):
                self.table.setItem(row, column, QTableWidgetItem(text))
