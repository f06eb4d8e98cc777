"""The dashboard's figures for one period (a quarter or a year), counted in SQL so they stay quick
on a province-size database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from babel import dates
from peewee import Case, fn

from app.core import clock, i18n
from app.core.i18n import _
from app.core.status import in_force, statuses_then
from app.demands import lifecycle as demands
from app.demands import stats as demand_stats
from db.models import (
    COMMISSIONER_KINDS,
    DEMAND_STATUSES,
    EVENT_KINDS,
    LEVELS,
    WORKSTATION_STATUSES,
    Appointment,
    Commissioner,
    Demand,
    Event,
    ServiceLog,
    Workstation,
)

# Waiting for a commissioner or being served.
OPEN_DEMAND_STATUSES = ("published", *demands.OPEN_STATUSES)
PUBLISHED_STATUSES = tuple(s for s in DEMAND_STATUSES if s != "draft")
QUARTERS_SHOWN = 8


@dataclass(frozen=True)
class Period:
    year: int
    quarter: int | None = None  # None: the whole year

    @classmethod
    def current(cls, today: date, whole_year: bool = False) -> Period:
        return cls(today.year, None if whole_year else (today.month - 1) // 3 + 1)

    @property
    def start(self) -> date:
        return demand_stats.quarter_range(self.year, self.quarter)[0] if self.quarter \
            else date(self.year, 1, 1)

    @property
    def end(self) -> date:
        return demand_stats.quarter_range(self.year, self.quarter)[1] if self.quarter \
            else date(self.year, 12, 31)

    @property
    def months(self) -> tuple[int, ...]:
        return tuple(range(self.start.month, self.end.month + 1))

    def label(self) -> str:
        return i18n.format_quarter(self.year, self.quarter) if self.quarter else str(self.year)


@dataclass(frozen=True)
class QuarterLevels:
    year: int
    quarter: int
    as_of: date  # the quarter's end, or today if sooner
    by_level: dict[str, int]  # appointments in force on as_of


@dataclass(frozen=True)
class Figures:
    period: Period
    as_of: date  # the day "in force" is counted on: the period's end, or today if sooner
    commissioners: dict[tuple[str, str], int]  # (level, kind) → commissioners in force
    commissioners_in_force: int  # one who holds two levels counts once
    appointed: dict[str, int]  # level → appointments whose term starts in the period
    workstations: dict[str, int]  # status → workstations
    open_demands: int  # now, whenever published
    overdue_demands: int  # now, whenever published
    events: int
    service_days: Decimal
    appointments_by_quarter: tuple[QuarterLevels, ...]  # the last 8 quarters, oldest first
    demands_by_state: dict[str, int]  # of the demands published in the period
    events_by_month: dict[str, dict[int, int]]  # kind → month → events


def figures(period: Period, today: date) -> Figures:
    """Everything the dashboard shows for ``period``; demands open and overdue are those of
    ``today``, whatever the period."""
    as_of = min(period.end, today)
    in_force_then = _in_force(as_of)
    return Figures(
        period=period,
        as_of=as_of,
        commissioners=_commissioners(in_force_then),
        commissioners_in_force=in_force_then.select(fn.COUNT(fn.DISTINCT(Commissioner.id)))
        .scalar(),
        appointed=_appointed(period),
        workstations=_count_by(Workstation, Workstation.status, WORKSTATION_STATUSES),
        open_demands=Demand.select().where(Demand.deleted_at.is_null()
                                           & Demand.status.in_(OPEN_DEMAND_STATUSES)).count(),
        overdue_demands=demand_stats.overdue_count(today),
        events=_events_in(period).count(),
        service_days=_service_days(period),
        appointments_by_quarter=_by_quarter(period, today),
        demands_by_state=_count_by(Demand, Demand.status, PUBLISHED_STATUSES,
                                   Demand.published_on.between(period.start, period.end)),
        events_by_month=_events_by_month(period),
    )


def _commissioners(in_force_then) -> dict[tuple[str, str], int]:
    counts = {(level, kind): 0 for level in LEVELS for kind in COMMISSIONER_KINDS}
    rows = (in_force_then.select(Appointment.level, Commissioner.kind,
                                  fn.COUNT(fn.DISTINCT(Commissioner.id)))
            .group_by(Appointment.level, Commissioner.kind).tuples())
    counts.update({(level, kind): n for level, kind, n in rows})
    return counts


def _in_force(day: date):
    """As the register stood on ``day`` (a status changed since counts with its value then)."""
    return (Appointment.select().join(Commissioner)
            .where(in_force(day, *statuses_then(day)) & Commissioner.deleted_at.is_null()))


def _appointed(period: Period) -> dict[str, int]:
    return _count_by(Appointment, Appointment.level, LEVELS,
                     (Appointment.status == "active")
                     & Appointment.term_start.between(period.start, period.end))


def _count_by(model, column, keys, condition=None) -> dict[str, int]:
    where = model.deleted_at.is_null() if condition is None \
        else model.deleted_at.is_null() & condition
    counts = dict.fromkeys(keys, 0)
    counts.update(dict(model.select(column, fn.COUNT(model.id)).where(where)
                       .group_by(column).tuples()))
    return {key: counts[key] for key in keys}


def _events_in(period: Period):
    return Event.select().where(
        Event.deleted_at.is_null()
        & (Event.starts_at >= clock.utc_midnight(period.start))
        & (Event.starts_at < clock.utc_midnight(period.end + timedelta(days=1))))


def _events_by_month(period: Period) -> dict[str, dict[int, int]]:
    """Months on this computer's clock, as clock.to_local reads stored times (counted here, not
    in SQL: the server's clock may be another's, and a period holds at most a few thousand)."""
    counts = {kind: dict.fromkeys(period.months, 0) for kind in EVENT_KINDS}
    for kind, starts_at in _events_in(period).select(Event.kind, Event.starts_at).tuples():
        month = clock.to_local(starts_at).month
        if month in counts[kind]:
            counts[kind][month] += 1
    return counts


def _service_days(period: Period) -> Decimal:
    # Days are stored as text with at most one decimal: summed as tenths, exactly.
    tenths = (ServiceLog.select(fn.COALESCE(fn.SUM(fn.ROUND(ServiceLog.days.cast("NUMERIC") * 10)),
                                            0))
              .where(ServiceLog.deleted_at.is_null()
                     & ServiceLog.date.between(period.start, period.end)).scalar())
    return Decimal(int(tenths)) / 10


def _by_quarter(period: Period, today: date) -> tuple[QuarterLevels, ...]:
    last = min(period.end, today)
    year, quarter = last.year, (last.month - 1) // 3 + 1
    quarters = []
    for _i in range(QUARTERS_SHOWN):
        quarters.append((year, quarter))
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    quarters.reverse()
    ends = [min(demand_stats.quarter_range(year, quarter)[1], today) for year, quarter in quarters]
    # One pass over the appointments, one sum per quarter, each with the statuses of its end.
    sums = [fn.SUM(Case(None, [(in_force(day, then), 1)], 0))
            for day, then in zip(ends, statuses_then(*ends), strict=True)]
    rows = {row[0]: row[1:] for row in Appointment.select(Appointment.level, *sums)
            .where(Appointment.deleted_at.is_null()).group_by(Appointment.level).tuples()}
    return tuple(QuarterLevels(year, quarter, ends[i],
                               {level: rows.get(level, [0] * len(ends))[i] for level in LEVELS})
                 for i, (year, quarter) in enumerate(quarters))

def month_name(month: int) -> str:
    return dates.get_month_names("abbreviated", locale=i18n.locale())[month]


def short_quarter(year: int, quarter: int) -> str:
    """A quarter's name short enough for a chart's axis."""
    return _("{year} Q{quarter}").format(year=year, quarter=quarter)
