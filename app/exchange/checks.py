"""The checks a record from a field package passes before the merge writes it: the same as a
form's and the import's (``app.core.validation`` and the services' ``check_*``), on the record as it
would be stored, so that a package edited outside the program brings no value the officer could
not have typed.

A record is the change log's text (``app.exchange.records``); each value is parsed as its column
holds it (dates and times range-checked, whole numbers that fit, finite amounts, one of the
allowed codes), then the record goes through its service's checks where the service has them.
References are the merge's to resolve: the services' checks here are those that need no lookup.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal, InvalidOperation

import peewee

from app.activities import events, service_logs
from app.core import validation
from app.core.errors import UserError
from app.core.i18n import _
from app.demands import lifecycle as demands
from app.exchange.records import Record
from app.history.undo import FIELD_LABELS
from app.register import commissioners, people, workstations
from db import changelog, models
from db.fields import DecimalTextField

# table → (the service's input, its check without lookups)
SERVICE_CHECKS: dict[str, tuple[type, Callable]] = {
    "person": (people.PersonData, people.check_person),
    "organization": (people.OrganizationData, people.check_organization),
    "appointment": (commissioners.AppointmentData, commissioners.check_appointment),
    "workstation": (workstations.WorkstationData, workstations.check_workstation),
    "demand": (demands.DemandInput, demands.check_values),
    "service_log": (service_logs.LogInput, service_logs.check_values),
    "event": (events.EventInput, events.clean_event),
}


def _moment(text: str, field: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise UserError(_("Not a date: {value}").format(value=text), field) from None
    validation.in_range(moment.date(), field)
    return moment


def value(field: peewee.Field, text: str):
    """The value of a logged text as its column holds it, or a UserError naming the field. A
    foreign key stays the uuid it is logged as."""
    name = field.name
    if isinstance(field, peewee.ForeignKeyField):
        return text
    if isinstance(field, peewee.BooleanField):
        if text not in ("0", "1"):
            raise UserError(_("Please choose a value."), name)
        return text == "1"
    if isinstance(field, peewee.DateTimeField):
        return _moment(text, name)
    if isinstance(field, peewee.DateField):
        moment = _moment(text, name)
        if moment != datetime.combine(moment.date(), datetime.min.time()) or len(text) != 10:
            raise UserError(_("Not a date: {value}").format(value=text), name)
        return moment.date()
    if isinstance(field, peewee.IntegerField):
        try:
            number = int(text)
        except ValueError:
            raise UserError(_("Please enter a whole number."), name) from None
        if abs(number) > validation.LARGEST_INTEGER:
            raise UserError(_("Please enter a whole number."), name)
        return number
    if isinstance(field, DecimalTextField):
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise UserError(_("Please enter a number."), name) from None
        if not amount.is_finite():
            raise UserError(_("Please enter a number."), name)
        return amount
    if field.choices and text not in {code for code, _label in field.choices}:
        raise UserError(_("Please choose a value."), name)
    return text


def check(table: str, record: Record, created_at: str | None = None) -> None:
    """Raise a UserError naming the first field of the record (as it would be stored) that a
    form would refuse; ``created_at`` is checked too when the record is new."""
    model = models.BY_TABLE[table]
    fields = {f.name: f for f in changelog.logged_fields(model)}
    values = {}
    for name, text in record.items():
        if name not in fields:
            raise UserError(_("This field is not part of the register."), name)
        values[name] = value(fields[name], text)
    for name, field in fields.items():
        if name not in values and not field.null and field.default is None:
            raise UserError(_("This field is required."), name)
    if created_at is not None:
        _moment(str(created_at), "created_at")
    if table in SERVICE_CHECKS:
        data, service_check = SERVICE_CHECKS[table]
        service_check(data(**{f.name: values.get(f.name, _default(f))
                              for f in dataclasses.fields(data)}))


def stored(record: Record, changes: Record) -> Record:
    """A record with the changes of a merge applied (a change to "" clears the field)."""
    return {name: text for name, text in {**record, **changes}.items() if text not in (None, "")}


def _default(field: dataclasses.Field):
    if field.default is not dataclasses.MISSING:
        return field.default
    if field.default_factory is not dataclasses.MISSING:
        return field.default_factory()
    return None


def describe(error: UserError) -> str:
    """The reason a record is refused, for the officer: the field and the check's message."""
    name = _(FIELD_LABELS[error.field]) if error.field in FIELD_LABELS else error.field
    return _("{field}: {reason}").format(field=name, reason=error.message)

