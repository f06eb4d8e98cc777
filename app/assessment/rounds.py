"""The annual assessment round (年度考核).

The officer opens a year: every subject in force that year gets a row — each commissioner with an
active appointment whose term overlaps the year (individual, team or legal person; the row goes
through its most local such appointment, which gives its level) and each recognized workstation
(recognized by the year's end, not revoked) — with the data-filled items computed from the year's
records. The officer scores the manual items and writes remarks; the total, grade, hard-rule
violations and funds follow from the year's schemes. Finishing the round records total, grade and
funds on each row and freezes the schemes; reopening it is an undoable change like any other.

The year's figures (logs, days, completion ratio, mean satisfaction, outcomes) are stored when
the round is opened (``figures.store``) and turned into a data item's points by the scheme when
read; the points an item was given by the officer (a manual item, or a data item overridden) are
``AssessmentScore`` rows, kept when the data is recomputed.
"""

from __future__ import annotations

import functools
import math
from collections import Counter
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from peewee import JOIN, Case

from app.activities.common import commissioner_name, join_commissioner
from app.assessment import agreements, figures, schemes
from app.assessment.figures import Figures, year_span
from app.assessment.schemes import SUBJECT_TYPE_LABELS, Item, Scheme
from app.core import changes, i18n, validation
from app.core.changes import Changes
from app.core.errors import UserError
from app.core.i18n import N_, _, format_decimal, format_wan, join_list, round_half_up
from app.register.common import live
from db import changelog
from db.database import database
from db.models import (
    GRADES,
    LEVELS,
    Appointment,
    Assessment,
    AssessmentRound,
    AssessmentScheme,
    AssessmentScore,
    Claim,
    Commissioner,
    Demand,
    Event,
    Organization,
    Outcome,
    OutcomeParty,
    ServiceLog,
    ServiceLogCommissioner,
    Workstation,
)

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
    officer: frozenset[str] = frozenset()  # the items the officer scored (manual or overridden)


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
    state: RoundState
    finished_on: date | None
    rows: tuple[RoundRow, ...]  # 序号 order: by subject type, then grade, then name
    items: dict[str, tuple[Item, ...]]  # subject type → its scheme's items, in order
    by_grade: dict[str, int]
    funds_by_grade: dict[str, Decimal]
    funds_total: Decimal


@dataclass(frozen=True)
class SubjectSheet:
    """What one subject's 考核表 prints."""

    row: RoundRow
    year: int
    status: str  # the round's
    items: tuple[Item, ...]  # the subject's scheme, in order
    subject_type: str
    name: str
    level: str
    sending_unit: str  # the commissioner's employer ("" for a workstation)
    host: str  # the workstation's host organization ("" for a commissioner)
    service_count: int
    service_days: Decimal
    agreement_completion: Decimal | None  # 0..1
    demand_satisfaction: Decimal | None  # the mean 1–5 score
    event_outcomes: int
    data_values: dict[str, Decimal | None]  # data item code → the figure it was scored from
    agreements: tuple  # agreements.AgreementView of the commissioner in force in the year


IN_FORCE_WORKSTATIONS = ("recognized", "operating", "rectifying")
MAX_REMARKS = 500
HUNDRED = Decimal(100)
# The most local level first: a commissioner's row goes through the appointment the district
# assesses most directly.
LOCAL_FIRST = {level: rank for rank, level in enumerate(reversed(LEVELS))}


# Reading the round ---------------------------------------------------------------------------


def _round(year: int) -> AssessmentRound | None:
    r = AssessmentRound
    return r.get_or_none((r.year == year) & r.deleted_at.is_null())


def _schemes(year: int) -> dict[str, Scheme]:
    return {kind: schemes.scheme_for(year, kind) for kind in schemes.SUBJECT_TYPES}


@dataclass(frozen=True)
class _Stored:
    """One assessment row as read, before it is scored."""

    id: int
    subject_type: str
    subject_id: int
    sort_key: str
    name: str
    level: str
    figures: Figures
    remarks: str


def _stored(round_id: int, subject_type: str | None = None,
            assessment_id: int | None = None) -> list[_Stored]:
    a, ap, ws = Assessment, Appointment, Workstation
    kind = Case(None, [(a.workstation.is_null(False), "workstation")], Commissioner.kind)
    query = (a.select(a.id, a.year, kind.alias("subject_type"), ap.commissioner, ap.level,
                      a.workstation,
                      ws.name.alias("ws_name"), ws.name_pinyin, ws.level.alias("ws_level"),
                      Commissioner.sort_name, a.notes)
             .join(ap, JOIN.LEFT_OUTER, on=(ap.id == a.appointment))
             .join_from(a, Commissioner, JOIN.LEFT_OUTER, on=(Commissioner.id == ap.commissioner))
             .join_from(a, ws, JOIN.LEFT_OUTER, on=(ws.id == a.workstation))
             .where(a.round == round_id, a.deleted_at.is_null()))
    if subject_type is not None:
        query = query.where(kind == subject_type)
    if assessment_id is not None:
        query = query.where(a.id == assessment_id)
    rows = list(database.execute(query.tuples()))  # plain values: nothing to convert
    c = Commissioner
    # Named through a subquery: peewee took 2 s to write the IN lists of a province's ids.
    names = dict(database.execute(join_commissioner(
        c.select(c.id, commissioner_name()).where(c.id.in_(
            query.select(ap.commissioner).where(ap.commissioner.is_null(False))))).tuples()))
    year_figures = figures.stored(rows[0][1]) if rows else {}
    found = []
    for (id_, _year, kind, commissioner, level, station, station_name, station_key,
         station_level, sort_name, notes) in rows:
        key = ("workstation", station) if station is not None else ("commissioner", commissioner)
        found.append(_Stored(
            id_, kind, key[1], (station_key if station is not None else sort_name) or "",
            station_name if station is not None else names.get(commissioner, ""),
            station_level if station is not None else level,
            year_figures.get(key, Figures()), notes))
    return found


def _officer_scores(round_id: int, assessment_id: int | None = None
                    ) -> dict[int, dict[str, Decimal]]:
    s, a = AssessmentScore, Assessment
    query = (s.select(s.assessment, s.item_code, s.value).join(a, on=(a.id == s.assessment))
             .where(a.round == round_id, s.deleted_at.is_null(), s.value.is_null(False)))
    if assessment_id is not None:
        query = query.where(s.assessment == assessment_id)
    found: dict[int, dict[str, Decimal]] = {}
    for assessment, code, value in database.execute(query.tuples()):
        found.setdefault(assessment, {})[code] = Decimal(value)
    return found


def data_points(item: Item, figure: Decimal | None) -> Decimal | None:
    """A data item's points: max_points at ``full_at`` and proportionally below, to a tenth
    (half up); None without a figure (the officer scores it)."""
    if figure is None or item.full_at is None:
        return None
    share = min(Decimal(figure) / item.full_at, Decimal(1))
    return round_half_up(item.max_points * share, 1)


def _score(stored: _Stored, scheme: Scheme, officer: dict[str, Decimal], year: int) -> RoundRow:
    items: dict[str, Decimal | None] = {}
    for item in scheme.items:
        if item.code in officer:
            items[item.code] = officer[item.code]
        elif item.source != "manual":
            items[item.code] = data_points(item, stored.figures.of(item.source))
        else:
            items[item.code] = None
    complete = all(items[i.code] is not None for i in scheme.items if not i.bonus)
    total = min(sum((v for v in items.values() if v is not None), Decimal(0)), HUNDRED
                ) if complete else None
    grade = None
    if total is not None:
        grade = next((g for g, floor in scheme.grade_floors if total >= floor), "fail")
    violations, ceiling = _rules(stored, scheme, year)
    if grade is not None and GRADES.index(grade) < GRADES.index(ceiling):
        grade = ceiling
    funds = scheme.funds.get(grade, Decimal(0)) if grade is not None else None
    return RoundRow(stored.id, stored.subject_type, stored.subject_id, stored.name,
                    stored.level or "", items, total, grade, tuple(violations), funds,
                    stored.remarks, complete, frozenset(officer) & set(items))


def _rules(stored: _Stored, scheme: Scheme, year: int) -> tuple[list[str], str]:
    """The hard rules broken, as sentences, and the best grade they leave."""
    f = stored.figures
    if f.service_count == 0:
        return [_("No verified service log in {year}: Fail.").format(year=year)], "fail"
    if stored.subject_type == "workstation":
        return [], "excellent"
    if f.service_days < scheme.min_days_to_pass:
        return [_("{days} service days in {year}, fewer than the {least} needed to pass: Fail."
                  ).format(days=_number(f.service_days), year=year,
                           least=_number(scheme.min_days_to_pass))], "fail"
    if f.service_days < scheme.min_days_for_good:
        return [_("{days} service days in {year}, fewer than the {least} needed for Good or "
                  "Excellent: at most Pass.").format(
            days=_number(f.service_days), year=year,
            least=_number(scheme.min_days_for_good))], "pass"
    return [], "excellent"


def _number(value: Decimal) -> str:
    """``format_decimal`` of a number of days, remembered for the language: a province's round
    formats some 50,000 of them, of a few hundred values (5 s through babel each time)."""
    return _formatted(value, i18n.language())


@functools.lru_cache(maxsize=4_096)
def _formatted(value: Decimal, _language: str) -> str:
    return format_decimal(value)


def _scored(year: int, round_id: int, subject_type: str | None = None,
            assessment_id: int | None = None) -> list[tuple[_Stored, RoundRow]]:
    by_type = _schemes(year)
    officer = _officer_scores(round_id, assessment_id)
    rows = [(s, _score(s, by_type[s.subject_type], officer.get(s.id, {}), year))
            for s in _stored(round_id, subject_type, assessment_id)]
    order = {kind: i for i, kind in enumerate(schemes.SUBJECT_TYPES)}
    rows.sort(key=lambda pair: (order[pair[0].subject_type], pair[0].sort_key, pair[0].id))
    return rows


def round_rows(year: int, subject_type: str | None = None) -> list[RoundRow]:
    """The round's rows, by subject type then name (none when the year has no round)."""
    found = _round(year)
    return [row for _s, row in _scored(year, found.id, subject_type)] if found else []


def _caps(rows: list[RoundRow], by_type: dict[str, Scheme]) -> dict[str, int]:
    """How many of each type may be 优秀: the quota's share of the type's rows, rounded down."""
    counts = Counter(r.subject_type for r in rows)
    return {kind: math.floor(count * by_type[kind].excellent_quota_pct / HUNDRED)
            for kind, count in counts.items()}


def _state(year: int, status: str, rows: list[RoundRow]) -> RoundState:
    grades = Counter(r.grade for r in rows if r.grade)
    return RoundState(year, status, len(rows), sum(r.complete for r in rows),
                      grades["excellent"], sum(_caps(rows, _schemes(year)).values()),
                      sum((r.funds or Decimal(0) for r in rows), Decimal(0)),
                      {g: grades[g] for g in GRADES})


def round_state(year: int) -> RoundState | None:
    """The round's figures (None when the year has no round)."""
    found = _round(year)
    return _state(year, found.status, round_rows(year)) if found else None


STATUS_LABELS = {"open": N_("Open for scoring"), "finished": N_("Finished")}


def state_text(state: RoundState) -> str:
    """One line for the officer: "2025 assessment round: open; 40 of 47 scored; 9 Excellent,
    at most 8; funds 12.5 10k yuan"."""
    return _("{year} assessment round: {status}; {complete} of {total} scored; {excellent} "
             "Excellent, at most {cap}; funds {funds}.").format(
        year=state.year, status=_(STATUS_LABELS[state.status]), complete=state.rows_complete,
        total=state.rows_total, excellent=state.excellent, cap=state.excellent_cap,
        funds=format_wan(state.funds_total))


def quota_problems(year: int, rows: list[RoundRow]) -> list[str]:
    """The types over their 优秀 quota: "个人 优秀 9 名，上限 8 名"."""
    caps = _caps(rows, _schemes(year))
    excellent = Counter(r.subject_type for r in rows if r.grade == "excellent")
    return [_("{kind}: {count} Excellent, at most {cap}.").format(
        kind=_(SUBJECT_TYPE_LABELS[kind]), count=excellent[kind], cap=caps.get(kind, 0))
        for kind in schemes.SUBJECT_TYPES if excellent[kind] > caps.get(kind, 0)]


# Opening -----------------------------------------------------------------------------------


def _subjects(year: int) -> tuple[dict[int, int], list[int]]:
    """Who is in force in the year: commissioner id → its most local active appointment whose
    term overlaps the year; and the recognized workstations."""
    start, end = year_span(year)
    ap, c = Appointment, Commissioner
    chosen: dict[int, tuple[int, int]] = {}
    query = (ap.select(ap.commissioner, ap.id, ap.level)
             .join(c, on=(c.id == ap.commissioner))
             .where(ap.deleted_at.is_null(), c.deleted_at.is_null(), ap.status == "active",
                    ap.term_start.is_null() | (ap.term_start <= end),
                    ap.term_end.is_null() | (ap.term_end >= start)).tuples())
    for commissioner, appointment, level in database.execute(query):
        rank = (LOCAL_FIRST[level], appointment)
        if commissioner not in chosen or rank < chosen[commissioner][1]:
            chosen[commissioner] = (appointment, rank)
    ws = Workstation
    stations = [w for (w,) in database.execute(
        ws.select(ws.id).where(ws.deleted_at.is_null(), ws.status.in_(IN_FORCE_WORKSTATIONS),
                               ws.recognized_on.is_null(False), ws.recognized_on <= end)
        .order_by(ws.id).tuples())]
    return {c: a for c, (a, _rank) in chosen.items()}, stations


def open_round(year: int, progress: Progress | None = None) -> Changes:
    """Open the year's round (or recompute an open one): a row per subject in force, data items
    computed by one grouped query per figure over the year's records; the officer's scores are
    kept, and so are rows of subjects no longer in force. Refused when the year's round is
    finished. ``progress(done, total)`` is told the steps as they pass."""
    steps = 5
    tell = progress or (lambda done, total: None)
    if not schemes.EARLIEST_YEAR <= year <= schemes.LATEST_YEAR:
        raise UserError(_("The year must lie between {low} and {high}.").format(
            low=schemes.EARLIEST_YEAR, high=schemes.LATEST_YEAR), "year")
    with changelog.batch(_("Open the {year} assessment round").format(year=year)):
        found = _round(year)
        if found is not None and found.status == "finished":
            raise UserError(_("The {year} assessment round is finished; reopen it first.")
                            .format(year=year))
        created = found is None
        if created:
            found = AssessmentRound(year=year, status="open")
            found.save()
        for kind in schemes.SUBJECT_TYPES:  # stored, to be frozen when the round is finished
            if (stored := schemes.scheme_for(year, kind)).id is None:
                schemes.store(stored)
        tell(1, steps)
        commissioners, stations = _subjects(year)
        tell(2, steps)
        of_commissioners = figures.commissioner_figures(year)
        tell(3, steps)
        of_stations = figures.workstation_figures(year)
        figures.store(year, of_commissioners, of_stations)
        tell(4, steps)
        a, ap = Assessment, Appointment
        existing = {(("workstation", w) if w is not None else ("commissioner", c)): (uuid, appt)
                    for uuid, w, c, appt in database.execute(
                        a.select(a.uuid, a.workstation, ap.commissioner, a.appointment)
                        .join(ap, JOIN.LEFT_OUTER, on=(ap.id == a.appointment))
                        .where(a.round == found.id, a.deleted_at.is_null()).tuples())}
        # A row stays when its subject is no longer in force (its scores are kept); one whose
        # most local appointment changed follows it.
        new, moved = [], {}
        for commissioner, appointment in commissioners.items():
            if ("commissioner", commissioner) not in existing:
                new.append((year, found.id, appointment, None))
            elif existing[("commissioner", commissioner)][1] != appointment:
                moved[existing[("commissioner", commissioner)][0]] = {"appointment": appointment}
        new += [(year, found.id, None, station) for station in stations
                if ("workstation", station) not in existing]
        changelog.insert_rows(Assessment, ("year", "round", "appointment", "workstation"), new)
        changelog.update_many(Assessment, moved)
        tell(steps, steps)
        return changes.made("assessment_round", found.id, created=created,
                            detail=len(commissioners) + len(stations))


# Scoring -----------------------------------------------------------------------------------


def _open_row(assessment_id: int) -> tuple[Assessment, AssessmentRound]:
    row = live(Assessment, assessment_id, "assessment")
    found = AssessmentRound.get_or_none(AssessmentRound.id == row.round_id) if row.round_id else None
    if found is None or found.deleted_at is not None:
        raise UserError(_("This assessment belongs to no assessment round."))
    if found.status == "finished":
        raise UserError(_("The {year} assessment round is finished; reopen it to change scores.")
                        .format(year=found.year))
    return row, found


def _points(value, item: Item) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return schemes.read_number(value, schemes.item_label(item), low=Decimal(0),
                               high=item.max_points, places=1, field=item.code)


def set_scores(assessment_id: int, scores: dict, remarks: str, *,
               read_at: int | None = None) -> Changes:
    """Score items of one row: each value (text or Decimal) is points within 0..the item's
    maximum, to a tenth at most, or empty, which clears the officer's score (a data item's
    computed points count again); a refusal names the item's code as its field. ``remarks``
    replace the row's. Refused when the round is finished. ``read_at``: the change log's newest
    id when the form read the row; a score someone else changed since stops the save."""
    with changelog.batch(_("Score assessment")):
        row, found = _open_row(assessment_id)
        [stored] = _stored(found.id, assessment_id=row.id)
        scheme = schemes.scheme_for(found.year, stored.subject_type)
        wanted = {}
        for code, value in scores.items():
            item = scheme.item(code)
            if item is None:
                raise UserError(_("The scheme has no item “{code}”.").format(code=code), "items")
            wanted[code] = _points(value, item)
        text = validation.trimmed(remarks)
        if len(text) > MAX_REMARKS:
            raise UserError(_("At most {count} characters.").format(count=MAX_REMARKS), "remarks")
        s = AssessmentScore
        stored = {r.item_code: r for r in s.select().where(s.assessment == row.id)}
        with changelog.read_at(read_at) if read_at is not None else nullcontext():
            for code, points in wanted.items():
                score = stored.get(code)
                if score is None:
                    if points is None:
                        continue
                    score = AssessmentScore(assessment=row.id, item_code=code)
                score.value, score.deleted_at = points, None
                score.save()
            row.notes = text
            row.save()
        return changes.made("assessment", row.id)


# Finishing ------------------------------------------------------------------------------------


def finish_round(year: int) -> Changes:
    """Record the round: refused while a row is incomplete or a type has more 优秀 than its
    quota; writes total, grade and funds on each row, freezes the schemes used."""
    with changelog.batch(_("Finish the {year} assessment round").format(year=year)):
        found = _round(year)
        if found is None:
            raise UserError(_("There is no {year} assessment round.").format(year=year))
        if found.status == "finished":
            raise UserError(_("The {year} assessment round is already finished.").format(
                year=year))
        rows = [row for _s, row in _scored(year, found.id)]
        if not rows:
            raise UserError(_("The {year} assessment round has no subject.").format(year=year))
        incomplete = [r.name for r in rows if not r.complete]
        if incomplete:
            raise UserError(_("Score every item first; {count} still incomplete: {names}.")
                            .format(count=len(incomplete), names=join_list(incomplete[:5])))
        if over := quota_problems(year, rows):
            raise UserError(_("More Excellent grades than the quota allows. {problems}").format(
                problems=" ".join(over)))
        uuids = dict(database.execute(Assessment.select(Assessment.id, Assessment.uuid)
                                      .where(Assessment.round == found.id).tuples()))
        changelog.update_many(Assessment, {uuids[r.assessment_id]: {
            "total": r.total, "grade": r.grade, "subsidy": r.funds} for r in rows})
        _freeze(year, True)
        found.status, found.finished_on = "finished", date.today()
        found.save()
        return changes.made("assessment_round", found.id)


def _freeze(year: int, frozen: bool) -> None:
    s = AssessmentScheme
    for row in s.select().where(s.year == year, s.deleted_at.is_null()):
        row.frozen = frozen
        row.save()


def reopen_round(year: int) -> Changes:
    """Open a finished round again (undoable like any change): its schemes thaw and the
    recorded totals, grades and funds clear until it is finished again."""
    with changelog.batch(_("Reopen the {year} assessment round").format(year=year)):
        found = _round(year)
        if found is None or found.status != "finished":
            raise UserError(_("The {year} assessment round is not finished.").format(year=year))
        a = Assessment
        uuids = [u for (u,) in database.execute(a.select(a.uuid).where(a.round == found.id)
                                                .tuples())]
        changelog.update_many(a, {u: {"total": None, "grade": None, "subsidy": None}
                                  for u in uuids})
        _freeze(year, False)
        found.status, found.finished_on = "open", None
        found.save()
        return changes.made("assessment_round", found.id)


# Withdrawal, evidence, the printed sheets ---------------------------------------------------------


def withdrawal_candidates(year: int) -> list[RoundRow]:
    """Commissioners graded 不合格 this year and the year before (any assessment of theirs that
    year, from a round or from before rounds): listed for withdrawal of the appointment."""
    a, ap = Assessment, Appointment
    failed_before = {c for (c,) in database.execute(
        a.select(ap.commissioner).join(ap, on=(ap.id == a.appointment))
        .where(a.year == year - 1, a.grade == "fail", a.deleted_at.is_null()).tuples())}
    return [r for r in round_rows(year) if r.grade == "fail"
            and r.subject_type != "workstation" and r.subject_id in failed_before]


def _verified_logs(stored: _Stored, year: int):
    start, end = year_span(year)
    log, link = ServiceLog, ServiceLogCommissioner
    query = (log.select(log.id, log.date, log.days, log.content, Organization.name)
             .join(Organization, JOIN.LEFT_OUTER, on=(Organization.id == log.organization))
             .where(log.deleted_at.is_null(), log.verification == "approved",
                    log.date >= start, log.date <= end))
    if stored.subject_type == "workstation":
        return query.where(log.workstation == stored.subject_id)
    return query.where(log.id.in_(link.select(link.service_log).where(
        link.commissioner == stored.subject_id, link.deleted_at.is_null())))


def _evidence(stored: _Stored, source: str, year: int) -> list[EvidenceLine]:
    if source in ("service_count", "service_days"):
        return [EvidenceLine("service_log", i, day, _("{organization}: {days} days. {content}")
                             .format(organization=org or "", days=format_decimal(days),
                                     content=content))
                for i, day, days, content, org in _verified_logs(stored, year).order_by(
                    ServiceLog.date, ServiceLog.id).tuples()]
    if source == "agreement_completion" and stored.subject_type != "workstation":
        return [EvidenceLine("agreement", v.id, v.values.signed_on, _(
            "{organization}: completion {ratio}.").format(
                organization=v.organization,
                ratio="—" if v.completion.ratio is None else format_decimal(
                    v.completion.ratio * 100, 1) + "%"))
                for v in _agreements_in_force(stored.subject_id, year)]
    if source == "demand_satisfaction" and stored.subject_type != "workstation":
        return [EvidenceLine("demand", d.id, d.finished_on, _(
            "{number} {title}: satisfaction {score} of 5.").format(
                number=d.number, title=d.title, score=d.satisfaction_score))
                for d in _rated_demands(stored.subject_id, year)]
    if source == "event_outcomes":
        return [_outcome_line(o) for o in _outcomes(stored, year)]
    return []


def _agreements_in_force(commissioner_id: int, year: int) -> list:
    start, end = year_span(year)
    return [v for v in agreements.agreements_of(commissioner_id)
            if v.values.status != "terminated"
            and (v.values.term_start is None or v.values.term_start <= end)
            and (v.values.term_end is None or v.values.term_end >= start)]


def _rated_demands(commissioner_id: int, year: int) -> list[Demand]:
    start, end = year_span(year)
    d, c = Demand, Claim
    return list(d.select().join(c, on=(c.demand == d.id)).where(
        c.commissioner == commissioner_id, c.status == "accepted", c.deleted_at.is_null(),
        d.deleted_at.is_null(), d.status == "closed", d.satisfaction_score.is_null(False),
        d.finished_on >= start, d.finished_on <= end).distinct().order_by(d.finished_on))


def _outcomes(stored: _Stored, year: int) -> list[Outcome]:
    o, party, link, log = Outcome, OutcomeParty, ServiceLogCommissioner, ServiceLog
    if stored.subject_type == "workstation":
        mine = o.service_log.in_(log.select(log.id).where(log.workstation == stored.subject_id,
                                                          log.deleted_at.is_null()))
    else:
        mine = (o.id.in_(party.select(party.outcome).where(
            party.commissioner == stored.subject_id, party.deleted_at.is_null()))
            | o.service_log.in_(link.select(link.service_log).where(
                link.commissioner == stored.subject_id, link.deleted_at.is_null())))
    return list(o.select(o, Event, log)
                .join(Event, JOIN.LEFT_OUTER, on=(Event.id == o.event))
                .join_from(o, log, JOIN.LEFT_OUTER, on=(log.id == o.service_log))
                .where(mine, figures._outcome_dated_in(year)).order_by(o.id))


def _outcome_line(outcome: Outcome) -> EvidenceLine:
    if outcome.event_id is not None:
        return EvidenceLine("event", outcome.event_id,
                            outcome.signed_on or outcome.event.starts_at.date(),
                            outcome.description)
    if outcome.service_log_id is not None:
        return EvidenceLine("service_log", outcome.service_log_id,
                            outcome.signed_on or outcome.service_log.date, outcome.description)
    return EvidenceLine("demand", outcome.demand_id, outcome.signed_on, outcome.description)


def _one(assessment_id: int) -> tuple[_Stored, RoundRow, AssessmentRound]:
    row = live(Assessment, assessment_id, "assessment")
    found = AssessmentRound.get_or_none(AssessmentRound.id == row.round_id) if row.round_id else None
    if found is None:
        raise UserError(_("This assessment belongs to no assessment round."))
    [(stored, scored)] = _scored(found.year, found.id, assessment_id=assessment_id)
    return stored, scored, found


def evidence(assessment_id: int, item_code: str) -> list[EvidenceLine]:
    """The records behind a data item's figure: the logs, the agreements, the demands, the
    outcomes (``kind`` names the record's table; an outcome is shown as its event, log or
    demand). A manual item has none."""
    stored, _row, found = _one(assessment_id)
    item = schemes.scheme_for(found.year, stored.subject_type).item(item_code)
    if item is None:
        raise UserError(_("The scheme has no item “{code}”.").format(code=item_code))
    return _evidence(stored, item.source, found.year)


def summary(year: int) -> Summary:
    """The year's 汇总表: rows numbered by subject type, then grade, then name."""
    found = _round(year)
    if found is None:
        raise UserError(_("There is no {year} assessment round.").format(year=year))
    rows = [row for _s, row in _scored(year, found.id)]
    order = {kind: i for i, kind in enumerate(schemes.SUBJECT_TYPES)}
    numbered = sorted(enumerate(rows), key=lambda pair: (
        order[pair[1].subject_type], GRADES.index(pair[1].grade) if pair[1].grade else 9,
        pair[0]))
    rows = [row for _i, row in numbered]
    by_type = _schemes(year)
    funds: dict[str, Decimal] = {g: Decimal(0) for g in GRADES}
    for r in rows:
        if r.grade:
            funds[r.grade] += r.funds or Decimal(0)
    state = _state(year, found.status, rows)
    return Summary(year, state, found.finished_on, tuple(rows),
                   {kind: by_type[kind].items for kind in schemes.SUBJECT_TYPES
                    if any(r.subject_type == kind for r in rows)},
                   state.by_grade, funds, state.funds_total)


def subject_sheet(assessment_id: int) -> SubjectSheet:
    """One subject's 考核表: its row, its scheme's items, and the figures behind them."""
    stored, row, found = _one(assessment_id)
    scheme = schemes.scheme_for(found.year, stored.subject_type)
    f = stored.figures
    sending_unit = host = ""
    in_force: tuple = ()
    if stored.subject_type == "workstation":
        ws = Workstation.get_by_id(stored.subject_id)
        host = ws.host.name if ws.host_id else ""
    else:
        employer = agreements.sending_units([stored.subject_id]).get(stored.subject_id)
        sending_unit = Organization.get_by_id(employer).name if employer else ""
        in_force = tuple(_agreements_in_force(stored.subject_id, found.year))
    return SubjectSheet(
        row, found.year, found.status, scheme.items, stored.subject_type, stored.name,
        stored.level or "", sending_unit, host, f.service_count, f.service_days,
        f.agreement_completion, f.demand_satisfaction, f.event_outcomes,
        {i.code: f.of(i.source) for i in scheme.items if i.source != "manual"}, in_force)

