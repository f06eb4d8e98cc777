"""A record's history in plain language, and undo/redo of the user's actions.

History reads the change log ("2025年3月1日 手机 由 138… 改为 139…"). Undo reverts the last user
action's batch as a new batch; redo reverts that undo. Both reach back only to the start of this
run of the program (``mark_start``), and redo is possible only until a new action is made.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import peewee
from peewee import fn

from app.activities import events
from app.core import changes, clock, dictionaries, i18n
from app.core.changes import Changes
from app.core.errors import UserError
from app.core.i18n import N_, _
from app.core.labels import TABLE_LABELS
from app.core.status import LABELS as STATUS_LABELS
from app.register import common
from db import changelog, models
from db.database import database

FIELD_LABELS = {
    "name": N_("Name"),
    "gender": N_("Gender"),
    "birth_date": N_("Birth date"),
    "id_number": N_("ID number"),
    "mobile": N_("Mobile"),
    "email": N_("Email"),
    "employer": N_("Employer"),
    "department": N_("Department"),
    "position": N_("Position"),
    "title_level": N_("Title level"),
    "title_name": N_("Title"),
    "education": N_("Education"),
    "specialty": N_("Specialty"),
    "expertise": N_("Expertise"),
    "industry_field": N_("Industry field"),
    "industry_fields": N_("Industry fields"),
    "notes": N_("Notes"),
    "uscc": N_("Credit code"),
    "org_type": N_("Organization type"),
    "street": N_("Street"),
    "address": N_("Address"),
    "contact_name": N_("Contact"),
    "contact_phone": N_("Contact phone"),
    "high_tech": N_("High-tech enterprise"),
    "tech_sme": N_("Tech-based SME"),
    "kind": N_("Kind"),
    "person": N_("Person"),
    "team_name": N_("Team name"),
    "organization": N_("Organization"),
    "service_mode": N_("Service mode"),
    "role": N_("Role"),
    "joined_on": N_("Joined on"),
    "left_on": N_("Left on"),
    "level": N_("Level"),
    "year": N_("Year"),
    "batch": N_("Batch"),
    "doc_number": N_("Document number"),
    "term_start": N_("Term start"),
    "term_end": N_("Term end"),
    "status": N_("Status"),
    "agreement_date": N_("Agreement date"),
    "host": N_("Host organization"),
    "head": N_("Head"),
    "established_on": N_("Established on"),
    "recognized_on": N_("Recognized on"),
    "from_date": N_("From"),
    "to_date": N_("To"),
    "commissioner": N_("Commissioner"),
    "workstation": N_("Workstation"),
    "appointment": N_("Appointment"),
    "deleted_at": N_("Deleted"),
    "budget": N_("Budget"),
    "created_at": N_("Created"),
    "event": N_("Event"),
    "checked_in_at": N_("Checked in at"),
    "checked_in_by": N_("Checked in by"),
    "walk_in": N_("Walk-in"),
    "title": N_("Title"),
    "starts_at": N_("Starts"),
    "ends_at": N_("Ends"),
    "place": N_("Place"),
    "organizer": N_("Organizer"),
    "summary": N_("Summary"),
    "sending_unit": N_("Sending unit"),
    "signed_on": N_("Signed on"),
    "targets_text": N_("Targets"),
    "target_service_days": N_("Target service days"),
    "target_trainings": N_("Target trainings"),
    "target_technologies": N_("Target technologies"),
    "target_products": N_("Target products"),
    "round": N_("Assessment round"),
    "item_code": N_("Assessment item"),
    "value": N_("Points"),
    "total": N_("Total"),
    "grade": N_("Grade"),
    "subsidy": N_("Funds"),
    "items": N_("Items"),
    "grade_floors": N_("Grade floors"),
    "min_days_for_good": N_("Service days for Good"),
    "min_days_to_pass": N_("Service days to pass"),
    "excellent_quota_pct": N_("Quota of Excellent"),
    "funds": N_("Funds"),
    "frozen": N_("Frozen"),
    "finished_on": N_("Finished on"),
}
_LISTED = {"industry_field": "industry_field", "industry_fields": "industry_field",
           "education": "education"}  # dictionary codes, shown by their names
_CODED = {
    "gender": common.GENDER_LABELS,
    "kind": common.COMMISSIONER_KIND_LABELS,
    "level": common.LEVEL_LABELS,
    "title_level": common.TITLE_LEVEL_LABELS,
    "service_mode": common.SERVICE_MODE_LABELS,
    "role": common.TEAM_ROLE_LABELS,
}


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime  # UTC
    actor: str
    text: str


def value_text(table: str, field: str, text: str | None) -> str:
    """A stored value as the officer reads it: labels for codes, names for links, local
    times."""
    if text is None or text == "":
        return _("(empty)")
    model = models.BY_TABLE[table]
    column = model._meta.fields.get(field)
    if column is not None and hasattr(column, "rel_model"):
        target = column.rel_model.get_or_none(column.rel_model.uuid == text)
        if target is None:
            return "?"
        if isinstance(target, models.Commissioner):
            return common.display_name(target)
        return getattr(target, "name", "") or "?"
    by_table = {("workstation", "status"): common.WORKSTATION_STATUS_LABELS,
                ("participant", "status"): events.STATUS_LABELS,
                ("participant", "role"): events.ROLE_LABELS,
                ("event", "kind"): events.EVENT_KIND_LABELS,
                ("outcome", "kind"): events.OUTCOME_LABELS}
    if (table, field) in by_table:
        return common.label(by_table[table, field], text)
    if field == "status":
        return common.label(STATUS_LABELS, text)
    if field in _LISTED:
        names = dictionaries.names(_LISTED[field])
        return i18n.join_list([names.get(code, code) for code in text.split(",") if code])
    if field in _CODED:
        return common.label(_CODED[field], text)
    if column is not None and column.field_type == "BOOL":
        return _("yes") if text == "1" else _("no")
    if column is not None and column.field_type == "DATE":
        return i18n.format_date(datetime.fromisoformat(text).date())
    if column is not None and column.field_type == "DATETIME":
        return i18n.format_datetime(clock.to_local(datetime.fromisoformat(text)), "short")
    return text


def _local_day(at: datetime) -> str:
    return i18n.format_date(clock.to_local(at).date())


def _describe(change: changelog.Change, prefix: str) -> str | None:
    day = _local_day(change.at)
    if change.op in ("insert", "purge"):
        if change.field is not None and change.field != "name" and change.table != "team_member":
            return None  # one line per created record, not one per field
        text = _("created") if change.op == "insert" else _("deleted for good")
    elif change.op == "delete":
        text = _("moved to the recycle bin")
    elif change.op == "restore":
        text = _("restored from the recycle bin")
    else:
        text = _("{field} changed from {old} to {new}").format(
            field=_(FIELD_LABELS.get(change.field, change.field)),
            old=value_text(change.table, change.field, change.old),
            new=value_text(change.table, change.field, change.new))
    return f"{day} {prefix}{text}"


def _links(entity: str, record) -> list[tuple[str, str, str]]:
    """(table, uuid, prefix) of the records whose history shows with this one."""
    found: list[tuple[str, str, str]] = []

    def add(model, condition, prefix):
        for row in model.select().where(condition):
            found.append((model._meta.table_name, row.uuid, prefix(row)))

    if entity == "commissioner":
        # what the officer sees on the page: the person's or organization's own data too
        if record.kind == "individual" and record.person_id:
            found.append(("person", record.person.uuid, ""))
        if record.kind == "legal_person" and record.organization_id:
            found.append(("organization", record.organization.uuid, ""))
        a = models.Appointment
        for appointment in a.select().where(a.commissioner == record.id):
            level = common.label(common.LEVEL_LABELS, appointment.level)
            prefix = _("{label} {level} {year}: ").format(
                label=_(TABLE_LABELS["appointment"]), level=level, year=appointment.year)
            found.append(("appointment", appointment.uuid, prefix))
            for model in (models.ServedObject, models.ServiceStreet):
                add(model, model.appointment == appointment.id,
                    lambda _row, p=prefix, m=model: p + _(TABLE_LABELS[m._meta.table_name]) + " ")
        add(models.TeamMember, models.TeamMember.commissioner == record.id,
            lambda row: _("{label} {name}: ").format(label=_(TABLE_LABELS["team_member"]),
                                                    name=row.person.name))
    if entity in ("commissioner", "workstation"):
        wm = models.WorkstationMember
        column = wm.commissioner if entity == "commissioner" else wm.workstation
        add(wm, column == record.id,
            lambda row: _("{label} {name}: ").format(
                label=_(TABLE_LABELS["workstation_member"]),
                name=row.workstation.name if entity == "commissioner"
                else common.display_name(row.commissioner)))
    return found


def history(entity: str, record_id: int) -> list[HistoryEntry]:
    """What happened to a record and its links, newest first."""
    model = common.ENTITY_MODELS[entity]
    record = model.get_by_id(record_id)
    entries = []
    for table, record_uuid, prefix in [(model._meta.table_name, record.uuid, ""),
                                       *_links(entity, record)]:
        for change in changelog.history(table, record_uuid):
            text = _describe(change, prefix)
            if text is not None:
                entries.append((change.batch_id, HistoryEntry(change.at, change.actor, text)))
    entries.sort(key=lambda pair: pair[0], reverse=True)
    return [entry for _batch, entry in entries]


# Undo and redo -----------------------------------------------------------------------------

_UNDOABLE = ("user", "import", "merge")
_state: dict = {"start": 0, "redo": [], "seen": None}


def mark_start() -> None:
    """Undo reaches back to here (the program's start, or a database just opened)."""
    _state.update(start=_latest() or 0, redo=[], seen=None)


def _latest(own: bool = False) -> int | None:
    """The newest batch, or this machine's newest."""
    b = models.ChangeBatch
    query = b.select(fn.MAX(b.id))
    if own:
        query = query.where(b.device_id == changelog.device_id())
    return query.scalar()


def _undo_candidate() -> models.ChangeBatch | None:
    """This machine's newest action not yet undone: on a shared database a colleague's actions
    are theirs to undo."""
    b = models.ChangeBatch
    reverted = b.alias("reverted")
    return (b.select().where((b.id > _state["start"]) & b.kind.in_(_UNDOABLE)
                             & (b.device_id == changelog.device_id())
                             & ~fn.EXISTS(reverted.select().where(reverted.reverts == b.id)))
            .order_by(b.id.desc()).first())


def undo_label() -> str | None:
    """The action undo would revert, or None when there is nothing to undo."""
    candidate = _undo_candidate()
    return candidate.label if candidate else None


def redo_label() -> str | None:
    if not _state["redo"] or _latest(own=True) != _state["seen"]:
        return None
    return models.ChangeBatch.get_by_id(_state["redo"][-1]).label.removeprefix(_undo_prefix())


def _undo_prefix() -> str:
    return _("Undo") + ": "


def _overwritten_by_others(batch_id: int) -> changelog.Change | None:
    """The first change another machine made after batch ``batch_id`` to a field that batch
    wrote (to any field of a record it created): reverting would silently undo it too."""
    log, b = models.ChangeLog, models.ChangeBatch
    wrote = log.select(log.table, log.record_uuid, log.op, log.field).where(log.batch == batch_id)
    fields = {(t, u, f) for t, u, _op, f in wrote.tuples()}
    created = {(t, u) for t, u, op, _f in wrote.tuples() if op == "insert"}
    later = (log.select(log.batch, b.at, b.actor, log.table, log.record_uuid, log.op, log.field,
                        log.old, log.new)
             .join(b).where((log.batch > batch_id) & (b.device_id != changelog.device_id())
                            & log.record_uuid.in_(wrote.select(log.record_uuid)))
             .order_by(log.id).tuples())
    for row in later:
        change = changelog.Change(*row)
        if ((change.table, change.record_uuid, change.field) in fields
                or (change.table, change.record_uuid) in created):
            return change
    return None


def revert(batch_id: int, label: str, kind: str = "undo") -> int | None:
    """Revert one batch as a new one (undo, redo, the audit screen's undo); refused when a later
    change by another machine touched what it wrote, or later changes depend on it."""
    def refuse_when_overwritten() -> None:
        conflict = _overwritten_by_others(batch_id)
        if conflict is None:
            return
        what = _(TABLE_LABELS.get(conflict.table, conflict.table))
        if conflict.field in FIELD_LABELS:
            what += " " + _(FIELD_LABELS[conflict.field])
        raise UserError(_("This action cannot be undone: {actor} has changed the same data "
                          "({what}) since, on another computer, on {day}. Change it by hand "
                          "instead.").format(actor=conflict.actor or "?", what=what,
                                             day=_local_day(conflict.at)))

    try:
        return changelog.revert(batch_id, label, kind=kind, check=refuse_when_overwritten)
    except (LookupError, peewee.IntegrityError, peewee.DoesNotExist) as error:
        raise UserError(_("This action cannot be undone: later changes depend on it "
                          "({error}).").format(error=error)) from None


def undo() -> Changes:
    """Revert this machine's last action; the detail is its label (None when there was nothing)."""
    with database.atomic():  # the action found is the one reverted
        candidate = _undo_candidate()
        if candidate is None:
            return Changes()
        undo_id = revert(candidate.id, _undo_prefix() + candidate.label, "undo")
    if undo_id is not None:
        _state["redo"].append(undo_id)
        _state["seen"] = undo_id
    return changes.of_batch(undo_id, detail=candidate.label)


def redo() -> Changes:
    """Re-apply the last undone action (until a new action is made on this machine); the detail
    is its label."""
    with database.atomic():
        label = redo_label()
        if label is None:
            return Changes()
        undo_id = _state["redo"][-1]
        redo_id = revert(undo_id, label, "user")
    _state["redo"].pop()
    _state["seen"] = redo_id
    return changes.of_batch(redo_id, detail=label)
