"""The one form every dialog with fields uses: labelled fields with their error line,
keyboard-first (Enter moves to the next field, Ctrl+S submits, Esc cancels and asks when something
changed), a submit that runs the operation through ``ui.ops.run`` and keeps the form open with the
service's verdict next to the field it names. A record form saves a record (a duplicate offers to
open the existing one); an ``ActionDialog`` runs a transition its caller binds. Both note what was
read when the form opened, so a colleague's change saved meanwhile is asked about, not overwritten.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from functools import partial
from typing import ClassVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
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
from ui.common.attachment_panel import AttachmentPanel
from ui.common.date_edit import DateEdit
from ui.common.edit_conflict import EditConflictDialog, ask
from ui.common.link_list import LinkList
from ui.common.picked_list import PickedList
from ui.common.tab_order import follow_reading_order


def combo(items: Iterable[tuple[str, object]], empty: bool | str = True,
          current: object = None) -> QComboBox:
    """A combo of (label, value); with ``empty`` a first entry (blank, or the text given)
    means "none"."""
    box = QComboBox()
    fill(box, items, empty, current)
    return box


def fill(box: QComboBox, items: Iterable[tuple[str, object]], empty: bool | str = True,
         current: object = None) -> None:
    """``box`` holds ``items`` instead of what it held, ``current`` chosen."""
    box.clear()
    if empty is not False:
        box.addItem("" if empty is True else empty, None)
    for text, value in items:
        box.addItem(text, value)
    set_combo(box, current)


def labelled(labels: dict[str, str]) -> list[tuple[str, str]]:
    """(translated label, code) of a dict of N_-marked labels, for a combo."""
    return [(_(text), code) for code, text in labels.items()]


def set_combo(box: QComboBox, value) -> None:
    box.setCurrentIndex(max(box.findData(value), 0))


def _state(widget: QWidget):
    """What the officer can change in ``widget``, to tell whether they did; of a composite (a
    grid of targets, a table of items), the state of each of its parts."""
    if isinstance(widget, AttachmentPanel):  # a file is stored when it is added
        return None
    if isinstance(widget, QLineEdit | QAbstractSpinBox):
        return widget.text()
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QComboBox):
        return widget.currentIndex()
    if isinstance(widget, QCheckBox):
        return widget.isChecked()
    if isinstance(widget, PickedList):
        return widget.ids()
    if isinstance(widget, LinkList):
        return widget.values()
    if isinstance(widget, QTableWidget):
        cells = ((widget.item(row, column) for column in range(widget.columnCount()))
                 for row in range(widget.rowCount()))
        return [[(item.text(), item.checkState()) if item else None for item in row]
                for row in cells]
    if isinstance(widget, QListWidget):  # a checklist
        return [widget.item(row).checkState() for row in range(widget.count())]
    return [_state(child) for child in
            widget.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)]


class FormDialog(QDialog):
    """Subclasses add fields with ``add``, fill them, and implement ``collect`` and
    ``operation``. ``save`` (the OK button, Ctrl+S) runs the operation through ``ui.ops.run``;
    the form closes when it is done, with the ``Changes`` in ``saved``, and stays open with the
    refusal shown otherwise."""

    open_existing = Signal(str, int)  # entity, id of a duplicate the officer wants to see
    SIZE: ClassVar[tuple[int, int] | None] = (560, 640)  # None: as its fields need, unscrolled

    def __init__(self, parent=None,
                 button: QDialogButtonBox.StandardButton = QDialogButtonBox.StandardButton.Save):
        super().__init__(parent)
        # Before the form reads its record: what others save after this is theirs.
        self.decisions = edits.Decisions(edits.reading_mark())
        self.conflicts: EditConflictDialog | None = None
        self.fields: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self._titles: dict[str, str] = {}
        self._pristine: dict | None = None
        self.saved: Changes | None = None
        self.saving = False
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        body = QWidget()
        body.setLayout(self.form)
        if self.SIZE is not None:  # a long form scrolls; a short one grows with an error line
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setWidget(body)
            body = scroll
        self.message = QLabel()
        self.message.setObjectName("formMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        self.message.setOpenExternalLinks(False)
        self.message.linkActivated.connect(self._open_link)
        self.message.hide()
        self.save_anyway = QPushButton(_("Save anyway"))
        self.save_anyway.setObjectName("saveAnyway")
        self.save_anyway.clicked.connect(lambda: self.save(allow_similar=True))
        self.save_anyway.hide()
        self.buttons = QDialogButtonBox(button | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(body, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.save_anyway, 0, Qt.AlignmentFlag.AlignRight)
        layout.addWidget(self.buttons)
        if self.SIZE is not None:
            self.resize(*self.SIZE)
        if reason := session.read_only_reason():
            self.buttons.button(button).setEnabled(False)
            self.message.setText(reason)
            self.message.show()

    # Building ----------------------------------------------------------------------------

    def add(self, name: str, widget: QWidget, title: str = "") -> QWidget:
        """A field with its label (``title``, marked with ``N_``) and, under it, the line where
        its error shows."""
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
        self.form.addRow(QLabel(_(title)), holder)
        self.fields[name] = widget
        self.errors[name] = error
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

    # What changed ------------------------------------------------------------------------

    def mark_pristine(self) -> None:
        """What Esc compares with: the fields as filled now (done when the form is first
        shown)."""
        self._pristine = self._snapshot()

    def _snapshot(self) -> dict:
        return {name: _state(widget) for name, widget in self.fields.items()}

    def is_dirty(self) -> bool:
        return self._pristine is not None and self._snapshot() != self._pristine

    # Keyboard ----------------------------------------------------------------------------

    def showEvent(self, event) -> None:
        super().showEvent(event)
        follow_reading_order(self)
        if self._pristine is None:  # filled by now
            self.mark_pristine()

    def keyPressEvent(self, event) -> None:
        if event.matches(QKeySequence.StandardKey.Save):
            self.save()
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
        if self.SIZE is None:  # unscrolled: grow to show the wrapped lines in full
            self.adjustSize()

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


class ActionDialog(FormDialog):
    """A form whose OK runs the operation ``make`` builds from its fields (a demand's
    transition, its other arguments bound by the caller)."""

    SIZE = None

    def __init__(self, title: str, make: Callable[[], Callable[[], Changes]],
                 parent: QWidget | None = None):
        super().__init__(parent, QDialogButtonBox.StandardButton.Ok)
        self.setWindowTitle(title)
        self.setMinimumWidth(420)
        self._make = make

    def collect(self) -> None:
        """The fields are read by ``make``."""

    def operation(self, data, allow_similar: bool) -> Callable[[], Changes]:
        del data, allow_similar
        return self._make()
