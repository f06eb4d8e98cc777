"""Assessment schemes: how one year's subjects of one type are scored.

A scheme lists items with their maximum points; an item is filled from data (its ``source``) or
scored by the officer (``manual``). An item's label is shown translated (``item_label``): the
defaults follow the language, a label the officer typed shows as typed. Bonus items add to the
total (capped at 100) and may be left empty. A data item earns ``max_points`` at the figure
``full_at`` and proportionally below it. Hard rules: no verified service log in the year, or
fewer service days than ``min_days_to_pass``, is 不合格; fewer than ``min_days_for_good`` is at
most 合格 (the days rules apply to commissioners, not to workstations). At most
``excellent_quota_pct`` per cent of a type's subjects may be 优秀. ``funds``: the working funds
per grade, in 万元.

The default is Quanzhou's (泉州) practice; a stored scheme of a year replaces it. A scheme used by
a finished round is frozen; a new year starts from a copy. Schemes travel between offices as a
small JSON file (``export_schemes`` / ``import_schemes``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

from app.core import changes
from app.core.changes import Changes
from app.core.errors import UserError
from app.core.files import atomic_write
from app.core.i18n import N_, _, ngettext
from db import changelog
from db.models import (
    ASSESSMENT_SUBJECT_TYPES,
    GRADES,
    Appointment,
    Assessment,
    AssessmentScheme,
    AssessmentScore,
    Commissioner,
)

SUBJECT_TYPES = ASSESSMENT_SUBJECT_TYPES
SUBJECT_TYPE_LABELS = {"individual": N_("Individual"), "team": N_("Team"),
                       "legal_person": N_("Legal person"), "workstation": N_("Workstation")}
SOURCES = ("service_count", "service_days", "agreement_completion", "demand_satisfaction",
           "event_outcomes", "manual")
SOURCE_LABELS = {
    "service_count": N_("Verified service logs in the year"),
    "service_days": N_("Service days of verified logs in the year"),
    "agreement_completion": N_("Completion of the three-party agreements"),
    "demand_satisfaction": N_("Mean satisfaction score of closed demands"),
    "event_outcomes": N_("Outcomes of events and services"),
    "manual": N_("Scored by the officer"),
}
# The data a workstation has: its logs and the outcomes of its logs.
WORKSTATION_SOURCES = ("service_count", "service_days", "event_outcomes", "manual")
GRADE_LABELS = {"excellent": N_("Excellent"), "good": N_("Good"), "pass": N_("Pass"),
                "fail": N_("Fail")}
FLOOR_GRADES = GRADES[:3]  # 不合格 is below the floor of 合格
FORMAT = "commissioner-desk-assessment-schemes"
FORMAT_VERSION = 1
CODE = re.compile(r"[a-z][a-z0-9_]{0,31}")
MAX_LABEL = 60
MAX_ITEMS = 20
MAX_BONUS = Decimal(20)
HUNDRED = Decimal(100)
MAX_FULL_AT = Decimal(100_000)
MAX_DAYS = Decimal(366)
MAX_FUNDS = Decimal(10_000)
EARLIEST_YEAR, LATEST_YEAR = 2000, 2100


@dataclass(frozen=True)
class Item:
    code: str
    label: str  # the officer's words; the defaults' are English sources, shown as _(label)
    max_points: Decimal
    source: str  # one of SOURCES
    bonus: bool = False
    full_at: Decimal | None = None  # the figure that earns max_points; None for manual items


@dataclass(frozen=True)
class Scheme:
    id: int | None
    year: int
    subject_type: str
    items: tuple[Item, ...]
    grade_floors: tuple[tuple[str, Decimal], ...] = (
        ("excellent", Decimal(90)), ("good", Decimal(80)), ("pass", Decimal(60)))
    min_days_for_good: Decimal = Decimal(12)
    min_days_to_pass: Decimal = Decimal(5)
    excellent_quota_pct: Decimal = Decimal(35)
    funds: dict[str, Decimal] = field(default_factory=dict)  # 万元 by grade; missing: none
    frozen: bool = False

    def item(self, code: str) -> Item | None:
        return next((i for i in self.items if i.code == code), None)


def item_label(item: Item) -> str:
    """The label as shown: a default's translated, one the officer typed as typed."""
    return _(item.label)


def _item(code, label, points, source, full_at=None, bonus=False) -> Item:
    return Item(code, label, Decimal(points), source, bonus,
                None if full_at is None else Decimal(full_at))


def default_scheme(subject_type: str, year: int) -> Scheme:
    """Quanzhou's scheme: individuals on 服务方式, 服务次数, 三方协议完成情况, 服务成效,
    服务对象满意度 and 加分项; teams and legal persons the same without 加分项; workstations on
    建立服务配套措施, 开展对接服务, 协调解决关键问题, 服务成效 and 服务科技特派员满意度. Funds
    (2025): individuals 优秀 1 万元, 良好 0.5 万元 (teams and legal persons alike); workstations
    优秀 5 万元, 良好 3 万元. 服务成效 is the officer's judgement, with the year's outcomes (the
    figure ``event_outcomes``) before them; a scheme may score it from that figure instead."""
    if subject_type not in SUBJECT_TYPES:
        raise UserError(_("Unknown subject type: {name}.").format(name=subject_type))
    if subject_type == "workstation":
        items = (_item("measures", N_("Supporting service measures"), 20, "manual"),
                 _item("matching", N_("Matchmaking services"), 25, "service_count", 20),
                 _item("key_problems", N_("Key problems coordinated and solved"), 20, "manual"),
                 _item("results", N_("Service results"), 20, "manual"),
                 _item("satisfaction", N_("Satisfaction of the resident commissioners"), 15,
                       "manual"))
        funds = {"excellent": Decimal(5), "good": Decimal(3)}
    else:
        items = (_item("service_mode", N_("Service approach"), 15, "manual"),
                 _item("service_count", N_("Number of services"), 20, "service_count", 12),
                 _item("agreement", N_("Three-party agreement completion"), 20,
                       "agreement_completion", 1),
                 _item("results", N_("Service results"), 25, "manual"),
                 _item("satisfaction", N_("Satisfaction of the served organizations"), 20,
                       "demand_satisfaction", 5))
        if subject_type == "individual":
            items += (_item("bonus", N_("Bonus points"), 5, "manual", bonus=True),)
        funds = {"excellent": Decimal(1), "good": Decimal("0.5")}
    return Scheme(None, year, subject_type, items, funds=funds)


# Checks ------------------------------------------------------------------------------------


def read_number(value, what: str, *, low: Decimal, high: Decimal, places: int,
                above_low: bool = False, field: str | None = None) -> Decimal:
    """A number as typed or written in a file (text, int or Decimal), within [low, high] (or
    (low, high]) with at most ``places`` decimals, in its ``canonical`` form; else a UserError
    naming ``what`` (on ``field``). A float or a bool is refused: it may not be what was
    written."""
    if isinstance(value, bool | float) or value is None:
        raise UserError(_("{what}: a number is needed.").format(what=what), field)
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise UserError(_("{what}: “{value}” is not a number.").format(what=what, value=value),
                        field) from None
    if (not number.is_finite() or number < low or number > high
            or (above_low and number == low)):
        raise UserError(_("{what}: {value} is out of range ({low} to {high}).").format(
            what=what, value=value, low=low, high=high), field)
    if canonical(number, places) != number:
        raise UserError(ngettext("{what}: at most {places} decimal.",
                                 "{what}: at most {places} decimals.", places).format(
            what=what, places=places), field)
    return canonical(number, places)


def canonical(number: Decimal, places: int) -> Decimal:
    """The number to ``places`` decimals (rounded), written without trailing zeros or an
    exponent: 1E+1 → 10, 12.50 → 12.5, 15.0 → 15, -0 → 0."""
    rounded = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = format(rounded, "f")
    return Decimal(text.rstrip("0").rstrip(".") if "." in text else text) + 0


def check_scheme(scheme: Scheme) -> Scheme:
    """The scheme as stored, or a UserError saying what is wrong."""
    if not isinstance(scheme.year, int) or not EARLIEST_YEAR <= scheme.year <= LATEST_YEAR:
        raise UserError(_("The year must lie between {low} and {high}.").format(
            low=EARLIEST_YEAR, high=LATEST_YEAR), "year")
    if scheme.subject_type not in SUBJECT_TYPES:
        raise UserError(_("Unknown subject type: {name}.").format(name=scheme.subject_type))
    if not scheme.items or len(scheme.items) > MAX_ITEMS:
        raise UserError(_("A scheme has 1 to {count} items.").format(count=MAX_ITEMS), "items")
    allowed = WORKSTATION_SOURCES if scheme.subject_type == "workstation" else SOURCES
    items, codes = [], set()
    for item in scheme.items:
        items.append(_check_item(item, allowed))
        if item.code in codes:
            raise UserError(_("Two items have the code “{code}”.").format(code=item.code), "items")
        codes.add(item.code)
    scored = sum((i.max_points for i in items if not i.bonus), Decimal(0))
    if scored != HUNDRED:
        raise UserError(_("The items other than bonus items add up to {points} points, not "
                          "100.").format(points=scored), "items")
    bonus = sum((i.max_points for i in items if i.bonus), Decimal(0))
    if bonus > MAX_BONUS:
        raise UserError(_("Bonus items add up to {points} points; at most {largest}.").format(
            points=bonus, largest=MAX_BONUS), "items")
    floors = dict(scheme.grade_floors)
    if len(scheme.grade_floors) != len(FLOOR_GRADES) or set(floors) != set(FLOOR_GRADES):
        raise UserError(_("The grade floors name Excellent, Good and Pass once each."),
                        "grade_floors")
    floors = {g: read_number(floors[g], _(GRADE_LABELS[g]), low=Decimal(0), high=HUNDRED,
                             places=1, above_low=True) for g in FLOOR_GRADES}
    if not floors["excellent"] > floors["good"] > floors["pass"]:
        raise UserError(_("The floor of Excellent must lie above that of Good, and that of Good "
                          "above that of Pass."), "grade_floors")
    to_pass = read_number(scheme.min_days_to_pass, _("Service days to pass"), low=Decimal(0),
                          high=MAX_DAYS, places=1)
    for_good = read_number(scheme.min_days_for_good, _("Service days for Good"),
                           low=Decimal(0), high=MAX_DAYS, places=1)
    if to_pass > for_good:
        raise UserError(_("The service days to pass cannot exceed those for Good."),
                        "min_days_to_pass")
    quota = read_number(scheme.excellent_quota_pct, _("Quota of Excellent"), low=Decimal(0),
                        high=HUNDRED, places=1, above_low=True)
    if not isinstance(scheme.funds, dict) or set(scheme.funds) - set(GRADES):
        raise UserError(_("Funds are given by grade (excellent, good, pass, fail)."), "funds")
    funds = {g: read_number(scheme.funds[g], _(GRADE_LABELS[g]), low=Decimal(0),
                            high=MAX_FUNDS, places=4) for g in GRADES if g in scheme.funds}
    return Scheme(scheme.id, scheme.year, scheme.subject_type, tuple(items),
                  tuple((g, floors[g]) for g in FLOOR_GRADES), for_good, to_pass, quota, funds,
                  scheme.frozen)


def _check_item(item: Item, allowed: tuple[str, ...]) -> Item:
    code = item.code if isinstance(item.code, str) else ""
    if not CODE.fullmatch(code):
        raise UserError(_("“{code}” is not an item code: lower-case letters, digits and “_”, "
                          "starting with a letter.").format(code=item.code), "items")
    label = item.label.strip() if isinstance(item.label, str) else ""
    if not label or len(label) > MAX_LABEL:
        raise UserError(_("Item “{code}”: a name of 1 to {count} characters is needed.").format(
            code=code, count=MAX_LABEL), "items")
    shown = _(label)
    what = _("Item “{label}”").format(label=shown)
    points = read_number(item.max_points, what, low=Decimal(0), high=HUNDRED, places=1,
                         above_low=True)
    if item.source not in allowed:
        raise UserError(_("Item “{label}”: this kind of subject cannot be scored from “{source}”."
                          ).format(label=shown, source=item.source), "items")
    if not isinstance(item.bonus, bool):
        raise UserError(_("Item “{label}”: say whether it is a bonus item.").format(label=shown),
                        "items")
    if item.source == "manual":
        if item.full_at is not None:
            raise UserError(_("Item “{label}” is scored by the officer: it has no full-marks "
                              "figure.").format(label=shown), "items")
        full_at = None
    else:
        full_at = read_number(item.full_at, _("Item “{label}”, full-marks figure").format(
            label=shown), low=Decimal(0), high=MAX_FULL_AT, places=2, above_low=True)
    return Item(code, label, points, item.source, item.bonus, full_at)


# Storage -----------------------------------------------------------------------------------


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _columns(scheme: Scheme) -> dict:
    return {
        "items": json.dumps([{"code": i.code, "label": i.label, "max_points": str(i.max_points),
                              "source": i.source, "bonus": i.bonus, "full_at": _text(i.full_at)}
                             for i in scheme.items], ensure_ascii=False),
        "grade_floors": json.dumps([[g, str(v)] for g, v in scheme.grade_floors]),
        "min_days_for_good": scheme.min_days_for_good,
        "min_days_to_pass": scheme.min_days_to_pass,
        "excellent_quota_pct": scheme.excellent_quota_pct,
        "funds": json.dumps({g: str(v) for g, v in scheme.funds.items()}),
    }


def from_row(row: AssessmentScheme) -> Scheme:
    items = tuple(Item(i["code"], i["label"], Decimal(i["max_points"]), i["source"], i["bonus"],
                       None if i["full_at"] is None else Decimal(i["full_at"]))
                  for i in json.loads(row.items))
    return Scheme(row.id, row.year, row.subject_type, items,
                  tuple((g, Decimal(v)) for g, v in json.loads(row.grade_floors)),
                  row.min_days_for_good, row.min_days_to_pass, row.excellent_quota_pct,
                  {g: Decimal(v) for g, v in json.loads(row.funds).items()}, row.frozen)


def _stored(year: int, subject_type: str) -> AssessmentScheme | None:
    s = AssessmentScheme
    return s.get_or_none((s.year == year) & (s.subject_type == subject_type)
                         & s.deleted_at.is_null())


def scheme_for(year: int, subject_type: str) -> Scheme:
    """The stored scheme of that year and type, else the default."""
    row = _stored(year, subject_type)
    return from_row(row) if row is not None else default_scheme(subject_type, year)


def store(scheme: Scheme) -> AssessmentScheme:
    """Write a checked scheme in the open batch (refused when the stored one is frozen)."""
    row = _stored(scheme.year, scheme.subject_type)
    if row is not None and row.frozen:
        raise UserError(_("The {year} scheme for {kind} was used by a finished assessment round "
                          "and cannot change; reopen the round first.").format(
            year=scheme.year, kind=_(SUBJECT_TYPE_LABELS[scheme.subject_type])))
    _check_scores(scheme)
    row = row or AssessmentScheme(year=scheme.year, subject_type=scheme.subject_type)
    for name, value in _columns(scheme).items():
        setattr(row, name, value)
    row.save()
    return row


def _check_scores(scheme: Scheme) -> None:
    """Refuse a maximum below points the officer already gave in the year's round."""
    score, a, ap, c = AssessmentScore, Assessment, Appointment, Commissioner
    of_type = (a.workstation.is_null(False) if scheme.subject_type == "workstation"
               else a.appointment.in_(ap.select(ap.id).join(c, on=(c.id == ap.commissioner))
                                      .where(c.kind == scheme.subject_type)))
    for item in scheme.items:
        above = (score.select().join(a, on=(a.id == score.assessment))
                 .where(a.year == scheme.year, a.round.is_null(False), a.deleted_at.is_null(),
                        score.item_code == item.code, score.deleted_at.is_null(),
                        score.value.is_null(False), of_type)
                 .where(score.value.cast("NUMERIC") > item.max_points).count())
        if above:
            raise UserError(_("Item “{label}”: {count} scores given in the {year} round are above "
                              "{points} points; change them first.").format(
                label=item_label(item), count=above, year=scheme.year,
                points=item.max_points), "items")


def save_scheme(scheme: Scheme) -> Changes:
    """Store the scheme of its year and type (the flag ``frozen`` is the round's to set)."""
    with changelog.batch(_("Edit assessment scheme")):
        row = store(check_scheme(scheme))
        return changes.made("assessment_scheme", row.id)


def copy_schemes(from_year: int, to_year: int) -> Changes:
    """The schemes of ``from_year`` (stored or default) as those of ``to_year``, unfrozen."""
    with changelog.batch(_("Copy assessment schemes")):
        for kind in SUBJECT_TYPES:
            store(check_scheme(replace(scheme_for(from_year, kind), id=None, year=to_year,
                                       frozen=False)))
        return changes.made("assessment_scheme")


# The file ------------------------------------------------------------------------------------


def export_schemes(year: int, path: str | Path) -> None:
    """Write the year's four schemes to a JSON file another office can import."""
    document = {"format": FORMAT, "version": FORMAT_VERSION, "year": year, "schemes": [
        {"subject_type": s.subject_type,
         "items": [{"code": i.code, "label": i.label, "max_points": str(i.max_points),
                    "source": i.source, "bonus": i.bonus, "full_at": _text(i.full_at)}
                   for i in s.items],
         "grade_floors": {g: str(v) for g, v in s.grade_floors},
         "min_days_for_good": str(s.min_days_for_good),
         "min_days_to_pass": str(s.min_days_to_pass),
         "excellent_quota_pct": str(s.excellent_quota_pct),
         "funds": {g: str(v) for g, v in s.funds.items()}}
        for s in (scheme_for(year, kind) for kind in SUBJECT_TYPES)]}
    with atomic_write(path) as temporary:
        temporary.write_text(json.dumps(document, ensure_ascii=False, indent=2), "utf-8")


MAX_FILE = 1 << 20
SCHEME_KEYS = {"subject_type", "items", "grade_floors", "min_days_for_good", "min_days_to_pass",
               "excellent_quota_pct", "funds"}
ITEM_KEYS = {"code", "label", "max_points", "source", "bonus", "full_at"}


def _refuse(reason: str) -> UserError:
    return UserError(_("This scheme file cannot be imported: {reason}").format(reason=reason))


def read_schemes(path: str | Path) -> list[Scheme]:
    """The checked schemes of a file, or a UserError saying why it is refused."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_FILE:
            raise _refuse(_("the file is larger than a scheme file can be."))
        document = json.loads(path.read_bytes().decode("utf-8"), parse_float=Decimal)
    except OSError as error:
        raise _refuse(_("the file cannot be read ({error}).").format(error=error)) from None
    except (UnicodeDecodeError, ValueError):
        raise _refuse(_("it is not a JSON file.")) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise _refuse(_("it is not a scheme file of Commissioner Desk."))
    if document.get("version") != FORMAT_VERSION:
        raise _refuse(_("it was written in a format this program does not know."))
    year, entries = document.get("year"), document.get("schemes")
    if isinstance(year, bool) or not isinstance(year, int):
        raise _refuse(_("it names no year."))
    if not isinstance(entries, list) or not entries:
        raise _refuse(_("it holds no scheme."))
    found, seen = [], set()
    for entry in entries:
        if not isinstance(entry, dict) or set(entry) != SCHEME_KEYS:
            raise _refuse(_("a scheme has missing or unknown entries."))
        items = entry["items"]
        if not isinstance(items, list) or not all(
                isinstance(i, dict) and set(i) == ITEM_KEYS for i in items):
            raise _refuse(_("an item has missing or unknown entries."))
        floors, funds = entry["grade_floors"], entry["funds"]
        if not isinstance(floors, dict) or not isinstance(funds, dict):
            raise _refuse(_("the grade floors and the funds are given by grade."))
        if entry["subject_type"] in seen:
            raise _refuse(_("it holds two schemes for one kind of subject."))
        seen.add(entry["subject_type"])
        try:
            found.append(check_scheme(Scheme(
                None, year, entry["subject_type"],
                tuple(Item(i["code"], i["label"], i["max_points"], i["source"], i["bonus"],
                           i["full_at"]) for i in items),
                tuple(floors.items()), entry["min_days_for_good"], entry["min_days_to_pass"],
                entry["excellent_quota_pct"], funds)))
        except UserError as error:
            raise _refuse(error.message) from None
    return found


def import_schemes(path: str | Path) -> Changes:
    """Store the schemes of a file, all of them or none (the detail is the year)."""
    schemes = read_schemes(path)
    with changelog.batch(_("Import assessment schemes")):
        for scheme in schemes:
            store(scheme)
        return changes.made("assessment_scheme", detail=schemes[0].year)
