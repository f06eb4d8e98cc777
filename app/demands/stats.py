"""Statistics of the order-style demands, for the reports and the dashboard."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from statistics import median

import peewee

from app.core.clock import utc_midnight
from app.demands.lifecycle import is_overdue, overdue_condition
from db.models import DEMAND_STATUSES, Claim, Demand, DemandTransition, Dictionary, Organization

# Statuses a demand reaches only after its service started.
_SERVED = ("in_service", "awaiting_evaluation", "closed", "terminated")


@dataclass(frozen=True)
class DemandStatistics:
    by_status: dict[str, int]
    published: int
    claimed: int
    in_service: int
    closed: int
    withdrawn: int
    expired: int
    terminated: int
    claim_rate: float | None
    median_days_to_first_claim: float | None
    completion_rate: float | None
    overdue: int
    satisfaction_rate: float | None
    mean_score: float | None


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def statuses_on(day: date, demand_ids: list[int]) -> dict[int, str]:
    """Each demand's status at the end of ``day``, from its recorded transitions: the target of
    its last step before then, else the origin of its first step after (a demand that was entered
    with a status and changed later). Demands with no step on record by then and none from a
    known status after are left out: their stored status is all there is."""
    end = utc_midnight(day + timedelta(days=1))
    found: dict[int, str | None] = {}
    steps = (DemandTransition.select(DemandTransition.demand, DemandTransition.from_status,
                                     DemandTransition.to_status, DemandTransition.at)
             .where(DemandTransition.deleted_at.is_null()
                    & DemandTransition.demand.in_(demand_ids))
             .order_by(DemandTransition.demand, DemandTransition.at, DemandTransition.id).tuples())
    for demand, before, after, at in steps:
        if at < end:
            found[demand] = after
        elif demand not in found:
            found[demand] = before  # None: entered later, so the stored status is all there is
    return {demand: status for demand, status in found.items() if status}


def statistics(start: date, end: date, *, industry_field: str | None = None,
               street_code: str | None = None, today: date | None = None) -> DemandStatistics:
    """Statistics of the demands published from ``start`` to ``end`` (both included), optionally
    of one industry field (dictionary code) or of organizations in one street (dictionary code),
    as the register stood at the end of ``today`` (default: the real today). Demands in the
    recycle bin and drafts (never published) are not counted.

    Every figure is as of ``today``: a demand counts with the status its transitions give it on
    that day (``statuses_on``), and only claims made by then count, so a past period printed
    again later gives the same figures whatever happened since.

    - ``by_status``: how many of them were in each status (every status is a key).
    - ``published``: how many were published in the period.
    - ``claimed``: how many had received at least one claim from a commissioner (source
      "claimed", whatever became of it); a direct assignment by the officer is not a claim.
    - ``in_service``, ``closed``, ``withdrawn``, ``expired``, ``terminated``: how many were in
      that status.
    - ``claim_rate``: claimed / published.
    - ``median_days_to_first_claim``: over the claimed demands, the median of the days from
      publication to the earliest claim.
    - ``completion_rate``: closed / demands whose service had started (in service, awaiting
      evaluation, closed or terminated).
    - ``overdue``: how many were overdue: unclaimed past the claim deadline, or in service past
      the expected finish (``app.demands.lifecycle.is_overdue``).
    - ``satisfaction_rate``: among closed demands with an evaluation, the share rated satisfied
      or basically satisfied (满意 + 基本满意).
    - ``mean_score``: the mean 1–5 satisfaction score of the closed demands that have one.

    Rates and the median are ``None`` when there is nothing to divide by.
    """
    today = today or date.today()
    query = Demand.select(Demand.id, Demand.status, Demand.published_on, Demand.claim_deadline,
                          Demand.expected_finish, Demand.satisfaction, Demand.satisfaction_score)
    condition = Demand.deleted_at.is_null() & Demand.published_on.between(start, min(end, today))
    if industry_field:
        condition &= Demand.industry_field == industry_field
    if street_code:
        query = query.join(Organization).join(Dictionary, on=(Organization.street == Dictionary.id))
        condition &= Dictionary.code == street_code
    rows = list(query.where(condition).tuples())
    then = statuses_on(today, [row[0] for row in rows])
    demands = [(row[0], then.get(row[0], row[1]), *row[2:]) for row in rows]

    first_claims = dict(
        Claim.select(Claim.demand, peewee.fn.MIN(Claim.claimed_on))
        .where(Claim.deleted_at.is_null() & (Claim.source == "claimed")
               & (Claim.claimed_on <= today) & Claim.demand.in_([d[0] for d in demands]))
        .group_by(Claim.demand).tuples()
    )
    by_status = dict.fromkeys(DEMAND_STATUSES, 0)
    for row in demands:
        by_status[row[1]] += 1
    published = len(demands) - by_status["draft"]
    days = [(_as_date(first_claims[d[0]]) - d[2]).days for d in demands if d[0] in first_claims]
    evaluated = [d for d in demands if d[1] == "closed" and d[5]]
    scores = [d[6] for d in demands if d[1] == "closed" and d[6] is not None]
    return DemandStatistics(
        by_status=by_status,
        published=published,
        claimed=len(days),
        in_service=by_status["in_service"],
        closed=by_status["closed"],
        withdrawn=by_status["withdrawn"],
        expired=by_status["expired"],
        terminated=by_status["terminated"],
        claim_rate=_share(len(days), published),
        median_days_to_first_claim=float(median(days)) if days else None,
        completion_rate=_share(by_status["closed"], sum(by_status[s] for s in _SERVED)),
        overdue=sum(is_overdue(d[1], d[3], d[4], today) for d in demands),
        satisfaction_rate=_share(
            sum(d[5] in ("satisfied", "basically_satisfied") for d in evaluated), len(evaluated)),
        mean_score=sum(scores) / len(scores) if scores else None,
    )


def overdue_count(today: date) -> int:
    """All demands overdue on ``today``, whenever they were published (the dashboard's figure)."""
    return Demand.select().where(overdue_condition(today)).count()


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def quarter_range(year: int, quarter: int) -> tuple[date, date]:
    """First and last day of a quarter (1–4)."""
    start = date(year, 3 * quarter - 2, 1)
    end = date(year + (quarter == 4), (3 * quarter) % 12 + 1, 1) - timedelta(days=1)
    return start, end


def year_range(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def by_quarter(year: int, **filters) -> dict[int, DemandStatistics]:
    """The statistics of each quarter of a year: {1: …, 2: …, 3: …, 4: …}."""
    return {q: statistics(*quarter_range(year, q), **filters) for q in range(1, 5)}


def by_field(start: date, end: date, today: date | None = None) -> dict[str, DemandStatistics]:
    """The statistics of each industry field that has demands published in the period."""
    fields = (Demand.select(Demand.industry_field).distinct()
              .where(Demand.deleted_at.is_null() & Demand.published_on.between(start, end)
                     & Demand.industry_field.is_null(False)))
    return {f.industry_field: statistics(start, end, industry_field=f.industry_field, today=today)
            for f in fields}


def by_street(start: date, end: date, today: date | None = None) -> dict[str, DemandStatistics]:
    """The statistics of each street whose organizations published demands in the period."""
    streets = (Dictionary.select(Dictionary.code).distinct()
               .join(Organization, on=(Organization.street == Dictionary.id))
               .join(Demand, on=(Demand.organization == Organization.id))
               .where(Demand.deleted_at.is_null() & Demand.published_on.between(start, end)))
    return {s.code: statistics(start, end, street_code=s.code, today=today) for s in streets}
