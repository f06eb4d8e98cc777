"""The frame every register form shares: labelled fields with their error line, keyboard-first
(Enter moves to the next field, Ctrl+S saves, Esc cancels and asks when something changed),
and the service's verdict shown next to the field it names; a duplicate offers to open the
existing record."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.core.changes import Changes
from app.core.errors import UserError
from app.core.i18n import _
from app.data import session
from app.history import edit_conflicts as edits
from app.register.duplicates import DuplicateError
from ui import ops
from ui.common.date_edit import DateEdit
from ui.common.edit_conflict import EditConflictDialog, ask
from ui.common.tab_order import follow_reading_order


def combo(items: list[tuple[str, object]], empty: bool = True) -> QComboBox:
    """A combo of (label, value); with ``empty`` a blank first entry means "none"."""
    box = QComboBox()
    if empty:
        box.addItem("", None)
    for text, value in items:
        box.addItem(text, value)
    return box


def set_combo(box: QComboBox, value) -> None:
    box.setCurrentIndex(max(box.findData(value), 0))


class KeyboardForm:
    """For a dialog with ``fields``: Enter moves to the next field, Ctrl+S runs ``save_now``,
    and Esc asks before throwing away what was typed since ``mark_pristine``."""

    _pristine: dict | None = None

    def save_now(self) -> None:
        raise NotImplementedError

    def mark_pristine(self) -> None:
        self._pristine = self._snapshot()

    def _snapshot(self) -> dict:
        values = {}
        for name, widget in self.fields.items():
            if isinstance(widget, QLineEdit):
                values[name] = widget.text()
            elif isinstance(widget, QPlainTextEdit):
                values[name] = widget.toPlainText()
            elif isinstance(widget, QComboBox):
                values[name] = widget.currentIndex()
            elif isinstance(widget, QCheckBox):
                values[name] = widget.isChecked()
        return values

    def is_dirty(self) -> bool:
        return self._pristine is not None and self._snapshot() != self._pristine

    def keyPressEvent(self, event) -> None:
        if event.matches(QKeySequence.StandardKey.Save):
            self.save_now()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not isinstance(
                self.focusWidget(), QPlainTextEdit | QPushButton):
            self.focusNextChild()
            return
        super().keyPressEvent(event)

    def reject(self) -> None:
        if self.is_dirty():
            answer = QMessageBox.question(
                self, _("Unsaved changes"), _("Discard the changes you made?"),
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel)
            if answer != QMessageBox.StandardButton.Discard:
                return
        super().reject()


class FormDialog(KeyboardForm, QDialog):
    """Subclasses add fields with ``add``, fill them, and implement ``collect`` and
    ``operation``. Saving runs the operation through ``ui.ops.run``; the dialog closes when it
    is done, with the ``Changes`` in ``saved``."""

    open_existing = Signal(str, int)  # entity, id of a duplicate the officer wants to see

    def __init__(self, parent=None):
        super().__init__(parent)
        # Before the subclass reads its record: what others save after this is theirs.
        self.decisions = edits.Decisions(edits.reading_mark())
        self.conflicts: EditConflictDialog | None = None
        self.fields: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self.saved: Changes | None = None
        self.saving = False
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        body = QWidget()
        body.setLayout(self.form)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        self.message = QLabel()
        self.message.setObjectName("formMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        self.message.setOpenExternalLinks(False)
        self.message.linkActivated.connect(self._open_link)
        self.message.hide()
        self.save_anyway = QPushButton()
        self.save_anyway.setObjectName("saveAnyway")
        self.save_anyway.clicked.connect(lambda: self.save(allow_similar=True))
        self.save_anyway.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.save_anyway, 0, Qt.AlignmentFlag.AlignRight)
        layout.addWidget(self.buttons)
        self.resize(560, 640)
        if reason := session.read_only_reason():
            self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(False)
            self.message.setText(reason)
            self.message.show()

    # Building ----------------------------------------------------------------------------

    def add(self, name: str, widget: QWidget, title: str = "") -> QWidget:
        """A field with its label and, under it, the line where its error shows."""
        error = QLabel()
        error.setObjectName(f"error_{name}")
        error.setStyleSheet("color: #b00020;")
        error.setWordWrap(True)
        error.hide()
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        column.addWidget(error)
        widget.setObjectName(f"field_{name}")
        if isinstance(widget, DateEdit):
            widget.field = name
        self.form.addRow(QLabel(), holder)
        self.fields[name] = widget
        self.errors[name] = error
        self._titles = getattr(self, "_titles", {})
        self._titles[name] = title
        return widget

    def retranslate_labels(self) -> None:
        self.save_anyway.setText(_("Save anyway"))
        for row, (name, _widget) in enumerate(self.fields.items()):
            label = self.form.itemAt(row, QFormLayout.ItemRole.LabelRole).widget()
            label.setText(_(self._titles[name]))

    def _typed_date(self, name: str) -> date | None:
        """The date in the field ``name`` if one is typed there (where a related date's
        calendar opens)."""
        try:
            value = self.fields[name].value()
        except UserError:
            return None
        return value.date() if isinstance(value, datetime) else value

    # Keyboard ----------------------------------------------------------------------------

    def showEvent(self, event) -> None:
        super().showEvent(event)
        follow_reading_order(self)

    # Saving ------------------------------------------------------------------------------

    def collect(self):
        raise NotImplementedError

    def operation(self, data, allow_similar: bool) -> Callable[[], Changes]:
        """The app function that saves ``data``, its arguments bound (``functools.partial``)."""
        raise NotImplementedError

    def clear_errors(self) -> None:
        for label in self.errors.values():
            label.hide()
        self.message.hide()
        self.save_anyway.hide()

    def show_error(self, error: UserError) -> None:
        if error.field in self.errors:
            self.errors[error.field].setText(error.message)
            self.errors[error.field].show()
            self.fields[error.field].setFocus()
        else:
            self.message.setText(error.message)
            self.message.show()

    def save_now(self) -> None:
        self.save()

    def save(self, allow_similar: bool = False) -> None:
        if self.saving:  # Ctrl+S pressed again while the first save runs
            return
        self.clear_errors()
        try:
            op = self.operation(self.collect(), allow_similar)
        except UserError as error:
            self.show_error(error)
            return
        self.saving = True
        ops.run(partial(edits.saved_as_read, self.decisions, op), parent=self,
                title=self.windowTitle(), on_done=self._saved,
                on_error=lambda error: self._refused(error, allow_similar))

    def _saved(self, changes: Changes) -> None:
        self.saving = False
        self.saved = changes
        self._pristine = None
        self.accept()

    def _refused(self, error: UserError, allow_similar: bool) -> None:
        self.saving = False
        if isinstance(error, edits.Conflicted):
            self.conflicts = ask(self, error, self.decisions, lambda: self.save(allow_similar))
        elif isinstance(error, DuplicateError):
            self._duplicates(error)
        else:
            self.show_error(error)

    def _duplicates(self, error: DuplicateError) -> None:
        links = "<br>".join(f'<a href="{d.entity}:{d.id}">{d.describe()}</a>'
                            for d in error.duplicates)
        if error.blocking:
            self.show_error(UserError(error.message, error.field))
            self.message.setText(_("Already registered:") + "<br>" + links)
            self.message.show()
            return
        self.message.setText(_("Similar records exist:") + "<br>" + links)
        self.message.show()
        self.save_anyway.show()
        self.save_anyway.setFocus()

    def _open_link(self, link: str) -> None:
        entity, record_id = link.split(":")
        self.open_existing.emit(entity, int(record_id))
