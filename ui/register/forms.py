"""Forms for a person, an organization and a workstation."""

from __future__ import annotations

from dataclasses import replace
from functools import partial

from PySide6.QtWidgets import QCheckBox, QLineEdit, QPlainTextEdit

from app.core import dictionaries
from app.core.i18n import N_, _
from app.register import people, workstations
from app.register.common import (
    GENDER_LABELS,
    LEVEL_LABELS,
    ORG_TYPE_LABELS,
    TITLE_LEVEL_LABELS,
    WORKSTATION_STATUS_LABELS,
)
from ui.common.date_edit import DateEdit
from ui.common.form import FormDialog, combo, set_combo
from ui.common.link_list import LinkList
from ui.common.record_picker import RecordPicker


def coded(labels: dict[str, str]) -> list[tuple[str, str]]:
    return [(_(text), code) for code, text in labels.items()]


def streets() -> list[tuple[str, int]]:
    return [(e.name, e.id) for e in dictionaries.entries("street")]


def industry_fields() -> list[tuple[str, str]]:
    return [(e.name, e.code) for e in dictionaries.entries("industry_field")]


def educations(current: str) -> list[tuple[str, str]]:
    """The education list by its names; a value from before the list (free text) stays."""
    items = [(e.name, e.code) for e in dictionaries.entries("education")]
    if current and current not in {code for _name, code in items}:
        items.append((current, current))
    return items


class PersonForm(FormDialog):
    def __init__(self, person_id: int | None = None, parent=None, name: str = "",
                 employer_id: int | None = None):
        """A new person may start with a ``name`` and an employer."""
        super().__init__(parent)
        self.data = (people.get_person(person_id) if person_id else people.PersonData(
            name=name, employer_id=employer_id,
            employer_name=people.get_organization(employer_id).name if employer_id else ""))
        self.add("name", QLineEdit(), N_("Name"))
        self.add("id_number", QLineEdit(), N_("ID number"))
        self.add("gender", combo(coded(GENDER_LABELS)), N_("Gender"))
        self.add("birth_date", DateEdit(), N_("Birth date"))
        self.add("mobile", QLineEdit(), N_("Mobile"))
        self.add("email", QLineEdit(), N_("Email"))
        self.add("employer_id", RecordPicker("organization", OrganizationForm), N_("Employer"))
        self.add("department", QLineEdit(), N_("Department"))
        self.add("position", QLineEdit(), N_("Position"))
        self.add("title_level", combo(coded(TITLE_LEVEL_LABELS)), N_("Title level"))
        self.add("title_name", QLineEdit(), N_("Title"))
        self.add("education", combo(educations(self.data.education)), N_("Education"))
        self.add("specialty", QLineEdit(), N_("Specialty"))
        self.add("industry_field", combo(industry_fields()), N_("Industry field"))
        self.add("expertise", QPlainTextEdit(), N_("Expertise"))
        self.add("notes", QPlainTextEdit(), N_("Notes"))
        f, d = self.fields, self.data
        for name in ("name", "mobile", "email", "department", "position", "title_name",
                     "specialty"):
            f[name].setText(getattr(d, name))
        set_combo(f["education"], d.education)
        f["id_number"].setText(d.id_number or "")
        set_combo(f["gender"], d.gender)
        f["birth_date"].set_value(d.birth_date)
        f["employer_id"].set_record(d.employer_id, d.employer_name)
        set_combo(f["title_level"], d.title_level)
        set_combo(f["industry_field"], d.industry_field)
        f["expertise"].setPlainText(d.expertise)
        f["notes"].setPlainText(d.notes)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Person"))
        self.retranslate_labels()

    def collect(self) -> people.PersonData:
        f = self.fields
        return replace(
            self.data, **{n: f[n].text() for n in ("name", "id_number", "mobile", "email",
                                                   "department", "position", "title_name",
                                                   "specialty")},
            education=f["education"].currentData() or "",
            gender=f["gender"].currentData(), birth_date=f["birth_date"].value(),
            employer_id=f["employer_id"].chosen("employer_id"),
            title_level=f["title_level"].currentData(),
            industry_field=f["industry_field"].currentData(),
            expertise=f["expertise"].toPlainText(), notes=f["notes"].toPlainText())

    def operation(self, data, allow_similar):
        return partial(people.save_person, data, allow_similar)


class OrganizationForm(FormDialog):
    def __init__(self, organization_id: int | None = None, parent=None, name: str = ""):
        super().__init__(parent)
        self.data = (people.get_organization(organization_id) if organization_id
                     else people.OrganizationData(name=name))
        self.add("name", QLineEdit(), N_("Name"))
        self.add("uscc", QLineEdit(), N_("Credit code"))
        self.add("org_type", combo([(_(t), c) for c, t in ORG_TYPE_LABELS.items()]),
                 N_("Organization type"))
        self.add("industry_field", combo(industry_fields()), N_("Industry field"))
        self.add("street_id", combo(streets()), N_("Street"))
        self.add("address", QLineEdit(), N_("Address"))
        self.add("contact_name", QLineEdit(), N_("Contact"))
        self.add("contact_phone", QLineEdit(), N_("Contact phone"))
        self.add("high_tech", QCheckBox(), N_("High-tech enterprise"))
        self.add("tech_sme", QCheckBox(), N_("Tech-based SME"))
        self.add("notes", QPlainTextEdit(), N_("Notes"))
        f, d = self.fields, self.data
        for name in ("name", "address", "contact_name", "contact_phone"):
            f[name].setText(getattr(d, name))
        f["uscc"].setText(d.uscc or "")
        set_combo(f["org_type"], d.org_type)
        set_combo(f["industry_field"], d.industry_field)
        set_combo(f["street_id"], d.street_id)
        f["high_tech"].setChecked(d.high_tech)
        f["tech_sme"].setChecked(d.tech_sme)
        f["notes"].setPlainText(d.notes)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Organization"))
        self.retranslate_labels()

    def collect(self) -> people.OrganizationData:
        f = self.fields
        return replace(
            self.data, **{n: f[n].text() for n in ("name", "uscc", "address", "contact_name",
                                                   "contact_phone")},
            org_type=f["org_type"].currentData(), industry_field=f["industry_field"].currentData(),
            street_id=f["street_id"].currentData(), high_tech=f["high_tech"].isChecked(),
            tech_sme=f["tech_sme"].isChecked(), notes=f["notes"].toPlainText())

    def operation(self, data, allow_similar):
        return partial(people.save_organization, data, allow_similar)


class WorkstationForm(FormDialog):
    def __init__(self, workstation_id: int | None = None, parent=None):
        super().__init__(parent)
        self.data = (workstations.get_workstation(workstation_id) if workstation_id
                     else workstations.WorkstationData())
        self.add("name", QLineEdit(), N_("Name"))
        self.add("level", combo(coded({k: LEVEL_LABELS[k] for k in ("municipal", "provincial")}),
                                empty=False), N_("Level"))
        self.add("status", combo(coded(WORKSTATION_STATUS_LABELS), empty=False), N_("Status"))
        self.add("host_id", RecordPicker("organization", OrganizationForm), N_("Host organization"))
        self.add("head_id", RecordPicker("person", PersonForm), N_("Head"))
        self.add("street_id", combo(streets()), N_("Street"))
        self.add("address", QLineEdit(), N_("Address"))
        self.add("established_on", DateEdit(), N_("Established on"))
        self.add("recognized_on", DateEdit(), N_("Recognized on"))
        self.add("doc_number", QLineEdit(), N_("Document number"))
        self.add("residents", LinkList("commissioner", 2), N_("Resident commissioners"))
        self.add("notes", QPlainTextEdit(), N_("Notes"))
        f, d = self.fields, self.data
        for name in ("name", "address", "doc_number"):
            f[name].setText(getattr(d, name))
        set_combo(f["level"], d.level)
        set_combo(f["status"], d.status)
        f["host_id"].set_record(d.host_id, d.host_name)
        f["head_id"].set_record(d.head_id, d.head_name)
        set_combo(f["street_id"], d.street_id)
        f["established_on"].set_value(d.established_on)
        f["recognized_on"].set_value(d.recognized_on)
        f["recognized_on"].anchor = lambda: self._typed_date("established_on")
        for r in d.residents:
            f["residents"].add(r.commissioner_id, r.commissioner_name, r.from_date, r.to_date)
        f["notes"].setPlainText(d.notes)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Workstation"))
        self.retranslate_labels()

    def collect(self) -> workstations.WorkstationData:
        f = self.fields
        return replace(
            self.data, name=f["name"].text(), level=f["level"].currentData(),
            status=f["status"].currentData(), host_id=f["host_id"].chosen("host_id"),
            head_id=f["head_id"].chosen("head_id"), street_id=f["street_id"].currentData(),
            address=f["address"].text(), established_on=f["established_on"].value(),
            recognized_on=f["recognized_on"].value(), doc_number=f["doc_number"].text(),
            residents=tuple(workstations.ResidentData(i, start, end)
                            for i, start, end in f["residents"].values()),
            notes=f["notes"].toPlainText())

    def operation(self, data, allow_similar):
        del allow_similar
        return partial(workstations.save_workstation, data)
