"""Order-style demand matching (订单式需求对接): the demand life cycle and its services.

The life cycle is the one table ``TRANSITIONS``: for each state, the actions allowed in it and the
states each action may lead to. Every service looks its action up there first, so a refused step
names the current state and what is allowed, and nothing is written. Claim decisions lead to one
of several states; ``_settled_status`` picks it from the claims:

- enough accepted claims (the demand's limit) → ``in_service``;
- any pending or accepted claim → ``claimed``;
- none → back to ``published``.

A published demand whose claim deadline has passed expires (a system transition, see
``expire_due``). A claimed demand with only pending claims does not: the officer received those
claims in time and still has to decide them; until then it counts as overdue.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

import peewee

from app.core import changes
from app.core.changes import Changes
from app.core.errors import UserError
from app.core.i18n import N_, _, format_date, join_list
from app.core.status import in_force
from db import changelog
from db.models import (
    DEMAND_KINDS,
    SATISFACTIONS,
    Appointment,
    Claim,
    Commissioner,
    Demand,
    DemandTransition,
    Dictionary,
    Organization,
)

STATUS_LABELS = {
    "draft": N_("Draft"),
    "published": N_("Published"),
    "claimed": N_("Claimed"),
    "in_service": N_("In service"),
    "awaiting_evaluation": N_("Awaiting evaluation"),
    "closed": N_("Closed"),
    "withdrawn": N_("Withdrawn by the enterprise"),
    "expired": N_("Expired"),
    "terminated": N_("Terminated"),
}
DEMAND_KIND_LABELS = {
    "research": N_("R&D"),
    "process": N_("Process improvement"),
    "testing": N_("Inspection and testing"),
    "talent": N_("Talent"),
    "training": N_("Training"),
    "consulting": N_("Consulting"),
    "other": N_("Other"),
}
SATISFACTION_LABELS = {
    "satisfied": N_("Satisfied"),
    "basically_satisfied": N_("Basically satisfied"),
    "dissatisfied": N_("Dissatisfied"),
}
CLAIM_STATUS_LABELS = {
    "pending": N_("Pending"),
    "accepted": N_("Accepted"),
    "rejected": N_("Rejected"),
    "withdrawn": N_("Withdrawn by the claimant"),
}
ACTION_LABELS = {
    "publish": N_("publish"),
    "claim": N_("record a claim"),
    "assign": N_("assign a commissioner"),
    "accept": N_("accept a claim"),
    "reject": N_("reject a claim"),
    "withdraw_claim": N_("withdraw a claim"),
    "start_service": N_("start the service"),
    "start_evaluation": N_("finish the service for evaluation"),
    "close": N_("close with evaluation"),
    "withdraw": N_("withdraw"),
    "terminate": N_("terminate"),
    "expire": N_("expire"),
}
SYSTEM_ACTOR = "system"
OPEN_STATUSES = ("claimed", "in_service", "awaiting_evaluation")


@dataclass(frozen=True)
class Rule:
    targets: tuple[str, ...]
    reason_required: bool = False
    system: bool = False  # done by the program, never offered to the officer


TRANSITIONS: dict[str, dict[str, Rule]] = {
    "draft": {"publish": Rule(("published",))},
    "published": {
        "claim": Rule(("claimed",)),
        "assign": Rule(("claimed", "in_service")),
        "withdraw": Rule(("withdrawn",), reason_required=True),
        "expire": Rule(("expired",), system=True),
    },
    "claimed": {  # start_service first: it is what a board drag to in_service means
        "start_service": Rule(("in_service",)),
        "claim": Rule(("claimed",)),
        "assign": Rule(("claimed", "in_service")),
        "accept": Rule(("claimed", "in_service")),
        "reject": Rule(("claimed", "published"), reason_required=True),
        "withdraw_claim": Rule(("claimed", "published")),
    },
    "in_service": {
        "reject": Rule(("in_service",), reason_required=True),
        "withdraw_claim": Rule(("in_service",)),
        "start_evaluation": Rule(("awaiting_evaluation",)),
        "terminate": Rule(("terminated",), reason_required=True),
    },
    "awaiting_evaluation": {"close": Rule(("closed",))},
    "closed": {},
    "withdrawn": {},
    "expired": {},
    "terminated": {},
}


def allowed_actions(status: str, *, include_system: bool = False) -> list[str]:
    return [a for a, rule in TRANSITIONS[status].items() if include_system or not rule.system]


def _refusal(number: str, status: str, what: str) -> UserError:
    actions = allowed_actions(status)
    allowed = join_list(_(ACTION_LABELS[a]) for a in actions) if actions else _("nothing")
    return UserError(
        _("Demand {number} is {status}: it cannot {what}. Allowed now: {allowed}.").format(
            number=number, status=_(STATUS_LABELS[status]), what=what, allowed=allowed
        ),
        "status",
    )


def rule_for(number: str, status: str, action: str) -> Rule:
    """The rule of ``action`` in ``status``, or a UserError naming the state and what is allowed."""
    rule = TRANSITIONS[status].get(action)
    if rule is None:
        raise _refusal(number, status, _(ACTION_LABELS[action]))
    return rule


def action_for_move(demand_id: int, target: str) -> str:
    """The officer's action that moves a demand to ``target`` (a board drag), or a UserError."""
    demand = _demand(demand_id)
    for action, rule in TRANSITIONS[demand.status].items():
        if not rule.system and target in rule.targets:
            return action
    raise _refusal(
        demand.number, demand.status,
        _("become {target}").format(target=_(STATUS_LABELS[target])),
    )


# Values ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemandInput:
    title: str
    organization_id: int | None
    description: str = ""
    industry_field: str | None = None
    kind: str = "research"
    budget: str | Decimal | None = None  # 万元
    claim_deadline: date | None = None
    expected_finish: date | None = None
    max_accepted: int = 1


# Helpers -----------------------------------------------------------------------------------


def _demand(demand_id: int) -> Demand:
    demand = Demand.live().where(Demand.id == demand_id).first()
    if demand is None:
        raise UserError(_("The demand no longer exists."), "demand")
    return demand


def _claim(claim_id: int) -> Claim:
    claim = Claim.live().where(Claim.id == claim_id).first()
    if claim is None:
        raise UserError(_("The claim no longer exists."), "claim")
    return claim


def _actor() -> str:
    return changelog.current_batch().actor


def _record(demand: Demand, target: str, reason: str = "", actor: str | None = None) -> None:
    """Move the demand to ``target`` and keep the step, if the status changes."""
    if demand.status == target:
        demand.save()
        return
    DemandTransition(
        demand=demand, from_status=demand.status, to_status=target,
        actor=_actor() if actor is None else actor, reason=reason,
    ).save()
    demand.status = target
    demand.save()


def _claims(demand: Demand, *statuses: str) -> list[Claim]:
    return list(Claim.live().where((Claim.demand == demand) & Claim.status.in_(statuses)))


def _settled_status(demand: Demand) -> str:
    accepted = len(_claims(demand, "accepted"))
    if accepted >= demand.max_accepted:
        return "in_service"
    if accepted or _claims(demand, "pending"):
        return "claimed"
    return "published"


def _settle(demand: Demand, rule: Rule, reason: str = "") -> str:
    target = _settled_status(demand)
    if demand.status == "in_service":  # decisions on left-over claims keep the service running
        target = "in_service"
    assert target in rule.targets, (demand.status, target)
    _record(demand, target, reason)
    return target


def _required(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise UserError(message, field)
    return value


def _reason(rule: Rule, reason: str) -> str:
    if rule.reason_required:
        return _required(reason, "reason", _("Please give a reason."))
    return (reason or "").strip()


def next_number(year: int) -> str:
    """The next free number of a year: XQ-2025-0007 (deleted demands keep their numbers). The
    sequence is compared as a number, longest first: XQ-2025-10000 comes after XQ-2025-9999."""
    prefix = f"XQ-{year}-"
    last = (Demand.select(Demand.number).where(Demand.number.startswith(prefix))
            .order_by(peewee.fn.LENGTH(Demand.number).desc(), Demand.number.desc())
            .limit(1).scalar())
    sequence = int(last[len(prefix):]) + 1 if last else 1
    return f"{prefix}{sequence:04d}"


# Tries for a free number when other users take the next ones at the same moment.
NUMBER_TRIES = 5


def _save_numbered(demand: Demand, year: int) -> None:
    """Save a new demand under the next free number of its year. Another user (a shared
    database) may take that number between reading it and writing: then the next one is taken,
    inside the same write."""
    for _try in range(NUMBER_TRIES):
        demand.number = next_number(year)
        try:
            with Demand._meta.database.atomic():  # a savepoint: a refused insert leaves the rest
                demand.save()
            return
        except peewee.IntegrityError:
            demand.id = None
            if not Demand.select().where(Demand.number == demand.number).exists():
                raise
    raise UserError(_("Other users are creating demands at this moment and took every number "
                      "this one tried. Please save again."), "number")


def _clean(values: DemandInput) -> dict:
    return check_values(values, organization=True)


def check_values(values: DemandInput, organization: bool = False) -> dict:
    """``_clean``; without ``organization`` but for the organization, which the caller knows
    (a field package)."""
    title = _required(values.title, "title", _("Please enter the title of the demand."))
    if organization and (values.organization_id is None or not Organization.live().where(
        Organization.id == values.organization_id
    ).exists()):
        raise UserError(_("Please choose the organization that posts the demand."), "organization")
    if values.kind not in DEMAND_KINDS:
        raise UserError(_("Please choose the kind of demand."), "kind")
    if values.industry_field and not Dictionary.select().where(
        (Dictionary.kind == "industry_field") & (Dictionary.code == values.industry_field)
    ).exists():
        raise UserError(_("Unknown industry field."), "industry_field")
    budget = None
    if values.budget not in (None, ""):
        try:
            budget = Decimal(str(values.budget).strip())
        except InvalidOperation:
            budget = Decimal(-1)
        if not budget.is_finite() or budget < 0:
            raise UserError(_("The budget must be an amount in 10k yuan, 0 or more."), "budget")
    if values.max_accepted < 1:
        raise UserError(_("At least one commissioner must be accepted."), "max_accepted")
    if values.claim_deadline and values.expected_finish and (
        values.expected_finish < values.claim_deadline
    ):
        raise UserError(_("The expected finish cannot be before the claim deadline."),
                        "expected_finish")
    return {
        "title": title,
        "organization": values.organization_id,
        "description": (values.description or "").strip(),
        "industry_field": values.industry_field or None,
        "kind": values.kind,
        "budget": budget,
        "claim_deadline": values.claim_deadline,
        "expected_finish": values.expected_finish,
        "max_accepted": values.max_accepted,
    }


# Services ----------------------------------------------------------------------------------


def _demand_in_batch(demand_id: int, label: str, **fields) -> Demand:
    """The demand as stored now, read inside the open batch, which is named after it: its
    state is checked in the transaction that writes it."""
    demand = _demand(demand_id)
    changelog.relabel(label.format(number=demand.number, **fields))
    return demand


def create(values: DemandInput, today: date) -> Changes:
    """A new draft demand, entered by the officer for an organization."""
    fields = _clean(values)
    with changelog.batch(_("New demand")):
        demand = Demand(**fields)
        _save_numbered(demand, today.year)
        DemandTransition(demand=demand, from_status=None, to_status="draft", actor=_actor()).save()
        return changes.made("demand", demand.id, created=True)


def edit(demand_id: int, values: DemandInput) -> Changes:
    """Change the fields of a demand that is still open (neither finished nor ended)."""
    fields = _clean(values)
    with changelog.batch(""):
        demand = _demand_in_batch(demand_id, _("Edit demand {number}"))
        if demand.status in ("closed", "withdrawn", "expired", "terminated"):
            raise UserError(_("Demand {number} is {status} and can no longer be edited.").format(
                number=demand.number, status=_(STATUS_LABELS[demand.status])), "status")
        for name, value in fields.items():
            setattr(demand, name, value)
        demand.save()
        return changes.made("demand", demand.id)


def publish(demand_id: int, today: date) -> Changes:
    with changelog.batch(""):
        demand = _demand_in_batch(demand_id, _("Publish demand {number}"))
        rule = rule_for(demand.number, demand.status, "publish")
        if demand.claim_deadline is None:
            raise UserError(_("Please set a claim deadline before publishing."), "claim_deadline")
        if demand.claim_deadline < today:
            raise UserError(_("The claim deadline {deadline} has already passed.").format(
                deadline=format_date(demand.claim_deadline)), "claim_deadline")
        demand.published_on = today
        _record(demand, rule.targets[0])
        return changes.made("demand", demand.id)


def _check_claimant(demand: Demand, commissioner_id: int, on: date | None) -> Commissioner:
    commissioner = Commissioner.live().where(Commissioner.id == commissioner_id).first()
    if commissioner is None:
        raise UserError(_("Please choose a commissioner."), "commissioner")
    if on is None:
        raise UserError(_("Please enter the date of the claim."), "claimed_on")
    has_force = (
        Appointment.select()
        .where((Appointment.commissioner == commissioner) & in_force(on))
        .exists()
    )
    if not has_force:
        raise UserError(
            _("This commissioner has no appointment in force on {date}: all appointments have "
              "ended or are not active, so the commissioner cannot take demands.").format(
                date=format_date(on)),
            "commissioner",
        )
    if Claim.live().where(
        (Claim.demand == demand) & (Claim.commissioner == commissioner)
        & Claim.status.in_(("pending", "accepted"))
    ).exists():
        raise UserError(_("This commissioner already has a claim on this demand."), "commissioner")
    return commissioner


def claim(demand_id: int, commissioner_id: int, on: date | None, plan: str = "") -> Changes:
    """Record a commissioner's claim, received by the officer (claim on behalf). The detail
    of the ``Changes`` is the new claim's id."""
    with changelog.batch(""):
        demand = _demand_in_batch(demand_id, _("Claim on demand {number}"))
        rule = rule_for(demand.number, demand.status, "claim")
        commissioner = _check_claimant(demand, commissioner_id, on)
        if demand.published_on and on < demand.published_on:
            raise UserError(_("A claim cannot be dated before the demand was published."),
                            "claimed_on")
        row = Claim(demand=demand, commissioner=commissioner, claimed_on=on, plan=plan.strip())
        row.save()
        _settle(demand, rule)
        return changes.made("demand", demand.id, detail=row.id)


def assign(demand_id: int, commissioner_id: int, on: date | None, note: str = "") -> Changes:
    """The officer assigns a commissioner directly: an accepted claim with source "assigned"
    (its id is the detail of the ``Changes``)."""
    with changelog.batch(""):
        demand = _demand_in_batch(demand_id, _("Assign demand {number}"))
        rule = rule_for(demand.number, demand.status, "assign")
        commissioner = _check_claimant(demand, commissioner_id, on)
        row = Claim(demand=demand, commissioner=commissioner, claimed_on=on, status="accepted",
                    source="assigned", decided_on=on, plan=note.strip())
        row.save()
        demand.source = "assigned"
        _settle(demand, rule)
        return changes.made("demand", demand.id, detail=row.id)


def claim_allows(action: str, demand_status: str, claim_status: str) -> bool:
    """Whether a claim in ``claim_status`` can be accepted, rejected or withdrawn (``action``):
    a pending one; an accepted one can still be withdrawn before the service begins."""
    return claim_status in (("pending", "accepted") if (
        action == "withdraw_claim" and demand_status == "claimed") else ("pending",))


def _decide(claim_id: int, action: str, new_status: str, on: date, note: str) -> Changes:
    with changelog.batch(""):
        row = _claim(claim_id)
        demand = _demand_in_batch(row.demand_id, _("Claim on demand {number}: {action}"),
                                  action=_(ACTION_LABELS[action]))
        rule = rule_for(demand.number, demand.status, action)
        note = _reason(rule, note)
        if not claim_allows(action, demand.status, row.status):
            raise UserError(_("This claim is {status} already.").format(
                status=_(CLAIM_STATUS_LABELS[row.status])), "claim")
        if on < row.claimed_on:
            raise UserError(_("A decision cannot be dated before the claim."), "decided_on")
        row.status, row.decided_on, row.decision_note = new_status, on, note
        row.save()
        _settle(demand, rule, note)
        return changes.made("demand", demand.id, detail=row.id)


def accept_claim(claim_id: int, on: date, note: str = "") -> Changes:
    return _decide(claim_id, "accept", "accepted", on, note)


def reject_claim(claim_id: int, on: date, reason: str) -> Changes:
    return _decide(claim_id, "reject", "rejected", on, reason)


def withdraw_claim(claim_id: int, on: date, note: str = "") -> Changes:
    """The claimant withdraws: a pending claim any time, an accepted one before the service."""
    return _decide(claim_id, "withdraw_claim", "withdrawn", on, note)


def _step(demand_id: int, action: str, reason: str = "", **fields) -> Changes:
    with changelog.batch(""):
        demand = _demand_in_batch(demand_id, _("Demand {number}: {action}"),
                                  action=_(ACTION_LABELS[action]))
        rule = rule_for(demand.number, demand.status, action)
        reason = _reason(rule, reason)
        if action == "start_service" and not _claims(demand, "accepted"):
            raise UserError(_("Accept at least one claim before starting the service."), "claim")
        for name, value in fields.items():
            setattr(demand, name, value)
        if action in ("withdraw", "terminate"):
            demand.close_reason = reason
        _record(demand, rule.targets[0], reason)
        return changes.made("demand", demand.id)


def start_service(demand_id: int) -> Changes:
    """Go ahead with fewer accepted commissioners than the limit allows."""
    return _step(demand_id, "start_service")


def start_evaluation(demand_id: int, finished_on: date | None = None) -> Changes:
    """The service is done: the enterprise is asked for its evaluation."""
    return _step(demand_id, "start_evaluation", finished_on=finished_on)


def withdraw(demand_id: int, reason: str) -> Changes:
    """The enterprise withdraws its demand."""
    return _step(demand_id, "withdraw", reason)


def terminate(demand_id: int, reason: str) -> Changes:
    """The service is abandoned."""
    return _step(demand_id, "terminate", reason)


def close(demand_id: int, summary: str, finished_on: date | None, satisfaction: str | None,
          score: int | None) -> Changes:
    """Close with the result and the enterprise's evaluation (满意/基本满意/不满意, 1–5)."""
    with changelog.batch(""):
        demand = _demand(demand_id)
        rule_for(demand.number, demand.status, "close")
        summary = _required(summary, "result_summary", _("Please summarise the result."))
        if finished_on is None:
            raise UserError(_("Please enter the date the service finished."), "finished_on")
        if demand.published_on and finished_on < demand.published_on:
            raise UserError(_("The service cannot finish before the demand was published."),
                            "finished_on")
        if satisfaction not in SATISFACTIONS:
            raise UserError(_("Please record the enterprise's satisfaction."), "satisfaction")
        if score is None or not 1 <= score <= 5:
            raise UserError(_("The satisfaction score is from 1 to 5."), "satisfaction_score")
        return _step(demand_id, "close", result_summary=summary, finished_on=finished_on,
                     satisfaction=satisfaction, satisfaction_score=score)


def expire_due(today: date) -> Changes:
    """Expire the published demands whose claim deadline is before ``today`` (a system step,
    run when the program opens and when the day changes); the demands written are those
    expired."""
    with changelog.batch(_("Expire demands past their claim deadline"), kind="system"):
        for demand in Demand.live().where((Demand.status == "published")
                                          & (Demand.claim_deadline < today)):
            rule = rule_for(demand.number, demand.status, "expire")
            _record(demand, rule.targets[0], "", actor=SYSTEM_ACTOR)
        return changes.made("demand")


def expiry_reason(claim_deadline: date | None) -> str:
    """Why the program expired a demand. Said when shown, not stored: expiry runs as the database
    opens, before the officer's language is chosen."""
    return _("Claim deadline {deadline} passed without an accepted claim.").format(
        deadline=format_date(claim_deadline))


def is_overdue(status: str, claim_deadline: date | None, expected_finish: date | None,
               today: date) -> bool:
    """Unclaimed past the claim deadline, or still in service past the expected finish."""
    if status in ("published", "claimed"):
        return claim_deadline is not None and claim_deadline < today
    if status == "in_service":
        return expected_finish is not None and expected_finish < today
    return False


def overdue_condition(today: date):
    """``is_overdue`` as a peewee condition on Demand, for counting and filtering in SQL."""
    return Demand.deleted_at.is_null() & (
        (Demand.status.in_(("published", "claimed")) & (Demand.claim_deadline < today))
        | ((Demand.status == "in_service") & (Demand.expected_finish < today))
    )
