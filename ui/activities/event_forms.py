"""The event form, the outcome form and the invitation dialog (one by one, or in bulk by a filter).

Dialogs are opened with ``open()`` by their callers and kept in ``parent.active_dialog`` so a test
can fill and accept them.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import partial

from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabWidget,
    QWidget,
)

from app.activities import events
from app.core import dictionaries
from app.core.clock import to_local, to_utc
from app.core.i18n import N_, _, ngettext
from app.register.common import LEVEL_LABELS
from ui.common.date_edit import DateEdit
from ui.common.form import FormDialog, combo, labelled, set_combo
from ui.common.picked_list import PickedList
from ui.register.forms import OrganizationForm, PersonForm


class EventForm(FormDialog):
    def __init__(self, event: events.EventData | None = None, parent=None):
        """Raises UserError when ``event`` was deleted meanwhile."""
        super().__init__(parent)
        # Read again after the form's mark: the page that opens it may show what it read hours
        # ago, and a colleague's change saved since would be overwritten unseen.
        event = self.record = events.get_event(event.id) if event is not None else None
        self.add("kind", combo(labelled(events.EVENT_KIND_LABELS), empty=False), N_("Kind"))
        self.add("title", QLineEdit(), N_("Event title"))
        self.add("starts_at", DateEdit(with_time=True), N_("Starts"))
        self.add("ends_at", DateEdit(with_time=True), N_("Ends"))
        self.add("place", QLineEdit(), N_("Place"))
        self.add("organizer", QLineEdit(), N_("Organizer"))
        self.add("summary", QPlainTextEdit(), N_("Summary"))
        f = self.fields
        if event is not None:
            set_combo(f["kind"], event.kind)
            f["title"].setText(event.title)
            f["starts_at"].set_value(to_local(event.starts_at))
            f["ends_at"].set_value(to_local(event.ends_at))
            f["place"].setText(event.place)
            f["organizer"].setText(event.organizer)
            f["summary"].setPlainText(event.summary)
        else:
            f["starts_at"].set_value(datetime.combine(date.today() + timedelta(days=1),
                                                      time(9, 0)))
        f["ends_at"].anchor = lambda: self._typed_date("starts_at")
        self.setWindowTitle(_("New event") if event is None else _("Edit event"))
        self.retranslate_labels()

    def collect(self) -> events.EventInput:
        f = self.fields
        return events.EventInput(
            kind=f["kind"].currentData(), title=f["title"].text(),
            starts_at=to_utc(f["starts_at"].value()), ends_at=to_utc(f["ends_at"].value()),
            place=f["place"].text(), organizer=f["organizer"].text(),
            summary=f["summary"].toPlainText())

    def operation(self, data, allow_similar: bool):
        del allow_similar
        return partial(events.save_event, data, self.record.id if self.record else None)


class OutcomeForm(FormDialog):
    def __init__(self, event_id: int, outcome: events.OutcomeData | None = None, parent=None):
        super().__init__(parent)
        self.event_id, self.outcome = event_id, outcome
        self.add("kind", combo(labelled(events.OUTCOME_LABELS), empty=False), N_("Type"))
        self.add("commissioners", PickedList("commissioner"), N_("Commissioners"))
        self.add("organizations", PickedList("organization", OrganizationForm), N_("Organizations"))
        self.add("parties", QLabel(), "")
        self.add("description", QPlainTextEdit(), N_("Description"))
        self.add("demand", combo([(text, value) for value, text in events.demand_choices()]),
                 N_("Demand"))
        self.add("signed_on", DateEdit(), N_("Signed on"))
        f = self.fields
        if outcome is not None:
            set_combo(f["kind"], outcome.kind)
            names = iter(outcome.parties)
            for commissioner_id in outcome.commissioner_ids:
                f["commissioners"].add(commissioner_id, next(names))
            for organization_id in outcome.organization_ids:
                f["organizations"].add(organization_id, next(names))
            f["description"].setPlainText(outcome.description)
            set_combo(f["demand"], outcome.demand_id)
            f["signed_on"].set_value(outcome.signed_on)
        self.setWindowTitle(_("New outcome") if outcome is None else _("Edit outcome"))
        self.retranslate_labels()

    def collect(self) -> events.OutcomeInput:
        f = self.fields
        return events.OutcomeInput(
            kind=f["kind"].currentData(), description=f["description"].toPlainText(),
            commissioner_ids=f["commissioners"].ids(), organization_ids=f["organizations"].ids(),
            demand_id=f["demand"].currentData(), signed_on=f["signed_on"].value(),
            event_id=self.event_id)

    def operation(self, data, allow_similar: bool):
        del allow_similar
        return partial(events.save_outcome, data, self.outcome.id if self.outcome else None)


class InviteDialog(FormDialog):
    """Invite register records to an event: picked one by one, or all that match a filter."""

    SIZE = None

    def __init__(self, event_id: int, parent: QWidget | None = None):
        super().__init__(parent, QDialogButtonBox.StandardButton.Ok)
        self.event_id = event_id
        self.tabs = QTabWidget()
        one = QWidget()
        self.one_form = QFormLayout(one)
        self.commissioners = PickedList("commissioner")
        self.people = PickedList("person", PersonForm)
        self.organizations = PickedList("organization", OrganizationForm)
        for widget in (self.commissioners, self.people, self.organizations):
            self.one_form.addRow(QLabel(), widget)
        bulk = QWidget()
        self.bulk_form = QFormLayout(bulk)
        self.entity = combo([], empty=False)
        self.level = combo([])
        self.field = combo([(e.name, e.code) for e in dictionaries.entries("industry_field")])
        self.matches = QLabel()
        self.matches.setObjectName("inviteMatches")
        for widget in (self.entity, self.level, self.field, self.matches):
            self.bulk_form.addRow(QLabel(), widget)
        for box in (self.entity, self.level, self.field):
            box.currentIndexChanged.connect(self._count)
        self.tabs.addTab(one, "")
        self.tabs.addTab(bulk, "")
        self.add("whom", self.tabs)
        self.role = self.add("role", combo(labelled(events.ROLE_LABELS), empty=False), N_("Role"))
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Invite participants"))
        self.retranslate_labels()
        self.tabs.setTabText(0, _("One by one"))
        self.tabs.setTabText(1, _("By filter"))
        for row, text in enumerate((_("Commissioners"), _("People"), _("Organizations"))):
            self.one_form.itemAt(row, QFormLayout.ItemRole.LabelRole).widget().setText(text)
        for row, text in enumerate((_("Invite"), _("Level"), _("Industry field"))):
            self.bulk_form.itemAt(row, QFormLayout.ItemRole.LabelRole).widget().setText(text)
        current = self.entity.currentIndex()
        self.entity.blockSignals(True)
        self.entity.clear()
        self.entity.addItem(_("Commissioners in force"), "commissioner")
        self.entity.addItem(_("Organizations (their representatives)"), "organization")
        self.entity.setCurrentIndex(max(current, 0))
        self.entity.blockSignals(False)
        self.level.setItemText(0, _("Any level"))
        while self.level.count() > 1:
            self.level.removeItem(1)
        for text, code in labelled(LEVEL_LABELS):
            self.level.addItem(text, code)
        self.field.setItemText(0, _("Any field"))
        self._count()

    def matching(self) -> tuple[str, list[int]]:
        if self.entity.currentData() == "organization":
            return "organization", events.organizations_matching(self.field.currentData())
        return "commissioner", events.commissioners_matching(self.level.currentData(),
                                                             self.field.currentData())

    def _count(self) -> None:
        self.level.setEnabled(self.entity.currentData() != "organization")
        found = len(self.matching()[1])
        self.matches.setText(ngettext("{count} match", "{count} matches", found).format(count=found))

    def collect(self) -> dict[str, list[int]]:
        """Whom to invite: the records picked, or those the filter matches now."""
        if self.tabs.currentIndex() == 0:
            return {"commissioner_ids": self.commissioners.ids(), "person_ids": self.people.ids(),
                    "organization_ids": self.organizations.ids()}
        entity, ids = self.matching()
        return {f"{entity}_ids": ids}

    def operation(self, data, allow_similar: bool):
        del allow_similar
        return partial(events.invite, self.event_id, role=self.role.currentData(), **data)
