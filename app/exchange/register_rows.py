"""How the cells of a register row become the register's data: shared by the per-row path of the
import (``import_register``, which asks the register each time: ``ASK``) and its bulk path
(``import_bulk``, whose ``Known`` answers from what it read once for the whole file)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from app.core import validation
from app.core.errors import UserError
from app.core.i18n import _, join_list
from app.exchange.columns import (
    APPOINTMENT_STATUSES,
    GENDERS,
    KINDS,
    LEVELS,
    code,
    items,
    parse_choice,
    parse_date,
    parse_int,
    parse_month,
    text,
    units,
)
from app.exchange.import_kind import note, on_column
from app.register import commissioners as cs
from app.register import identity, people
from db import models


def merged(data, updates: dict):
    """``data`` with the non-blank ``updates``, and whether that changes it. Text that differs
    only in normalization (full-width forms, spaces) is no change: the register keeps its own."""
    kept = {}
    for key, value in updates.items():
        if value is None or value == "" or value == ():
            continue
        old = getattr(data, key)
        if isinstance(value, str) and isinstance(old, str) and \
                validation.normalize(old) == validation.normalize(value):
            continue
        if old != value:
            kept[key] = value
    return replace(data, **kept), bool(kept)


def organization_id(name: str, code: str | None = None) -> int:
    """The organization of this credit code or name; created when there is none."""
    code = validation.credit_code(code) if code else None
    found = identity.organizations_like(name, code)
    record = found[0][0] if found else None
    if record is not None and record.deleted_at is not None:
        raise UserError(_("{name} is in the recycle bin; restore it first.").format(
            name=record.name))
    if record is not None:
        return record.id
    return people.save_organization(people.OrganizationData(name=name, uscc=code),
                                    allow_similar=True).id


def dictionary_id(kind: str, name: str, field: str) -> int:
    d = models.Dictionary
    found = d.live().where((d.kind == kind) & ((d.name == name) | (d.code == name)
                                               | (d.name == name + "街道"))).first()
    if found is None:
        allowed = join_list(r.name for r in d.live().where(d.kind == kind).order_by(d.sort_order))
        raise UserError(_("Unknown value “{value}”; expected one of: {allowed}").format(
            value=name, allowed=allowed), field)
    return found.id


class Lookup:
    """How a row's names become records: by asking the register each time. The bulk path
    (``import_bulk.Known``) answers from what it read once for the whole file."""

    def organization(self, name: str) -> int:
        return organization_id(name)

    def dictionary(self, kind: str, name: str, field: str) -> int:
        return dictionary_id(kind, name, field)

    def field_code(self, name: str, field: str = "fields") -> str:
        return models.Dictionary.get_by_id(self.dictionary("industry_field", name, field)).code


ASK = Lookup()


def field_codes(value, lookup: Lookup) -> tuple[str, ...] | None:
    names = items(value)
    return tuple(lookup.field_code(n) for n in names) if names else None


def typed_identity(values: dict) -> tuple[str | None, str]:
    """The row's ID number and mobile as typed (read exactly, not yet checked)."""
    id_text = code(values.get("id_number"), "id_number")
    if len(id_text) == 15 and validation.first_generation(id_text):
        note(_("the 15-digit ID number {old} was converted to 18 digits").format(old=id_text))
    return id_text or None, code(values.get("mobile"), "mobile")


def birth_date(values: dict, id_number: str | None) -> date | None:
    """The birth date of the 出生年月 column: a full date is the person's; a month alone is
    checked against the ID number and otherwise not stored (the register holds days)."""
    found = parse_month(values.get("birth_date"), "birth_date")
    if found is None:
        return None
    day, exact = found
    if exact:
        return day
    if id_number:
        born = validation.resident_id(id_number).birth_date
        if (born.year, born.month) != (day.year, day.month):
            raise UserError(_("The birth date does not match the resident ID number."),
                            "birth_date")
    else:
        note(_("the birth month {month} was not stored: the register holds a full birth date")
             .format(month=f"{day:%Y-%m}"))
    return None


def person_data(values: dict, data: people.PersonData, name: str, typed: tuple,
                employer: int | None) -> tuple[people.PersonData, bool]:
    """``data`` (the person found, or a new one) updated with the row's non-blank cells."""
    with on_column("gender"):
        gender = parse_choice(values.get("gender"), GENDERS, "gender")
    id_number, mobile = typed
    updates = {"name": name, "id_number": id_number, "mobile": mobile, "gender": gender,
               "email": text(values.get("email")), "employer_id": employer,
               "birth_date": birth_date(values, id_number),
               "title_name": text(values.get("title")), "specialty": text(values.get("specialty"))}
    return merged(data, updates)


def commissioner_head(values: dict, lookup: Lookup) -> tuple[str, str, tuple[str, ...] | None]:
    """The row's kind, name and industry field codes (None when the cell is blank)."""
    with on_column("kind"):
        kind = parse_choice(values.get("kind"), KINDS, "kind") or "individual"
    name = text(values.get("name"))
    if not name:
        raise UserError(_("This field is required."), "name")
    with on_column("fields"):
        fields = field_codes(values.get("fields"), lookup)
    return kind, name, fields


def appointment_key(values: dict) -> tuple[str, int | None] | None:
    """The row's level and year, or None when it names no appointment."""
    with on_column("level"):
        level = parse_choice(values.get("level"), LEVELS, "level")
    year = parse_int(values.get("year"), "year", accepted=units("年"))
    if level is None and year is None:
        return None
    if level is None:
        raise UserError(_("This field is required."), "level")
    return level, year


def appointment_data(values: dict, data: cs.AppointmentData, key: tuple, lookup: Lookup,
                     ) -> tuple[cs.AppointmentData, bool]:
    """``data`` (the appointment found, or a new one) updated with the row's non-blank cells."""
    level, year = key
    updates: dict = {"level": level, "year": year}
    for key in ("batch", "doc_number"):
        if text(values.get(key)):
            updates[key] = text(values.get(key))
    for key in ("term_start", "term_end"):
        day = parse_date(values.get(key), key)
        if day is not None:
            updates[key] = day
    with on_column("status"):
        status = parse_choice(values.get("status"), APPOINTMENT_STATUSES, "status")
    if status:
        updates["status"] = status
    served = items(values.get("served"))
    if served:
        known = {s.organization_id: s for s in data.served}
        with on_column("served"):
            ids = list(dict.fromkeys(lookup.organization(n) for n in served))
        updates["served"] = tuple(known.get(i) or cs.ServedData(i) for i in ids)
    streets = items(values.get("streets"))
    if streets:
        updates["street_ids"] = tuple(lookup.dictionary("street", s, "streets") for s in streets)
    return merged(data, updates)
