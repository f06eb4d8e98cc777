"""The check-in screen: a laptop at the door of an event, used with the keyboard only.

Type a name, pinyin initials or the last digits of a mobile; Up/Down move the highlight, Enter
checks the highlighted invitee in. Ctrl+Z undoes the last check-in, Ctrl+N goes to the walk-in
form (Enter moves on and finally checks the walk-in in, Esc goes back to the search), F9 shows
who has not come. Esc in an empty search closes the window.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.activities import checkin, events
from app.core import i18n
from app.core.changes import Changes
from app.core.clock import to_local
from app.core.errors import UserError
from app.core.i18n import N_, _, format_time
from app.register.common import label
from app.search import lists as search
from ui import ops
from ui.common.record_picker import RecordPicker
from ui.common.rows_model import Row, RowsModel
from ui.common.tips import with_shortcut
from ui.register.forms import OrganizationForm

UNDO_KEYS = QKeySequence.StandardKey.Undo
WALK_IN_KEYS = "Ctrl+N"
ABSENT_KEYS = "F9"

HEADERS = (N_("Name"), N_("Organization"), N_("Mobile"), N_("Status"))


def _rows(found: list[events.ParticipantRow]) -> list[Row]:
    return [Row((p.name, p.organization, p.mobile, label(events.STATUS_LABELS, p.status)), p.id)
            for p in found]


def _table(model: RowsModel, row_height: int) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(row_height)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    return view


class CheckinScreen(QDialog):
    def __init__(self, event_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.event_id = event_id
        self.setObjectName("checkinScreen")
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint)
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 20px; font-weight: bold;")
        self.heading.setWordWrap(True)
        self.count = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.count.setObjectName("checkinCount")
        self.count.setStyleSheet("font-size: 56px; font-weight: bold; color: #1b5e20;")
        self.count_caption = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.search = QLineEdit()
        self.search.setObjectName("checkinSearch")
        self.search.setStyleSheet("font-size: 22px; padding: 6px;")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.refresh_results)
        self.search.installEventFilter(self)
        self.model = RowsModel(lambda: [_(h) for h in HEADERS], self)
        self.results = _table(self.model, 38)
        self.results.setStyleSheet("font-size: 16px;")
        self.results.doubleClicked.connect(lambda index: self.check_in_row(index.row()))
        self.message = QLabel()
        self.message.setObjectName("checkinMessage")
        self.message.setStyleSheet("font-size: 16px;")
        self.message.setWordWrap(True)
        self.undo_button = QPushButton()
        self.undo_button.clicked.connect(self.undo)
        self.absent_button = QPushButton()
        self.absent_button.setCheckable(True)
        self.absent_button.toggled.connect(self.show_absent)

        self.walk_in_box = QGroupBox()
        self.walk_name, self.walk_mobile = QLineEdit(), QLineEdit()
        self.walk_org = RecordPicker("organization", OrganizationForm)
        self._new_organization = ""  # a unit the officer confirmed as new despite close matches
        self.walk_name.setObjectName("walkInName")
        self.walk_mobile.setObjectName("walkInMobile")
        self.walk_org.setObjectName("walkInOrganization")
        self.walk_form = QFormLayout(self.walk_in_box)
        for edit in (self.walk_name, self.walk_mobile, self.walk_org):
            self.walk_form.addRow(QLabel(), edit)
            edit.installEventFilter(self)
        self.walk_button = QPushButton()
        self.walk_button.clicked.connect(self.walk_in)
        self.walk_form.addRow(self.walk_button)

        self.absent_box = QGroupBox()
        self.absent_model = RowsModel(lambda: [_(h) for h in HEADERS], self)
        self.absent_list = _table(self.absent_model, 28)
        self.mark_absent_button = QPushButton()
        self.mark_absent_button.clicked.connect(self.mark_absent)
        absent_layout = QVBoxLayout(self.absent_box)
        absent_layout.addWidget(self.absent_list)
        absent_layout.addWidget(self.mark_absent_button)
        self.absent_box.hide()

        side = QVBoxLayout()
        side.addWidget(self.count)
        side.addWidget(self.count_caption)
        side.addSpacing(12)
        side.addWidget(self.undo_button)
        side.addWidget(self.walk_in_box)
        side.addWidget(self.absent_button)
        side.addStretch()
        main = QVBoxLayout()
        main.addWidget(self.search)
        main.addWidget(self.results, 2)
        main.addWidget(self.message)
        main.addWidget(self.absent_box, 1)
        body = QHBoxLayout()
        body.addLayout(main, 3)
        body.addLayout(side, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(body, 1)

        QShortcut(QKeySequence(UNDO_KEYS), self, activated=self.undo)
        QShortcut(QKeySequence(WALK_IN_KEYS), self, activated=self.focus_walk_in)
        QShortcut(QKeySequence(ABSENT_KEYS), self).activated.connect(
            lambda: self.absent_button.toggle())
        self.resize(1100, 720)
        self.retranslate()
        self.refresh_results()
        self.search.setFocus()

    # Texts -------------------------------------------------------------------------------

    def retranslate(self) -> None:
        event = events.get_event(self.event_id)
        self.setWindowTitle(_("Check-in: {title}").format(title=event.title))
        self.heading.setText(_("Check-in: {title}").format(title=event.title))
        self.count_caption.setText(_("attended / invited"))
        self.search.setPlaceholderText(
            _("Name, pinyin initials or last 4 digits of the mobile — Enter checks in"))
        # The keys stay in sight at an event, written the platform's way.
        self.undo_button.setText(with_shortcut(_("Undo last check-in"), UNDO_KEYS))
        self.walk_in_box.setTitle(with_shortcut(_("Walk-in"), WALK_IN_KEYS))
        for row, text in enumerate((_("Name"), _("Mobile"), _("Organization"))):
            self.walk_form.itemAt(row, QFormLayout.ItemRole.LabelRole).widget().setText(text)
        self.walk_button.setText(_("Check in walk-in"))
        self.absent_button.setText(with_shortcut(_("Absent list"), ABSENT_KEYS))
        self.absent_box.setTitle(_("Not checked in"))
        self.mark_absent_button.setText(_("Mark them all absent"))
        self.model.retranslate()
        self.absent_model.retranslate()
        self._show_tally(checkin.tally(self.event_id))

    def _show_tally(self, tally: checkin.Tally) -> None:
        self.count.setText(f"{tally.attended} / {tally.invited}")

    def say(self, text: str, ok: bool = True) -> None:
        self.message.setStyleSheet(f"font-size: 16px; color: {'#1b5e20' if ok else '#b00020'};")
        self.message.setText(text)

    # Search and check-in -----------------------------------------------------------------

    def refresh_results(self) -> None:
        self.model.set_rows(_rows(checkin.lookup(self.event_id, self.search.text())))
        if self.model.rowCount():
            self.results.selectRow(0)

    def highlighted(self) -> int | None:
        rows = self.results.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def _move(self, step: int) -> None:
        current = self.highlighted()
        count = self.model.rowCount()
        if count:
            self.results.selectRow(min(max((current or 0) + step, 0), count - 1))

    def check_in_row(self, row: int | None) -> None:
        if row is None:
            self.say(_("Nobody matches. Ctrl+N records a walk-in."), ok=False)
            return
        self._run(partial(checkin.check_in, self.model.row_id(row)),
                  lambda shown: _("✓ {name} checked in at {time}.").format(
                      name=shown.name, time=format_time(to_local(shown.checked_in_at))))

    def _run(self, op, said: Callable[[checkin.CheckedIn], str], refused=None) -> None:
        """Run a check-in (or its undo) on the write lane; ``said`` is what the door says."""
        def done(changes: Changes) -> None:
            self._done(said(changes.detail), changes.detail.tally)

        def failed(error: UserError) -> None:
            self.say(error.message, ok=False)
            if refused is not None:
                refused(error)

        ops.run(op, parent=self, title=self.windowTitle(), on_done=done, on_error=failed)

    def _done(self, text: str, tally: checkin.Tally) -> None:
        self.say(text)
        self._show_tally(tally)
        self.search.clear()
        self.refresh_results()
        if self.absent_box.isVisible():
            self.show_absent(True)
        self.search.setFocus()

    def undo(self) -> None:
        self._run(partial(checkin.undo_last, self.event_id),
                  lambda shown: _("↶ Check-in of {name} undone.").format(name=shown.name))

    # Walk-ins ----------------------------------------------------------------------------

    def focus_walk_in(self) -> None:
        self.walk_name.setText(self.search.text() if not self.search.text().isdigit() else "")
        self.walk_name.setFocus()
        self.walk_name.selectAll()

    def walk_in(self) -> None:
        unit = self.walk_org.text().strip()
        if self.walk_org.record_id is None and unit and unit != self._new_organization:
            close = [c.name for c in search.complete("organization", unit)]
            if close and unit not in close:
                self._new_organization = unit
                self.say(_("Registered units like “{unit}”: {names}. Choose one from the list, or "
                           "press Enter again to register “{unit}” as a new unit.").format(
                    unit=unit, names=i18n.join_list(close[:3])), ok=False)
                self.walk_org.setFocus()
                self.walk_org.show_choices(unit)
                return
        def said(shown: checkin.CheckedIn) -> str:
            for edit in (self.walk_name, self.walk_mobile, self.walk_org):
                edit.clear()
            self.walk_org.set_record(None)
            self._new_organization = ""
            return _("✓ Walk-in {name} checked in.").format(name=shown.name)

        self._run(partial(checkin.walk_in, self.event_id, self.walk_name.text(),
                          self.walk_mobile.text(), unit, organization_id=self.walk_org.record_id),
                  said, lambda error: {"mobile": self.walk_mobile}.get(
                      error.field, self.walk_name).setFocus())

    # Absent list -------------------------------------------------------------------------

    def show_absent(self, shown: bool) -> None:
        self.absent_box.setVisible(shown)
        if shown:
            self.absent_model.set_rows(_rows(checkin.not_attended(self.event_id)))

    def mark_absent(self) -> None:
        def done(changes: Changes) -> None:
            self.say(_("{count} marked absent.").format(count=len(changes.ids("participant"))))
            self.show_absent(True)
            self.refresh_results()

        ops.run(partial(checkin.close_check_in, self.event_id), parent=self,
                title=self.windowTitle(), on_done=done)

    # Keyboard ----------------------------------------------------------------------------

    def eventFilter(self, watched, event) -> bool:
        """The keys of the screen, whichever line has the focus (a line edit would otherwise
        take Ctrl+Z as its own undo)."""
        if event.type() != event.Type.KeyPress:
            return super().eventFilter(watched, event)
        key = event.key()
        if event.matches(UNDO_KEYS):
            self.undo()
        elif event.keyCombination() == QKeySequence(WALK_IN_KEYS)[0]:
            self.focus_walk_in()
        elif event.keyCombination() == QKeySequence(ABSENT_KEYS)[0]:
            self.absent_button.toggle()
        elif watched is self.search and key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            self._move(1 if key == Qt.Key.Key_Down else -1)
        elif watched is self.search and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.check_in_row(self.highlighted())
        elif watched is self.search and key == Qt.Key.Key_Escape:
            if self.search.text():
                self.search.clear()
            else:  # nothing typed: Esc leaves the check-in, as it leaves any window
                self.close()
        elif watched is not self.search and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if watched is self.walk_org:
                self.walk_in()
            else:
                self.focusNextChild()
        elif watched is not self.search and key == Qt.Key.Key_Escape:
            self.search.setFocus()
        else:
            return super().eventFilter(watched, event)
        return True
