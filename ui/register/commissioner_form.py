"""Forms for a commissioner of any kind, and for one of its appointments."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from functools import partial
from typing import ClassVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem, QPlainTextEdit, QSpinBox

from app.core.i18n import N_, _
from app.register import commissioners as cs
from app.register import people
from app.register.common import (
    COMMISSIONER_KIND_LABELS,
    LEVEL_LABELS,
    SERVICE_MODE_LABELS,
    appointment_status_labels,
)
from ui.common.date_edit import DateEdit
from ui.common.form import FormDialog, combo, set_combo
from ui.common.link_list import LinkList
from ui.common.record_picker import RecordPicker
from ui.register.forms import (
    OrganizationForm,
    PersonForm,
    coded,
    industry_fields,
    streets,
)


def checklist(items: list[tuple[str, object]], checked) -> QListWidget:
    box = QListWidget()
    box.setFixedHeight(110)
    for text, value in items:
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, value)
        item.setCheckState(Qt.CheckState.Checked if value in checked else Qt.CheckState.Unchecked)
        box.addItem(item)
    return box


def checked(box: QListWidget) -> tuple:
    return tuple(box.item(i).data(Qt.ItemDataRole.UserRole) for i in range(box.count())
                 if box.item(i).checkState() == Qt.CheckState.Checked)


class CommissionerForm(FormDialog):
    """One form for the three kinds; the fields of the other kinds hide."""

    KIND_FIELDS: ClassVar = {"individual": ("person",),
                             "team": ("team_name", "leader", "members"),
                             "legal_person": ("organization",)}

    def __init__(self, commissioner_id: int | None = None, kind: str = "individual",
                 parent=None):
        super().__init__(parent)
        self.data = (cs.get_commissioner(commissioner_id) if commissioner_id
                     else cs.CommissionerData(kind=kind))
        d = self.data
        self.add("kind", combo(coded(COMMISSIONER_KIND_LABELS), empty=False), N_("Kind"))
        self.add("person", RecordPicker("person", PersonForm), N_("Person"))
        self.add("team_name", QLineEdit(), N_("Team name"))
        self.add("leader", RecordPicker("person", PersonForm), N_("Team leader"))
        self.add("members", LinkList("person", 2, PersonForm), N_("Team members"))
        self.add("organization", RecordPicker("organization", OrganizationForm),
                 N_("Organization"))
        self.add("industry_fields", checklist(industry_fields(), d.industry_fields),
                 N_("Industry fields"))
        self.add("service_mode", combo(coded(SERVICE_MODE_LABELS)), N_("Service mode"))
        self.add("notes", QPlainTextEdit(), N_("Notes"))
        f = self.fields
        set_combo(f["kind"], d.kind)
        f["kind"].setEnabled(commissioner_id is None)
        if d.kind == "individual" and d.person_id:
            f["person"].set_record(d.person_id, d.name)
        if d.kind == "team" and d.person_id:
            f["leader"].set_record(d.person_id, people.get_person(d.person_id).name)
        if d.kind == "legal_person" and d.organization_id:
            f["organization"].set_record(d.organization_id, d.name)
        f["team_name"].setText(d.team_name or "")
        for m in d.members:
            f["members"].add(m.person_id, m.person_name, m.joined_on, m.left_on)
        set_combo(f["service_mode"], d.service_mode)
        f["notes"].setPlainText(d.notes)
        f["kind"].currentIndexChanged.connect(self._show_kind_fields)
        self._show_kind_fields()
        self.retranslate()

    def _show_kind_fields(self) -> None:
        kind = self.fields["kind"].currentData()
        for owner, names in self.KIND_FIELDS.items():
            for name in names:
                self.form.setRowVisible(list(self.fields).index(name), owner == kind)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Commissioner"))
        self.retranslate_labels()

    def collect(self) -> cs.CommissionerData:
        f = self.fields
        kind = f["kind"].currentData()
        return replace(
            self.data, kind=kind,
            person_id=(f["person"].chosen("person") if kind == "individual"
                       else f["leader"].chosen("leader")),
            team_name=f["team_name"].text(),
            organization_id=f["organization"].chosen("organization"),
            members=tuple(cs.MemberData(i, "member", joined, left)
                          for i, joined, left in f["members"].values()),
            industry_fields=self._industry_fields(),
            service_mode=f["service_mode"].currentData(), notes=f["notes"].toPlainText())

    def _industry_fields(self) -> tuple[str, ...]:
        """The fields ticked, those kept from the record in its order (the list shows them in
        the dictionary's): saving unchanged changes nothing."""
        ticked = checked(self.fields["industry_fields"])
        kept = tuple(code for code in self.data.industry_fields if code in ticked)
        return kept + tuple(code for code in ticked if code not in kept)

    def show_error(self, error) -> None:
        if error.field == "person" and self.fields["kind"].currentData() == "team":
            error = type(error)(error.message, "leader")
        super().show_error(error)

    def operation(self, data, allow_similar):
        return partial(cs.save_commissioner, data, allow_similar)


class AppointmentForm(FormDialog):
    def __init__(self, commissioner_id: int, appointment_id: int | None = None, parent=None):
        super().__init__(parent)
        existing = [a for a in cs.appointments_of(commissioner_id) if a.id == appointment_id]
        self.data = existing[0] if existing else cs.AppointmentData(
            commissioner_id=commissioner_id, year=date.today().year)
        d = self.data
        year = QSpinBox()
        year.setRange(1990, 2100)
        self.add("level", combo(coded(LEVEL_LABELS), empty=False), N_("Level"))
        self.add("year", year, N_("Year"))
        self.add("batch", QLineEdit(), N_("Batch"))
        self.add("doc_number", QLineEdit(), N_("Document number"))
        self.add("term_start", DateEdit(), N_("Term start"))
        self.add("term_end", DateEdit(), N_("Term end"))
        self.add("status", combo(coded(appointment_status_labels()), empty=False), N_("Status"))
        self.add("served", LinkList("organization", 1, OrganizationForm), N_("Served objects"))
        self.add("streets", checklist(streets(), d.street_ids), N_("Service streets"))
        self.add("notes", QPlainTextEdit(), N_("Notes"))
        f = self.fields
        set_combo(f["level"], d.level)
        year.setValue(d.year or date.today().year)
        f["batch"].setText(d.batch)
        f["doc_number"].setText(d.doc_number)
        f["term_start"].set_value(d.term_start)
        f["term_end"].set_value(d.term_end)
        f["term_end"].anchor = lambda: cs.usual_term_end(self._typed_date("term_start"))
        set_combo(f["status"], d.status)
        for s in d.served:
            f["served"].add(s.organization_id, s.organization_name, s.agreement_date)
        f["notes"].setPlainText(d.notes)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Appointment"))
        self.retranslate_labels()

    def collect(self) -> cs.AppointmentData:
        f = self.fields
        return replace(
            self.data, level=f["level"].currentData(), year=f["year"].value(),
            batch=f["batch"].text(), doc_number=f["doc_number"].text(),
            term_start=f["term_start"].value(), term_end=f["term_end"].value(),
            status=f["status"].currentData(),
            served=tuple(cs.ServedData(i, agreed) for i, agreed in f["served"].values()),
            street_ids=checked(f["streets"]), notes=f["notes"].toPlainText())

    def operation(self, data, allow_similar):
        del allow_similar
        return partial(cs.save_appointment, data)
