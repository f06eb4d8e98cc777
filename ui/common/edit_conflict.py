"""The question a form asks when someone else saved the same fields of its record since it was
opened: both values side by side, and which to keep, field by field."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from app.core.i18n import _, pgettext
from app.history import edit_conflicts as edits
from ui.common.text_table import text_table


class EditConflictDialog(QDialog):
    def __init__(self, error: edits.Conflicted, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Changed by someone else"))
        self.resize(760, 320)
        intro = QLabel(_("Since you opened this record, someone else saved other values in the "
                         "fields below. Choose, field by field, which value to keep; the other "
                         "fields they changed keep their values, the rest keep yours."))
        intro.setWordWrap(True)
        shown = [edits.describe(c) for c in error.conflicts]
        self.table = text_table([_("Kind"), pgettext("record field", "Field"),
                             _("When you opened it"), _("Saved since"), _("Yours"), _("Keep")],
                            [[s.kind, s.field, s.read, s.theirs, s.mine, None] for s in shown])
        self.table.setObjectName("editConflicts")
        self.choices: list[tuple[edits.FieldConflict, QComboBox]] = []
        for row, conflict in enumerate(error.conflicts):
            choice = QComboBox()
            choice.addItem(_("Yours"), edits.MINE)
            choice.addItem(_("Saved since"), edits.THEIRS)
            self.table.setCellWidget(row, 5, choice)
            self.choices.append((conflict, choice))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.addButton(_("Save with these values"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)

    def decide(self, decisions: edits.Decisions) -> None:
        for conflict, choice in self.choices:
            decisions.decide(conflict, choice.currentData())


def ask(parent: QWidget, error: edits.Conflicted, decisions: edits.Decisions,
        again: Callable[[], None]) -> EditConflictDialog:
    """Open the question over ``parent``; once answered, the answers join ``decisions`` and
    ``again()`` saves again (a value saved meanwhile is asked about again)."""
    dialog = EditConflictDialog(error, parent)

    def decided() -> None:
        dialog.decide(decisions)
        again()

    dialog.accepted.connect(decided)
    dialog.open()
    return dialog
