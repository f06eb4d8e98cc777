"""A line edit that picks a person, an organization or a commissioner by name, pinyin initials
or phone, with a completer fed by ``app.search.lists.complete``. Given the form of a new record
(people and organizations: ``ui.register.forms``, whose forms hold pickers themselves),
the list ends with "New “…”…", which opens that form prefilled with the typed name and picks the
record saved there."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QStringListModel, Qt, QTimer, Signal
from PySide6.QtWidgets import QCompleter, QDialog, QLineEdit

from app.core.errors import UserError
from app.core.i18n import _
from app.register import people
from app.search import lists as search

NAMES = {"person": people.get_person, "organization": people.get_organization}


class RecordPicker(QLineEdit):
    picked = Signal(int)

    def __init__(self, entity: str, new_form: Callable[..., QDialog] | None = None, parent=None):
        super().__init__(parent)
        self.entity = entity
        self.new_form = new_form  # called with name= and parent=
        self.record_id: int | None = None
        self.create_form: QDialog | None = None  # the form opened by "New “…”…", while open
        self._choices: dict[str, int | None] = {}  # None: the entry that creates a record
        self._names: dict[int, str] = {}
        self._typed = ""
        self._model = QStringListModel(self)
        completer = QCompleter(self._model, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.activated[str].connect(self._activated)
        self.setCompleter(completer)
        self.textEdited.connect(self.show_choices)

    def show_choices(self, text: str) -> None:
        """The records that ``text`` finds, in the list under the line."""
        self.record_id = None
        self._typed = text.strip()
        choices = search.complete(self.entity, text)
        self._choices = {}
        for choice in choices:
            shown = f"{choice.name} · {choice.detail}" if choice.detail else choice.name
            self._choices[shown] = choice.id
            self._names[choice.id] = choice.name
        if (self.new_form is not None and self._typed
                and all(c.name != self._typed for c in choices)):
            self._choices[_("New “{name}”…").format(name=self._typed)] = None
        self._model.setStringList(list(self._choices))
        if self._choices:
            self.completer().complete()

    def _activated(self, shown: str) -> None:
        if shown not in self._choices:
            return
        record_id = self._choices[shown]
        # after the completer has put its own text into the line
        if record_id is None:
            typed = self._typed
            QTimer.singleShot(0, lambda: self.create(typed))
        else:
            QTimer.singleShot(0, lambda: self.set_record(record_id, self._names[record_id]))

    def create(self, name: str) -> None:
        """Open the form of a new record named ``name``; the record saved there is picked."""
        self.setText(name)
        form = self.create_form = self.new_form(name=name, parent=self.window())
        form.accepted.connect(lambda: self._take(form.saved.id))
        form.open_existing.connect(lambda entity, record_id: self._existing(form, entity,
                                                                            record_id))
        form.finished.connect(self._form_closed)
        form.open()

    def _existing(self, form: QDialog, entity: str, record_id: int) -> None:
        """The officer followed the form's link to a record already registered: pick that."""
        if entity == self.entity:
            self._take(record_id)
            form.done(QDialog.DialogCode.Rejected)

    def _take(self, record_id: int) -> None:
        self.set_record(record_id, NAMES[self.entity](record_id).name)
        self.setFocus()

    def _form_closed(self) -> None:
        self.create_form = None

    def chosen(self, field: str) -> int | None:
        """The picked record; typed text that was not picked from the list is an error."""
        if self.record_id is None and self.text().strip():
            if self.new_form is not None:
                raise UserError(_("Choose an entry from the list that opens as you type, or its "
                                  "last entry to register a new one."), field)
            raise UserError(_("Choose an entry from the list that opens as you type."), field)
        return self.record_id

    def set_record(self, record_id: int | None, name: str = "") -> None:
        self.record_id = record_id
        self.setText(name if record_id is not None else "")
        if record_id is not None:
            self.picked.emit(record_id)
