"""The year's figures a round's data items are scored from, for every subject at once: one
grouped query per figure over the year's records (never one query per subject), so that a
province of 50,000 commissioners is computed in seconds.

- ``service_count``: verified (approved) service logs dated in the year that name the
  commissioner, or that were done at the workstation;
- ``service_days``: their days, summed exactly;
- ``agreement_completion``: the mean completion ratio of the commissioner's agreements in force
  in the year (not terminated, term overlapping the year) that set a counted target; None when
  none does;
- ``demand_satisfaction``: the mean satisfaction score (1–5) of the closed demands the
  commissioner served (an accepted claim) that finished in the year; None when none was rated;
- ``event_outcomes``: outcomes dated in the year (signed, else the event's day, else the log's)
  the commissioner is a party to or came from a log naming it; for a workstation, the outcomes
  of its logs.

A workstation has no agreements or demands of its own: those two figures are None for it.
``store`` keeps a year's figures (``AssessmentFigures``, derived data without history) for the
round to be scored from; ``stored`` reads them back.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from peewee import JOIN, chunked, fn

from app.assessment import agreements
from app.core.clock import utc_midnight
from db.database import database
from db.models import (
    Agreement,
    AssessmentFigures,
    Claim,
    Demand,
    Event,
    Outcome,
    OutcomeParty,
    ServiceLog,
    ServiceLogCommissioner,
)

SOURCES = ("service_count", "service_days", "agreement_completion", "demand_satisfaction",
           "event_outcomes")
RATIO_PLACES, MEAN_PLACES = Decimal("0.0001"), Decimal("0.01")
ZERO = Decimal(0)


@dataclass(frozen=True)
class Figures:
    service_count: int = 0
    service_days: Decimal = ZERO
    agreement_completion: Decimal | None = None
    demand_satisfaction: Decimal | None = None
    event_outcomes: int = 0

    def of(self, source: str) -> Decimal | None:
        value = getattr(self, source)
        return None if value is None else Decimal(value)


def year_span(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def _verified_in(year: int):
    start, end = year_span(year)
    log = ServiceLog
    return (log.deleted_at.is_null() & (log.verification == "approved")
            & (log.date >= start) & (log.date <= end))


def _counts_and_days(key, query, year: int, only) -> tuple[dict, dict]:
    """Per subject (``key``): verified logs and their days, from ``query`` (logs joined to the
    subject) grouped by subject and day value: the days are decimals kept as text."""
    condition = _verified_in(year) if only is None else _verified_in(year) & key.in_(list(only))
    counts: dict[int, int] = defaultdict(int)
    days: dict[int, Decimal] = defaultdict(Decimal)
    rows = query.select(key, ServiceLog.days, fn.COUNT(ServiceLog.id)).where(condition).group_by(
        key, ServiceLog.days).tuples()
    for subject, value, count in database.execute(rows):
        counts[subject] += count
        days[subject] += Decimal(str(value)) * count
    return counts, days


def _outcome_dated_in(year: int, log=ServiceLog):
    start, end = year_span(year)
    o = Outcome
    return o.deleted_at.is_null() & (
        (o.signed_on >= start) & (o.signed_on <= end)
        | o.signed_on.is_null() & (Event.starts_at >= utc_midnight(start))
        & (Event.starts_at < utc_midnight(end + timedelta(days=1)))
        | o.signed_on.is_null() & o.event.is_null() & (log.date >= start) & (log.date <= end))


def commissioner_figures(year: int, only=None) -> dict[int, Figures]:
    """commissioner id → its figures; ``only``: those commissioners (a few), else every one with
    a record in the year (a commissioner absent has the zero figures)."""
    link = ServiceLogCommissioner
    logs = link.select().join(ServiceLog, on=(ServiceLog.id == link.service_log)).where(
        link.deleted_at.is_null())
    counts, days = _counts_and_days(link.commissioner, logs, year, only)
    completion = _completion(year, only)
    satisfaction = _satisfaction(year, only)
    outcomes = _commissioner_outcomes(year, only)
    subjects = set(counts) | set(completion) | set(satisfaction) | set(outcomes)
    return {c: Figures(counts.get(c, 0), days.get(c, ZERO), completion.get(c),
                       satisfaction.get(c), len(outcomes.get(c, ()))) for c in subjects}


def _completion(year: int, only) -> dict[int, Decimal]:
    start, end = year_span(year)
    a = Agreement
    targeted = (a.target_service_days.is_null(False) | a.target_trainings.is_null(False)
                | a.target_technologies.is_null(False) | a.target_products.is_null(False))
    condition = (a.deleted_at.is_null() & (a.status != "terminated") & targeted
                 & (a.term_start.is_null() | (a.term_start <= end))
                 & (a.term_end.is_null() | (a.term_end >= start)))
    if only is not None:
        condition &= a.commissioner.in_(list(only))
    done = agreements.done_by_agreement(condition)
    ratios: dict[int, list[Decimal]] = defaultdict(list)
    for row in a.select().where(condition):
        targets = {name: getattr(row, column)
                   for name, column in agreements.TARGET_COLUMNS.items()
                   if getattr(row, column) is not None}
        figures = done.get(row.id) or dict.fromkeys(agreements.TARGETS, ZERO)
        ratios[row.commissioner_id].append(agreements.ratio(targets, figures))
    return {c: (sum(found, ZERO) / len(found)).quantize(RATIO_PLACES, ROUND_HALF_UP)
            for c, found in ratios.items()}


def _satisfaction(year: int, only) -> dict[int, Decimal]:
    start, end = year_span(year)
    d, c = Demand, Claim
    # The year's closed demands first: walking the claims by commissioner for the grouping and
    # looking each demand up took 3 s at province scale, against 0.3 s.
    rated = d.select(d.id).where(d.deleted_at.is_null(), d.status == "closed",
                                 d.satisfaction_score.is_null(False), d.finished_on >= start,
                                 d.finished_on <= end)
    query = (c.select(c.commissioner, fn.SUM(d.satisfaction_score), fn.COUNT(d.id))
             .join(d, on=(d.id == c.demand))
             .where(c.demand.in_(rated), c.deleted_at.is_null(), c.status == "accepted")
             .group_by(c.commissioner).tuples())
    if only is not None:
        query = query.where(c.commissioner.in_(list(only)))
    return {commissioner: (Decimal(total) / count).quantize(MEAN_PLACES, ROUND_HALF_UP)
            for commissioner, total, count in database.execute(query) if count}


def _commissioner_outcomes(year: int, only) -> dict[int, set[int]]:
    o, party, link, log = Outcome, OutcomeParty, ServiceLogCommissioner, ServiceLog
    found: dict[int, set[int]] = defaultdict(set)
    as_party = (party.select(party.commissioner, o.id).join(o, on=(o.id == party.outcome))
                .join(Event, JOIN.LEFT_OUTER, on=(Event.id == o.event))
                .join_from(o, log, JOIN.LEFT_OUTER, on=(log.id == o.service_log))
                .where(party.deleted_at.is_null(), party.commissioner.is_null(False),
                       _outcome_dated_in(year)))
    from_logs = (link.select(link.commissioner, o.id).join(o, on=(o.service_log == link.service_log))
                 .join(log, on=(log.id == o.service_log))
                 .join_from(o, Event, JOIN.LEFT_OUTER, on=(Event.id == o.event))
                 .where(link.deleted_at.is_null(), log.deleted_at.is_null(),
                        _outcome_dated_in(year)))
    for query, key in ((as_party, party.commissioner), (from_logs, link.commissioner)):
        if only is not None:
            query = query.where(key.in_(list(only)))
        for commissioner, outcome in database.execute(query.distinct().tuples()):
            found[commissioner].add(outcome)
    return found


def workstation_figures(year: int, only=None) -> dict[int, Figures]:
    """workstation id → its figures (logs done at it and their outcomes)."""
    log, o = ServiceLog, Outcome
    counts, days = _counts_and_days(log.workstation, log.select().where(
        log.workstation.is_null(False)), year, only)
    outcomes: dict[int, int] = {}
    query = (o.select(log.workstation, fn.COUNT(fn.DISTINCT(o.id)))
             .join(log, on=(log.id == o.service_log))
             .join_from(o, Event, JOIN.LEFT_OUTER, on=(Event.id == o.event))
             .where(log.deleted_at.is_null(), log.workstation.is_null(False),
                    _outcome_dated_in(year))
             .group_by(log.workstation).tuples())
    if only is not None:
        query = query.where(log.workstation.in_(list(only)))
    outcomes = dict(database.execute(query))
    subjects = (set(counts) | set(outcomes)) - {None}
    return {w: Figures(counts.get(w, 0), days.get(w, ZERO), None, None, outcomes.get(w, 0))
            for w in subjects}


FIELDS = ("service_count", "service_days", "agreement_completion", "demand_satisfaction",
          "event_outcomes")


def store(year: int, of_commissioners: dict[int, Figures], of_stations: dict[int, Figures]
          ) -> None:
    """Replace the year's stored figures with these (inside the caller's transaction)."""
    f = AssessmentFigures
    f.delete().where(f.year == year).execute()
    rows = [(year, kind, subject, *(f._meta.fields[n].db_value(getattr(found, n))
                                    for n in FIELDS))
            for kind, figures in (("commissioner", of_commissioners),
                                  ("workstation", of_stations))
            for subject, found in figures.items()]
    columns = ", ".join(f'"{name}"' for name in ("year", "subject_kind", "subject_id", *FIELDS))
    marks = ", ".join([database.param] * (3 + len(FIELDS)))
    for part in chunked(rows, 1_000):
        database.cursor().executemany(
            f'INSERT INTO "assessment_figures" ({columns}) VALUES ({marks})', part)


def stored(year: int) -> dict[tuple[str, int], Figures]:
    """(subject kind, id) → the year's stored figures (a subject without any has zeros)."""
    f = AssessmentFigures
    return {(kind, subject): Figures(count, Decimal(days),
                                     None if ratio is None else Decimal(ratio),
                                     None if mean is None else Decimal(mean), outcomes)
            for kind, subject, count, days, ratio, mean, outcomes in database.execute(
                f.select(f.subject_kind, f.subject_id, *(getattr(f, n) for n in FIELDS))
                .where(f.year == year).tuples())}
