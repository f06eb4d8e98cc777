"""A line edit that picks a person, an organization or a commissioner by name, pinyin initials
or phone, with a completer fed by ``app.search.complete``."""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt, QTimer, Signal
from PySide6.QtWidgets import QCompleter, QLineEdit

from app import search
from app.errors import UserError
from app.i18n import _


class RecordPicker(QLineEdit):
    picked = Signal(int)

    def __init__(self, entity: str, parent=None):
        super().__init__(parent)
        self.entity = entity
        self.record_id: int | None = None
        self._choices: dict[str, int] = {}
        self._names: dict[int, str] = {}
        self._model = QStringListModel(self)
        completer = QCompleter(self._model, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.activated[str].connect(self._activated)
        self.setCompleter(completer)
        self.textEdited.connect(self._edited)

    def _edited(self, text: str) -> None:
        self.record_id = None
        choices = search.complete(self.entity, text)
        self._choices = {}
        for choice in choices:
            shown = f"{choice.name} · {choice.detail}" if choice.detail else choice.name
            self._choices[shown] = choice.id
            self._names[choice.id] = choice.name
        self._model.setStringList(list(self._choices))
        if self._choices:
            self.completer().complete()

    def _activated(self, shown: str) -> None:
        if shown in self._choices:
            record_id = self._choices[shown]
            # after the completer has put its own text into the line
            QTimer.singleShot(0, lambda: self.set_record(record_id, self._names[record_id]))

    def chosen(self, field: str) -> int | None:
        """The picked record; typed text that was not picked from the list is an error."""
        if self.record_id is None and self.text().strip():
            raise UserError(_("Choose an entry from the list that opens as you type."), field)
        return self.record_id

    def set_record(self, record_id: int | None, name: str = "") -> None:
        self.record_id = record_id
        self.setText(name if record_id is not None else "")
        if record_id is not None:
            self.picked.emit(record_id)
