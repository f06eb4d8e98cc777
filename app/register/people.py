"""People (自然人) and organizations (单位): the records commissioners are made of."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import date

from app.core import changes, validation
from app.core.changes import Changes
from app.core.errors import UserError
from app.core.i18n import _
from app.register import duplicates
from app.register.common import choice, live
from db import changelog, models
from db.database import IdentitiesBusy, lock_identities


@dataclass(frozen=True)
class PersonData:
    name: str = ""
    gender: str | None = None
    birth_date: date | None = None
    id_number: str | None = None
    mobile: str = ""
    email: str = ""
    employer_id: int | None = None
    department: str = ""
    position: str = ""
    title_level: str | None = None
    title_name: str = ""
    education: str = ""
    specialty: str = ""
    expertise: str = ""
    industry_field: str | None = None
    notes: str = ""
    id: int | None = None
    uuid: str = ""
    employer_name: str = ""


@dataclass(frozen=True)
class OrganizationData:
    name: str = ""
    uscc: str | None = None
    org_type: str | None = None
    industry_field: str | None = None
    street_id: int | None = None
    address: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    high_tech: bool = False
    tech_sme: bool = False
    notes: str = ""
    id: int | None = None
    uuid: str = ""
    street_name: str = ""


_PERSON_STORED = [f.name for f in fields(PersonData) if f.name not in ("id", "uuid", "employer_name")]
_ORG_STORED = [f.name for f in fields(OrganizationData) if f.name not in ("id", "uuid", "street_name")]


def clean_person(data: PersonData) -> PersonData:
    """The checked, normalized form of a person, or a UserError naming the first bad field."""
    data = check_person(data)
    live(models.Organization, data.employer_id, "employer_id")
    return data


def check_person(data: PersonData) -> PersonData:
    """``clean_person`` but for the employer, which the caller knows to be live (an import
    that looked the file's employers up at once)."""
    name = validation.required(data.name, "name")
    gender = choice(data.gender, models.GENDERS, "gender", required=False)
    id_number, birth_date, gender = validation.person_identity(data.id_number, data.birth_date,
                                                               gender)
    mobile = validation.mobile(data.mobile) if validation.normalize(data.mobile) else ""
    email = validation.email(data.email) if validation.normalize(data.email) else ""
    choice(data.title_level, models.TITLE_LEVELS, "title_level", required=False)
    return replace(data, name=name, gender=gender, birth_date=birth_date, id_number=id_number,
                   mobile=mobile, email=email, title_level=data.title_level or None,
                   **{f: validation.trimmed(getattr(data, f))
                      for f in ("department", "position", "title_name", "education",
                                "specialty", "expertise", "notes")})


# Seconds a save waits for another officer's import or save of people and organizations.
TURN_WAIT = 5.0


def _take_turn() -> None:
    """Wait for another connection that is finding or creating people and organizations (an
    import holds them for its whole file), not for ever: a form stays open and says why."""
    try:
        lock_identities(wait=TURN_WAIT)
    except IdentitiesBusy:
        raise UserError(_("Another officer is importing or saving people and organizations "
                          "right now. Try again in a moment; nothing was saved.")) from None


def save_person(data: PersonData, allow_similar: bool = False) -> Changes:
    with changelog.batch(""):
        _take_turn()
        data = clean_person(data)  # its employer still in the register: read in the transaction
        changelog.relabel(_("Save person {name}").format(name=data.name))
        duplicates.check(duplicates.people(data.id, data.id_number, data.mobile, data.name,
                                           data.employer_id), allow_similar, "mobile")
        record = fill_person(models.Person() if data.id is None
                             else live(models.Person, data.id, "name"), data)
        record.save()
        return changes.made("person", record.id, created=data.id is None)


def fill_person(record: models.Person, data: PersonData) -> models.Person:
    """``record`` with the stored fields of checked ``data``, not saved."""
    for name in _PERSON_STORED:
        setattr(record, name, getattr(data, name))
    return record


def get_person(person_id: int) -> PersonData:
    record = models.Person.get_by_id(person_id)
    employer = record.employer.name if record.employer_id else ""
    return PersonData(**{n: getattr(record, n) for n in _PERSON_STORED}, id=record.id,
                      uuid=record.uuid, employer_name=employer)


def clean_organization(data: OrganizationData) -> OrganizationData:
    data = check_organization(data)
    street = live(models.Dictionary, data.street_id, "street_id")
    if street is not None and street.kind != "street":
        raise UserError(_("Please choose a value."), "street_id")
    return data


def check_organization(data: OrganizationData) -> OrganizationData:
    """``clean_organization`` but for the street, which the caller knows (a field package)."""
    name = validation.required(data.name, "name")
    code = validation.credit_code(data.uscc) if validation.compact(data.uscc) else None
    phone = validation.compact(data.contact_phone)
    if phone and not phone.replace("-", "").isdigit():
        raise UserError(_("A phone number holds digits only."), "contact_phone")
    return replace(data, name=name, uscc=code, contact_phone=phone,
                   org_type=data.org_type or None, industry_field=data.industry_field or None,
                   **{f: validation.trimmed(getattr(data, f))
                      for f in ("address", "contact_name", "notes")})


def save_organization(data: OrganizationData, allow_similar: bool = False) -> Changes:
    with changelog.batch(""):
        _take_turn()
        data = clean_organization(data)
        changelog.relabel(_("Save organization {name}").format(name=data.name))
        duplicates.check(duplicates.organizations(data.id, data.uscc, data.name), allow_similar,
                         "name")
        record = (models.Organization() if data.id is None
                  else live(models.Organization, data.id, "name"))
        for name in _ORG_STORED:
            setattr(record, name, getattr(data, name))
        record.save()
        return changes.made("organization", record.id, created=data.id is None)


def get_organization(organization_id: int) -> OrganizationData:
    record = models.Organization.get_by_id(organization_id)
    return OrganizationData(**{n: getattr(record, n) for n in _ORG_STORED}, id=record.id,
                            uuid=record.uuid,
                            street_name=record.street.name if record.street_id else "")
