"""Check-in at the door of an event: find an invitee fast, check them in, undo, walk-ins.

Each check-in and each walk-in is its own change-log batch, so "undo the last check-in" is the
revert of that batch (and the history shows both).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from peewee import Case, fn

from app.activities import common, events
from app.activities.events import ParticipantRow, POrg, PPerson
from app.core import changes, clock, settings, validation
from app.core.changes import Changes
from app.core.errors import UserError
from app.core.i18n import _, format_datetime
from app.search.text import query_text
from db import changelog
from db.database import database
from db.fields import utcnow
from db.models import ChangeBatch, ChangeLog, Event, Organization, Participant, Person

LOOKUP_LIMIT = 30
# Tables a check-in or walk-in batch writes: only such batches are undone from this screen.
_CHECKIN_TABLES = {"participant", "person", "organization"}


@dataclass(frozen=True)
class Tally:  # as ``events.is_invited`` and ``events.has_attended`` count
    attended: int
    invited: int


@dataclass(frozen=True)
class CheckedIn:
    """What the door shows after a check-in or its undo (the detail of its ``Changes``)."""

    name: str
    checked_in_at: datetime | None
    tally: Tally


def tally(event_id: int) -> Tally:
    invited, attended = events.headcount()
    row = (Participant.select(attended, invited)
           .where((Participant.event == event_id) & Participant.deleted_at.is_null()).tuples().first())
    return Tally(row[0] or 0, row[1] or 0)


def lookup(event_id: int, text: str, limit: int = LOOKUP_LIMIT) -> list[ParticipantRow]:
    """Invitees of one event matching a name, pinyin initials or full pinyin (prefix), or the last
    digits of a mobile; those not yet checked in first. Empty text lists everyone."""
    text = _normalized(text)
    cp = common.CPerson
    query = events.participant_query(*events.participant_columns()).where(
        (Participant.event == event_id) & Participant.deleted_at.is_null())
    if text:
        condition = (PPerson.name.contains(text) | cp.name.contains(text) | POrg.name.contains(text)
                     | events.Commissioner.team_name.contains(text)
                     | common.COrg.name.contains(text))
        if text.isascii() and text.isalpha():
            lower = text.lower()
            for person in (PPerson, cp):
                condition |= person.name_initials.startswith(lower)
                condition |= person.name_pinyin.startswith(lower)
            condition |= POrg.name_initials.startswith(lower)
        if text.isdigit():
            condition |= (PPerson.mobile.endswith(text) | cp.mobile.endswith(text)
                          | POrg.contact_phone.endswith(text))
        query = query.where(condition)
    order_key = fn.COALESCE(PPerson.name_pinyin, cp.name_pinyin, POrg.name_pinyin, "")
    query = query.order_by(Case(None, [(Participant.status == "attended", 1)], 0), order_key,
                           Participant.id)
    return events.participant_rows(query.limit(limit))


def _normalized(text: str) -> str:
    return "".join(query_text(validation.normalize(text)).split())


def _name(participant_id: int) -> str:
    query = events.participant_query(*events.participant_columns()).where(
        Participant.id == participant_id)
    rows = events.participant_rows(query)
    return rows[0].name if rows else ""


def check_in(participant_id: int, at: datetime | None = None) -> Changes:
    """Mark an invitee as attended now, by this device."""
    with changelog.batch(""):
        row = common.live(Participant, participant_id, "participant")
        name = _name(participant_id)
        if row.status == "attended":
            raise UserError(_("{name} is already checked in ({time}).").format(
                name=name, time=format_datetime(clock.to_local(row.checked_in_at), "short")),
                "participant")
        changelog.relabel(_("Check in {name}").format(name=name))
        row.status = "attended"
        row.checked_in_at = at or utcnow()
        row.checked_in_by = settings.device()["name"]
        row.save()
        return changes.made("participant", row.id, detail=CheckedIn(
            name, row.checked_in_at, tally(row.event_id)))


def walk_in(event_id: int, name: str, mobile: str = "", organization: str = "",
            at: datetime | None = None, organization_id: int | None = None) -> Changes:
    """Someone who was not invited: a provisional person flagged walk-in (working at
    ``organization_id``, or at ``organization`` by name, registered if new), checked in at once.
    Matching them to the register is left to the officer."""
    name = validation.required(name, "name")
    number = validation.mobile(mobile) if validation.normalize(mobile) else ""
    org_name = validation.normalize(organization)
    with changelog.batch(_("Walk-in {name}").format(name=name)):
        event = common.live(Event, event_id, "event")
        employer = None
        if organization_id is not None:
            employer = common.live(Organization, organization_id, "organization")
        elif org_name:
            employer = Organization.live().where(Organization.name == org_name).first()
            if employer is None:
                employer = Organization(name=org_name)
                employer.save()
        person = Person(name=name, mobile=number, employer=employer, walk_in=True)
        person.save()
        row = Participant(event=event, person=person, status="attended", walk_in=True,
                          checked_in_at=at or utcnow(), checked_in_by=settings.device()["name"])
        row.save()
        return changes.made("participant", row.id, created=True,
                            detail=CheckedIn(name, row.checked_in_at, tally(event_id)))


def _undoable_batch(participant: Participant) -> int | None:
    """The batch that checked this participant in, when it was a check-in or walk-in at the door:
    a user's batch that set the time and the status ``attended`` and wrote nothing else."""
    stamp = changelog.encode(Participant.checked_in_at, participant.checked_in_at)
    log = (ChangeLog.select(ChangeLog.batch)
           .where((ChangeLog.table == "participant") & (ChangeLog.record_uuid == participant.uuid)
                  & (ChangeLog.field == "checked_in_at") & (ChangeLog.new == stamp))
           .order_by(ChangeLog.id.desc()).first())
    if log is None:
        return None
    batch = ChangeBatch.get_by_id(log.batch_id)
    rows = ChangeLog.select(ChangeLog.table, ChangeLog.record_uuid, ChangeLog.field, ChangeLog.new
                            ).where(ChangeLog.batch == batch.id).tuples()
    tables = {row[0] for row in rows}
    attended = ("participant", participant.uuid, "status", "attended") in set(rows)
    return batch.id if batch.kind == "user" and attended and tables <= _CHECKIN_TABLES else None


def undo_last(event_id: int) -> Changes:
    """Undo the most recent check-in (or walk-in) of this event."""
    with database.atomic():  # the check-in found is the one undone
        last = (Participant.live()
                .where((Participant.event == event_id) & (Participant.status == "attended")
                       & Participant.checked_in_at.is_null(False))
                .order_by(Participant.checked_in_at.desc(), Participant.id.desc()).first())
        batch_id = _undoable_batch(last) if last is not None else None
        if batch_id is None:
            raise UserError(_("There is no check-in to undo."), "participant")
        name = _name(last.id)
        reverted = changelog.revert(batch_id, _("Undo check-in of {name}").format(name=name))
        return changes.of_batch(reverted, "participant", last.id,
                                CheckedIn(name, None, tally(event_id)))


def not_attended(event_id: int) -> list[ParticipantRow]:
    """Who was invited or registered and has not come (yet), and those marked absent."""
    return events.participants(event_id, ("invited", "registered", "absent"))


def close_check_in(event_id: int) -> Changes:
    """At the end: everyone invited or registered who did not come is marked absent."""
    with changelog.batch(_("Mark participants {status}").format(
            status=_(events.STATUS_LABELS["absent"]))):
        ids = [r.id for r in events.participants(event_id, ("invited", "registered"))]
        return events.set_status(ids, "absent")
