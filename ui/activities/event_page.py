"""One event: its facts, participants with their statuses, outcomes and attachments."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.activities import events
from app.core.changes import Changes
from app.core.clock import to_local
from app.core.errors import UserError
from app.core.i18n import N_, _, format_date, format_datetime, format_time, join_list, ngettext
from app.register.common import label
from ui import ops
from ui.activities.event_forms import EventForm, InviteDialog, OutcomeForm
from ui.common.attachment_panel import AttachmentPanel
from ui.common.confirm import confirmed
from ui.common.form import labelled
from ui.common.rows_model import Row, RowsModel

# What the events list and an event's page show: they reload when a change wrote one of these.
EVENT_TABLES = ("event", "participant", "outcome", "outcome_party", "attachment", "person",
                "organization", "commissioner", "demand")
PARTICIPANT_HEADERS = (N_("Name"), N_("Organization"), N_("Mobile"), N_("Role"), N_("Status"),
                       N_("Checked in"), N_("By"), N_("Walk-in"))
OUTCOME_HEADERS = (N_("Type"), N_("Parties"), N_("Description"), N_("Demand"), N_("Signed on"))


def time_span(starts_at, ends_at) -> str:
    """Start and end on this computer's clock; the end's date only when it is another day."""
    start, end = to_local(starts_at), to_local(ends_at)
    text = format_datetime(start, "short")
    if end is not None:
        text += " – " + (format_time(end) if end.date() == start.date()
                         else format_datetime(end, "short"))
    return text


def table(model: RowsModel, widths: tuple[int, ...]) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(26)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.horizontalHeader().setStretchLastSection(True)
    for column, width in enumerate(widths):
        view.setColumnWidth(column, width)
    return view


class EventPage(QWidget):
    back_requested = Signal()
    check_in_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.shown: events.EventData | None = None
        self.active_dialog = None
        self.back_button = QPushButton()
        self.edit_button = QPushButton()
        self.invite_button = QPushButton()
        self.checkin_button = QPushButton()
        self.checkin_button.setObjectName("checkInButton")
        self.delete_button = QPushButton()
        self.back_button.clicked.connect(self.back_requested)
        self.edit_button.clicked.connect(self.edit_event)
        self.invite_button.clicked.connect(self.invite)
        self.checkin_button.clicked.connect(lambda: self.check_in_requested.emit(self.shown.id))
        self.delete_button.clicked.connect(self.delete_event)
        QShortcut(QKeySequence("F5"), self).activated.connect(lambda: self.checkin_button.click())
        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addStretch()
        for button in (self.edit_button, self.invite_button, self.checkin_button,
                       self.delete_button):
            top.addWidget(button)

        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.title.setStyleSheet("font-size: 18px; font-weight: bold;")
        self.title.setWordWrap(True)
        self.facts = QLabel()
        self.facts.setWordWrap(True)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.participant_model = RowsModel(lambda: [_(h) for h in PARTICIPANT_HEADERS], self)
        self.participants = table(self.participant_model, (150, 230, 110, 70, 70, 130, 90))
        self.participants.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.status_buttons: dict[str, QPushButton] = {}
        people_bar = QHBoxLayout()
        for status in ("registered", "attended", "absent"):
            button = QPushButton()
            button.clicked.connect(lambda _c=False, s=status: self.set_status(s))
            self.status_buttons[status] = button
            people_bar.addWidget(button)
        self.role_box = QComboBox()
        self.role_button = QPushButton()
        self.role_button.clicked.connect(self.set_role)
        self.remove_button = QPushButton()
        self.remove_button.clicked.connect(self.remove_participants)
        people_bar.addWidget(self.role_box)
        people_bar.addWidget(self.role_button)
        people_bar.addWidget(self.remove_button)
        people_bar.addStretch()
        people_tab = QWidget()
        people_layout = QVBoxLayout(people_tab)
        people_layout.addWidget(self.participants, 1)
        people_layout.addLayout(people_bar)

        self.outcome_model = RowsModel(lambda: [_(h) for h in OUTCOME_HEADERS], self)
        self.outcomes = table(self.outcome_model, (160, 300, 360, 200))
        self.outcomes.doubleClicked.connect(lambda _i: self.edit_outcome())
        self.new_outcome_button = QPushButton()
        self.edit_outcome_button = QPushButton()
        self.delete_outcome_button = QPushButton()
        self.new_outcome_button.clicked.connect(lambda: self.edit_outcome(new=True))
        self.edit_outcome_button.clicked.connect(self.edit_outcome)
        self.delete_outcome_button.clicked.connect(self.delete_outcome)
        outcome_bar = QHBoxLayout()
        for button in (self.new_outcome_button, self.edit_outcome_button,
                       self.delete_outcome_button):
            outcome_bar.addWidget(button)
        outcome_bar.addStretch()
        outcome_tab = QWidget()
        outcome_layout = QVBoxLayout(outcome_tab)
        outcome_layout.addWidget(self.outcomes, 1)
        outcome_layout.addLayout(outcome_bar)

        self.attachments = AttachmentPanel()
        self.tabs = QTabWidget()
        self.tabs.addTab(people_tab, "")
        self.tabs.addTab(outcome_tab, "")
        self.tabs.addTab(self.attachments, "")

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.title)
        layout.addWidget(self.facts)
        layout.addWidget(self.tabs, 1)
        ops.hub().changes_made.connect(self._changed_elsewhere)
        self.retranslate()

    # Showing -----------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.back_button.setText(_("← Events"))
        self.edit_button.setText(_("Edit"))
        self.invite_button.setText(_("Invite…"))
        self.checkin_button.setText(_("Check-in (F5)"))
        self.delete_button.setText(_("Delete"))
        for status, button in self.status_buttons.items():
            button.setText(_("Mark {status}").format(status=_(events.STATUS_LABELS[status])))
        current = self.role_box.currentData()
        self.role_box.clear()
        for text, code in labelled(events.ROLE_LABELS):
            self.role_box.addItem(text, code)
        self.role_box.setCurrentIndex(max(self.role_box.findData(current), 0))
        self.role_button.setText(_("Set role"))
        self.remove_button.setText(_("Remove"))
        self.new_outcome_button.setText(_("New outcome…"))
        self.edit_outcome_button.setText(_("Edit…"))
        self.delete_outcome_button.setText(_("Delete"))
        self.participant_model.retranslate()
        self.outcome_model.retranslate()
        self.attachments.retranslate()
        if self.shown is not None:
            self.show_event(self.shown.id)
        else:
            self._tab_titles()

    def _tab_titles(self) -> None:
        event = self.shown
        self.tabs.setTabText(0, _("Participants ({attended} / {invited})").format(
            attended=event.attended if event else 0, invited=event.invited if event else 0))
        self.tabs.setTabText(1, _("Outcomes ({count})").format(count=event.outcomes if event else 0))
        self.tabs.setTabText(2, _("Attachments"))

    def show_event(self, event_id: int) -> None:
        self.shown = event = events.get_event(event_id)
        self.title.setText(event.title)
        when = time_span(event.starts_at, event.ends_at)
        facts = [label(events.EVENT_KIND_LABELS, event.kind), when, event.place, event.organizer]
        text = " · ".join(x for x in facts if x)
        if event.summary:
            text += "\n" + event.summary
        self.facts.setText(text)
        self.participant_model.set_rows([
            Row((p.name, p.organization, p.mobile, label(events.ROLE_LABELS, p.role),
                 label(events.STATUS_LABELS, p.status), format_datetime(to_local(p.checked_in_at), "short"),
                 p.checked_in_by, _("Yes") if p.walk_in else ""), p.id, warn=p.status == "absent")
            for p in events.participants(event_id)])
        self.outcome_model.set_rows([
            Row((label(events.OUTCOME_LABELS, o.kind), join_list(o.parties, cell=True), o.description,
                 o.demand, format_date(o.signed_on)), o.id)
            for o in events.outcomes(event_id)])
        self.attachments.set_owner("event", event.uuid)
        self._tab_titles()

    def _selected(self, view: QTableView, model: RowsModel) -> list[int]:
        return [model.row_id(i.row()) for i in view.selectionModel().selectedRows()]

    def _changed_elsewhere(self, changes: Changes) -> None:
        if self.shown is None or not self.isVisible() or not changes.touches(*EVENT_TABLES):
            return
        try:
            self.show_event(self.shown.id)
        except UserError:  # the event was deleted (here, or undone elsewhere)
            self.shown = None
            self.back_requested.emit()

    def _run(self, op) -> None:
        ops.run(op, parent=self, title=_("Events"))

    # Participants ------------------------------------------------------------------------

    def set_status(self, status: str) -> None:
        ids = self._selected(self.participants, self.participant_model)
        if ids:
            self._run(partial(events.set_status, ids, status))

    def set_role(self) -> None:
        ids = self._selected(self.participants, self.participant_model)
        if ids:
            self._run(partial(events.set_role, ids, self.role_box.currentData()))

    def remove_participants(self) -> None:
        ids = self._selected(self.participants, self.participant_model)
        if ids and confirmed(self, _("Remove participants"), ngettext(
                "Remove {count} participant from the event?",
                "Remove {count} participants from the event?", len(ids)).format(count=len(ids))):
            self._run(partial(events.remove_participants, ids))

    def invite(self) -> None:
        self.active_dialog = InviteDialog(self.shown.id, self)
        self.active_dialog.open()

    # Event and outcomes ------------------------------------------------------------------

    def edit_event(self) -> None:
        try:
            self.active_dialog = EventForm(self.shown, self)
        except UserError as error:  # deleted meanwhile, elsewhere
            QMessageBox.warning(self, _("Events"), error.message)
            return
        self.active_dialog.open()

    def delete_event(self) -> None:
        answer = QMessageBox.question(self, _("Delete event"),
                                      _("Move {title} to the recycle bin?").format(
                                          title=self.shown.title))
        if answer == QMessageBox.StandardButton.Yes:
            ops.run(partial(events.delete_event, self.shown.id), parent=self,
                    title=_("Delete event"))  # the page goes back when its event is gone

    def edit_outcome(self, new: bool = False) -> None:
        outcome = None
        if not new:
            ids = self._selected(self.outcomes, self.outcome_model)
            if not ids:
                return
            outcome = next(o for o in events.outcomes(self.shown.id) if o.id == ids[0])
        self.active_dialog = OutcomeForm(self.shown.id, outcome, self)
        self.active_dialog.open()

    def delete_outcome(self) -> None:
        ids = self._selected(self.outcomes, self.outcome_model)
        if ids and confirmed(self, _("Delete outcome"),
                             _("Move the selected outcome to the recycle bin?")):
            self._run(partial(events.delete_outcome, ids[0]))
