"""The annual assessment round (年度考核).

The officer opens a year: every subject in force that year gets a row — each commissioner with an
active appointment whose term overlaps the year (individual, team or legal person; the row goes
through its most local such appointment, which gives its level) and each recognized workstation
(recognized by the year's end, not revoked) — with the data-filled items computed from the year's
records. The officer scores the manual items and writes remarks; the total, grade, hard-rule
violations and funds follow from the year's schemes. Finishing the round records total, grade and
funds on each row and freezes the schemes; reopening it is an undoable change like any other.

A data item's stored value is its FIGURE (logs, days, completion ratio, mean satisfaction,
outcomes), turned into points by the scheme when read; an item the officer scored (a manual item,
or a data item the officer overrode) stores points with source ``manual`` and is kept when the data
is recomputed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from app.core.changes import Changes

Progress = Callable[[int, int], None]  # (done, total)


@dataclass(frozen=True)
class RoundRow:
    assessment_id: int
    subject_type: str
    subject_id: int  # a commissioner's id, or a workstation's
    name: str
    level: str  # a code of models.LEVELS or WORKSTATION_LEVELS
    items: dict[str, Decimal | None]  # item code → points (None: not scored yet)
    total: Decimal | None  # None until every manual item is scored
    grade: str | None
    violations: tuple[str, ...]  # hard rules broken, as translated sentences
    funds: Decimal | None  # 万元
    remarks: str
    complete: bool  # every manual non-bonus item scored


@dataclass(frozen=True)
class RoundState:
    year: int
    status: str  # "open" | "finished"
    rows_total: int
    rows_complete: int
    excellent: int
    excellent_cap: int
    funds_total: Decimal
    by_grade: dict[str, int]


@dataclass(frozen=True)
class EvidenceLine:
    kind: str  # "service_log" | "agreement" | "demand" | "outcome"
    record_id: int
    date: date | None
    text: str


@dataclass(frozen=True)
class Summary:
    """What the 年度考核结果汇总表 prints."""

    year: int
    status: str
    rows: tuple[RoundRow, ...]  # 序号 order: by subject type, then grade, then name
    items: dict[str, tuple]  # subject type → its scheme's items (schemes.Item), in order
    by_grade: dict[str, int]
    funds_by_grade: dict[str, Decimal]
    funds_total: Decimal


@dataclass(frozen=True)
class SubjectSheet:
    """What one subject's 考核表 prints."""

    row: RoundRow
    year: int
    items: tuple  # the scheme's items (schemes.Item)
    figures: dict[str, Decimal | None]  # source → the figure (service_count, service_days,
    #                                     agreement_completion, demand_satisfaction, event_outcomes)
    name: str
    kind_label: str
    level: str
    sending_unit: str  # the commissioner's employer or the workstation's host
    agreements: tuple  # agreements.AgreementView of the commissioner in force in the year
    evidence: dict[str, tuple[EvidenceLine, ...]]  # item code → its evidence


def open_round(year: int, progress: Progress | None = None) -> Changes:
    """Open the year's round (or recompute an open one): a row per subject in force, data items
    computed by one grouped query per figure over the year's records; the officer's scores are
    kept. Refused when the year's round is finished."""
    raise NotImplementedError  # step 2


def round_rows(year: int, subject_type: str | None = None) -> list[RoundRow]:
    """The round's rows, by subject type then name."""
    raise NotImplementedError  # step 2


def round_state(year: int) -> RoundState | None:
    """The round's figures (None when the year has no round)."""
    raise NotImplementedError  # step 2


def set_scores(assessment_id: int, scores: dict[str, Decimal | None], remarks: str, *,
               read_at: int | None = None) -> Changes:
    """Score items of one row (points within 0..the item's max, at most one decimal; None
    clears an officer's score, giving a data item its computed value back) and its remarks.
    Refused when the round is finished."""
    raise NotImplementedError  # step 2


def finish_round(year: int) -> Changes:
    """Record the round: refused while a row is incomplete or a type exceeds its 优秀 quota;
    writes total, grade and funds on each row and freezes the schemes used."""
    raise NotImplementedError  # step 2


def reopen_round(year: int) -> Changes:
    """Open a finished round again (undoable): its schemes thaw, the recorded totals clear."""
    raise NotImplementedError  # step 2


def withdrawal_candidates(year: int) -> list[RoundRow]:
    """Commissioners graded 不合格 this year and the year before (listed for withdrawal)."""
    raise NotImplementedError  # step 2


def evidence(assessment_id: int, item_code: str) -> list[EvidenceLine]:
    """The records behind a data item's figure: the logs, the agreements, the demands, the
    outcomes."""
    raise NotImplementedError  # step 2


def summary(year: int) -> Summary:
    raise NotImplementedError  # step 2


def subject_sheet(assessment_id: int) -> SubjectSheet:
    raise NotImplementedError  # step 2
