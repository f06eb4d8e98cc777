"""Records that look like the one being saved, by the rule of ``app.register.identity``: same ID number or
credit code blocks the save (they are unique); the same name with the same mobile or employer,
the same mobile under another name, or the same organization name are a warning the officer may
override."""

from __future__ import annotations

from dataclasses import dataclass

from app.core.errors import UserError
from app.core.i18n import N_, _
from app.register import identity

REASONS = {
    "id_number": N_("same ID number"),
    "uscc": N_("same credit code"),
    "mobile": N_("same mobile number"),
    "name_mobile": N_("same name and mobile number"),
    "name_employer": N_("same name and employer"),
    "name": N_("same name"),
    "person": N_("same person"),
    "organization": N_("same organization"),
}
BLOCKING = frozenset({"id_number", "uscc", "person", "organization"})


@dataclass(frozen=True)
class Duplicate:
    entity: str
    id: int
    name: str
    reason: str  # a key of REASONS
    deleted: bool  # in the recycle bin

    @property
    def blocking(self) -> bool:
        return self.reason in BLOCKING

    def describe(self) -> str:
        where = _(" (in the recycle bin)") if self.deleted else ""
        return _("{name}: {reason}").format(name=self.name, reason=_(REASONS[self.reason])) + where


class DuplicateError(UserError):
    """The save looks like an existing record; ``duplicates`` says which and why."""

    def __init__(self, duplicates: list[Duplicate], field: str | None):
        blocking = any(d.blocking for d in duplicates)
        message = (_("This record already exists: {list}") if blocking
                   else _("A similar record exists: {list}. Save anyway?")).format(
            list="; ".join(d.describe() for d in duplicates))
        super().__init__(message, field)
        self.duplicates = duplicates
        self.blocking = blocking


def _found(entity: str, rows, reason: str) -> list[Duplicate]:
    return [Duplicate(entity, r.id, r.name, reason, r.deleted_at is not None) for r in rows]


def people(record_id: int | None, id_number: str | None, mobile: str, name: str,
           employer_id: int | None) -> list[Duplicate]:
    found = identity.people_like(identity.PersonKey(name, id_number, mobile, employer_id),
                                 exclude=record_id)
    return _unique([d for record, reason in found for d in _found("person", [record], reason)])


def organizations(record_id: int | None, uscc: str | None, name: str) -> list[Duplicate]:
    found = identity.organizations_like(name, uscc, exclude=record_id)
    return _unique([d for record, reason in found for d in _found("organization", [record],
                                                                    reason)])


def _unique(found: list[Duplicate]) -> list[Duplicate]:
    seen, result = set(), []
    for duplicate in found:
        if duplicate.id not in seen:
            seen.add(duplicate.id)
            result.append(duplicate)
    return result


def check(found: list[Duplicate], allow_similar: bool, field: str | None) -> None:
    """Raise when anything blocks, or when similar records exist and were not accepted."""
    if any(d.blocking for d in found) or (found and not allow_similar):
        raise DuplicateError(found, next((d.reason for d in found if d.blocking), field))
