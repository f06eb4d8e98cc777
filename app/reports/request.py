"""What the officer asks a report for: kind, period and options, checked before anything runs."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from app.core.errors import UserError
from app.core.i18n import _, format_quarter
from db.models import LEVELS

KINDS = ("roster", "workstations", "activities", "signin", "event", "dossier", "assessment",
         "assessment_sheet")
PERIOD_KINDS = ("roster", "workstations", "activities")
YEAR_KINDS = ("assessment",)  # a whole year, never a quarter


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # included
    year: int
    quarter: int | None = None  # None: the whole year

    def label(self) -> str:
        if self.quarter:
            return format_quarter(self.year, self.quarter)
        return _("Year {year}").format(year=self.year)

    def contains(self, day: date | None) -> bool:
        return day is not None and self.start <= day <= self.end


def quarter_period(year: int, quarter: int) -> Period:
    start = date(year, 3 * quarter - 2, 1)
    after = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    end = after - timedelta(days=1)
    return Period(start, end, year, quarter)


def parse_period(quarter: str | None = None, year: int | str | None = None,
                 today: date | None = None) -> Period:
    """``2025Q1`` or a year (from 1990 to 2100); neither: the current quarter."""
    if quarter is not None and year is not None:
        raise UserError(_("Choose a quarter or a year, not both."), "quarter")
    if quarter is not None:
        found = re.fullmatch(r"\s*(\d{4})\s*-?\s*[Qq]([1-4])\s*", quarter)
        if not found or not 1990 <= int(found[1]) <= 2100:
            raise UserError(_("Write the quarter like 2025Q1."), "quarter")
        return quarter_period(int(found[1]), int(found[2]))
    if year is not None:
        if not str(year).strip().isdigit() or not 1990 <= int(year) <= 2100:
            raise UserError(_("Write the year like 2024."), "year")
        return Period(date(int(year), 1, 1), date(int(year), 12, 31), int(year))
    today = today or date.today()
    return quarter_period(today.year, (today.month - 1) // 3 + 1)


@dataclass(frozen=True)
class ReportRequest:
    kind: str
    period: Period | None = None
    level: str | None = None  # roster: one level only
    event: str | None = None  # database id or uuid
    commissioner: str | None = None  # database id or uuid
    assessment: str | None = None  # assessment_sheet: database id or uuid
    full_id: bool = False  # print ID numbers in full
    summary: str = ""  # activities: the officer's own words

    def checked(self) -> ReportRequest:
        if self.kind not in KINDS:
            raise UserError(_("Unknown report {kind}.").format(kind=self.kind), "kind")
        if self.level and self.level not in LEVELS:
            raise UserError(_("Unknown level {level}.").format(level=self.level), "level")
        if self.kind in ("signin", "event") and not self.event:
            raise UserError(_("Choose the event."), "event")
        if self.kind == "dossier" and not self.commissioner:
            raise UserError(_("Choose the commissioner."), "commissioner")
        if self.kind in YEAR_KINDS and (self.period is None or self.period.quarter):
            raise UserError(_("Choose the year: the assessment covers a whole year."), "year")
        if self.kind == "assessment_sheet" and not self.assessment:
            raise UserError(_("Choose the assessment."), "assessment")
        return self
