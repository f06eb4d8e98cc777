"""The bulk path of the commissioner import, for the rows that add a new individual.

Such a row (a person the register does not hold yet, at an employer and serving organizations it
holds) is parsed and checked by the same functions as on the per-row path, but its lookups are
answered from what ``Known`` read once for the whole file, and it is written together with the
other such rows by ``changelog.insert_many`` (same records, same change-log rows, same batch).
Every other row (an update, a team, a legal person, a new organization, an error) takes the
per-row path; the rows waiting to be written are written before it, so each row meets the
register as the rows above it left it.
"""

from __future__ import annotations

from dataclasses import dataclass

from peewee import chunked

from app.core import validation
from app.core.errors import UserError
from app.exchange.columns import items, text
from app.exchange.register_rows import (
    Lookup,
    appointment_data,
    appointment_key,
    commissioner_head,
    person_data,
    typed_identity,
)
from app.register import commissioners as cs
from app.register import people
from app.register.identity import spellings
from db import changelog, models
from db.database import database

# The cells a new appointment is made of (with the register's lookups, which only grow).
APPOINTMENT_CELLS = ("level", "year", "batch", "doc_number", "term_start", "term_end", "status",
                     "served", "streets")

# Rows kept before they are written: bounds memory and keeps progress moving with the writing.
PENDING = 1_000


class _PerRow(Exception):
    """The row needs the per-row path."""


@dataclass(frozen=True)
class Planned:
    person: models.Person
    commissioner: models.Commissioner
    appointment: models.Appointment | None
    children: tuple[models.EditableModel, ...]  # the appointment's served objects and streets


class Known(Lookup):
    """The register as far as the rows of one file ask about it, read with one query per kind
    (and chunk of names), and kept up to date with what the import writes."""

    def __init__(self, rows: list[tuple[int, dict]]):
        self.pending: list[Planned] = []
        self._dictionaries: dict[tuple[str, str], int | None] = {}
        self._codes: dict[str, str] = {}
        self._appointments: dict[tuple, cs.AppointmentData | None] = {}
        self._organizations: dict[str, int] = {}  # live organizations by name
        self._ids: set[str] = set()  # ID numbers held, also in the recycle bin
        # (name, mobile) and (name, employer) of live people, names folded: without an ID
        # number, the ones a row of a new ID number finds on the per-row path; with one, those a
        # row without an ID number finds there (app.register.identity's rule)
        self._names: set[tuple] = set()
        self._numbered: set[tuple] = set()
        names, anonymous, ids, organizations = set(), set(), set(), set()
        for _number, values in rows:
            name = text(values.get("name"))
            names.update(spellings(name))
            ids.add(validation.compact(text(values.get("id_number"))))
            if not validation.compact(text(values.get("id_number"))):
                anonymous.update(spellings(name))
            for name in (text(values.get("employer")), *items(values.get("served"))):
                organizations.update(spellings(name))
        o, p = models.Organization, models.Person
        # Raw rows: tens of thousands of people share the file's names.
        for part in chunked(sorted(organizations), changelog.CHUNK):
            self._add_organizations(database.execute(o.live(o.name, o.id)
                                                     .where(o.name.in_(part))))
        for part in chunked(sorted(ids - {""}), changelog.CHUNK):
            self._ids.update(n for (n,) in database.execute(
                p.select(p.id_number).where(p.id_number.in_(part))))
        # those with an ID number are in _ids
        for part in chunked(sorted(names), changelog.CHUNK):
            self._add_people(database.execute(p.live(p.name, p.mobile, p.employer, p.id_number)
                                              .where(p.name.in_(part) & p.id_number.is_null())))
        for part in chunked(sorted(anonymous), changelog.CHUNK):
            self._add_people(database.execute(p.live(p.name, p.mobile, p.employer, p.id_number)
                                              .where(p.name.in_(part)
                                                     & p.id_number.is_null(False))))

    def _add_organizations(self, rows) -> None:
        for name, record_id in rows:
            self._organizations[name] = min(record_id, self._organizations.get(name, record_id))

    def _add_people(self, rows) -> None:
        for name, mobile, employer, id_number in rows:
            keys = ((validation.folded(name), "mobile", mobile),
                    (validation.folded(name), "employer", employer))
            if id_number is None:
                self._names.update(keys)
            else:
                self._ids.add(id_number)
                self._numbered.update(keys)

    # Lookup, from what was read ------------------------------------------------------------

    def organization(self, name: str) -> int:
        found = [self._organizations[s] for s in spellings(name) if s in self._organizations]
        if not found:
            raise _PerRow()  # created on the per-row path
        return min(found)

    def dictionary(self, kind: str, name: str, field: str) -> int:
        if (kind, name) not in self._dictionaries:
            try:
                self._dictionaries[kind, name] = super().dictionary(kind, name, field)
            except UserError:
                self._dictionaries[kind, name] = None
        found = self._dictionaries[kind, name]
        if found is None:
            raise _PerRow()  # rejected there, with its message
        return found

    def field_code(self, name: str, field: str = "fields") -> str:
        if name not in self._codes:
            self._codes[name] = super().field_code(name, field)
        return self._codes[name]

    # The rows -----------------------------------------------------------------------------

    def plan(self, values: dict) -> Planned | None:
        """The records of a row that adds a new individual commissioner, or None."""
        try:
            kind, name, fields = commissioner_head(values, self)
            if kind != "individual":
                return None
            employer_name = text(values.get("employer"))
            employer = self.organization(employer_name) if employer_name else None
            # The cells as typed: check_person checks the ID number and mobile as
            # person_identity does, and gives them in the form the per-row path looks up.
            typed = typed_identity(values)
            checked = people.check_person(person_data(values, people.PersonData(), name, typed,
                                                      employer)[0])
            id_number, mobile = checked.id_number, checked.mobile
            key = validation.folded(name)
            keys = {(key, "mobile", mobile) if mobile else None,
                    (key, "employer", employer) if employer else None} - {None}
            if id_number in self._ids or keys & self._names or (
                    not id_number and keys & self._numbered):
                return None  # found on the per-row path
            person = people.fill_person(models.Person(), checked)
            commissioner = cs.fill_commissioner(models.Commissioner(), cs.CommissionerData(
                kind=kind, industry_fields=fields or ()))
            appointment, children = None, ()
            held = self._appointment(values)
            if held is not None:
                appointment = cs.fill_appointment(models.Appointment(), held)
                children = tuple(model(**row) for model, _key, wanted
                                 in cs.appointment_children(held) for row in wanted)
        except (UserError, _PerRow):
            return None  # the per-row path rejects it with its column and reason
        self._add_people([(name, mobile, employer, id_number)])  # a later row finds it there
        planned = Planned(person, commissioner, appointment, children)
        self.pending.append(planned)
        if len(self.pending) >= PENDING:
            self.write()
        return planned

    def _appointment(self, values: dict) -> cs.AppointmentData | None:
        """The row's new appointment, checked (None when the row names none). A list's rows
        mostly share their appointment's cells, so each distinct set of them is checked once
        (a row that fails is checked again: the per-row path reports it)."""
        cells = tuple((type(v), v) for v in map(values.get, APPOINTMENT_CELLS))
        if cells not in self._appointments:
            key = appointment_key(values)
            held = None if key is None else cs.check_appointment(
                appointment_data(values, cs.AppointmentData(), key, self)[0])
            self._appointments[cells] = held
        return self._appointments[cells]

    def write(self) -> None:
        """Write the planned rows: each table's records in one go, parents first."""
        planned, self.pending = self.pending, []
        changelog.insert_many([p.person for p in planned])
        for p in planned:
            p.commissioner.person = p.person
        changelog.insert_many([p.commissioner for p in planned])
        held = [p for p in planned if p.appointment is not None]
        for p in held:
            p.appointment.commissioner = p.commissioner
        changelog.insert_many([p.appointment for p in held])
        children: dict[type, list[models.EditableModel]] = {}
        for p in held:
            for child in p.children:
                child.appointment = p.appointment
                children.setdefault(type(child), []).append(child)
        for records in children.values():
            changelog.insert_many(records)

    def refresh(self, since: int) -> None:
        """Take in the people and organizations a per-row import wrote (log rows after
        ``since``)."""
        log, o, p = models.ChangeLog, models.Organization, models.Person

        def touched(table: str):
            return log.select(log.record_uuid).where((log.id > since) & (log.table == table))

        self._add_organizations(o.live(o.name, o.id).where(o.uuid.in_(touched("organization")))
                                .tuples())
        self._add_people(p.select(p.name, p.mobile, p.employer, p.id_number)
                         .where(p.uuid.in_(touched("person"))).tuples())
