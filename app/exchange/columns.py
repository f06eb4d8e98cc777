"""The columns of the import files and exports: canonical Chinese headers, the variants seen in
real lists, and how a cell becomes a value.

A header matches a column by its canonical text or one of its aliases after normalization (no
spaces, half-width), also without a note in brackets ("身份证号码（18位）") and by either half of
"工作单位/派出单位". Each cell is read by one rule for its kind of column, and whatever cannot be
read exactly is refused with the reason, never guessed:

- text: kept as written (Chinese punctuation, full-width spaces inside), trimmed at the ends;
- dates: a date cell; text as 2024-01-15, 2024/1/15, 2024.1.15, 2024年1月15日 or 20240115 (also
  a number cell 20240115). A month or year alone (2024.1, 2024) is refused, except in a month
  column such as 出生年月; a plain number (an Excel serial in a cell not formatted as a date)
  is refused: it is how "2024.10" typed into a number cell arrives;
- numbers: digits with an optional unit of the column (1.5天, 12.5万元, 12000元 in a 万元
  column, 30人), read as decimals, never through a float;
- ID numbers, mobiles and credit codes: text, full-width digits and letters made half-width; a
  number cell only when it holds a whole number below 2^53 (Excel keeps 15 significant digits,
  so an 18-digit number cell has lost its last ones). A 15-digit ID number becomes its 18-digit
  form, and the row says so.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from app.core import validation
from app.core.errors import UserError
from app.core.i18n import N_, _, join_list
from app.exchange.sheets import EXACT, header_text

LIST_SEPARATORS = re.compile(r"[、，,；;/\n]+")


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # canonical Chinese header
    aliases: tuple[str, ...] = ()
    width: int = 14
    choices: tuple[str, ...] = ()  # labels offered as a drop-down in the template
    # The rule of the column's cells alone (raises UserError), to name every bad cell of a row.
    check: Callable[[object], object] | None = None
    code: bool = False  # digits kept as text (ID numbers, phones, codes): a text column in Excel

    def names(self) -> tuple[str, ...]:
        return (header_text(self.header), *(header_text(a) for a in self.aliases))


def cell_problems(columns: Sequence[Column], values: dict[str, object]) -> dict[str, str]:
    """Column key → reason, for each cell of a row that its column's rule refuses."""
    found = {}
    for column in columns:
        if column.check is not None and values.get(column.key) is not None:
            try:
                column.check(values[column.key])
            except UserError as error:
                found[column.key] = error.message
    return found


def coded(key: str, checker: Callable[[str, str], object]) -> Callable[[object], object]:
    """The check of a code column: the cell read by ``code``, then ``checker(text, key)``."""
    return lambda value: checker(found, key) if (found := code(value, key)) else None


def chosen(key: str, labels: dict[str, str]) -> Callable[[object], object]:
    return lambda value: parse_choice(value, labels, key)


# The rules above, as the import template's instructions sheet states them (the README's table
# says the same).
CELL_RULES = (
    (N_("Dates"), N_("A cell formatted as a date, or text written 2024-01-15, 2024/1/15, "
                     "2024.1.15, 2024年1月15日 or 20240115. A month or a year alone (2024.1, "
                     "2024) is refused, except in a month column such as 出生年月. A plain number "
                     "in a cell not formatted as a date is refused.")),
    (N_("Numbers"), N_("Digits, with the column's unit or none: 1.5天, 12.5万元 (12000元 becomes "
                       "1.2万元), 30人. Read exactly, never rounded.")),
    (N_("ID numbers, phones, credit codes"),
     N_("Text: format the column as text before typing. Full-width digits and letters are "
        "read as half-width. A 15-digit ID number is converted to 18 digits and the row says "
        "so. A number cell is read only when it holds the whole number exactly: an 18-digit "
        "number stored by Excel has lost its last digits and is refused, as are masked numbers "
        "(350502********1234).")),
    (N_("Text"), N_("Kept as written, Chinese punctuation and spaces inside included; only the "
                    "spaces at both ends are removed.")),
    (N_("CSV files"), N_("UTF-8 (with or without BOM), UTF-16 or GBK text, comma or tab "
                         "between cells; a line break inside quotation marks stays in its cell. "
                         "The ' that an export puts before text starting with = + - or @ is "
                         "taken off. A file of another encoding is refused.")),
    (N_("Lists"), N_("Columns with a drop-down list take one of its values.")),
    (N_("Other columns"), N_("Columns the import does not know are named and not imported; "
                             "import --strict refuses the file instead.")),
)


# Headers that name no data: left out of the ignored columns the import reports.
UNCOUNTED = frozenset({"序号", "No.", "No"})


def rejected_headers() -> tuple[str, str, str]:
    """The columns the rejected-rows workbook adds after the file's own."""
    return _("Reason rejected"), _("Source sheet"), _("Source row")


def _header_variants(header: str) -> list[list[str]]:
    """What a header may be matched by, in order: itself; without notes in brackets; each part
    of a header that joins two names with / (both must name one column)."""
    bare = re.sub(r"\([^()]*\)", "", header)
    return [[header], [bare], [p for p in re.split(r"[/、]", bare) if p]]


def match_headers(headers: Sequence[str], columns: Sequence[Column]) -> dict[int, str]:
    """Position in the file → column key, for the headers that are known."""
    by_name = {name: column.key for column in columns for name in column.names()}
    found: dict[int, str] = {}
    for i, header in enumerate(headers):
        for names in _header_variants(header_text(header)):
            keys = {by_name.get(n) for n in names}
            if len(keys) == 1 and None not in keys:
                key = keys.pop()
                if key not in found.values():
                    found[i] = key
                break
    return found


def ignored(headers: Sequence[str], mapping: dict[int, str]) -> tuple[str, ...]:
    """The headers of the file that match no column (and name some data)."""
    added = {header_text(h) for h in rejected_headers()}
    return tuple(h for i, h in enumerate(headers)
                 if h and i not in mapping and h not in UNCOUNTED and h not in added)


def scorer(columns: Sequence[Column]):
    return lambda headers: len(match_headers(headers, columns))


# Cell values -------------------------------------------------------------------------------


def text(value: object) -> str:
    """Text as written, trimmed; a number or date cell as it reads."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()  # validation.trimmed, inlined: called for most cells
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def items(value: object) -> list[str]:
    """A list in one cell: names separated by 、 ， , ； or line breaks."""
    return [t for t in (p.strip() for p in LIST_SEPARATORS.split(text(value))) if t]


def code(value: object, field: str) -> str:
    """An ID number, mobile, phone or credit code: text made half-width and without spaces; a
    number cell only when it holds a whole number exactly."""
    if value is None:
        return ""
    if isinstance(value, bool | date):
        raise UserError(_("Not a number: {value}").format(value=text(value)), field)
    if isinstance(value, int):
        if abs(value) >= EXACT:
            raise UserError(lost_digits(), field)
        return str(value)
    if isinstance(value, float):
        raise UserError(lost_digits(), field)
    return validation.compact(str(value))


def lost_digits() -> str:
    return _("Excel stored this cell as a number and its last digits are lost; format the "
             "column as text and type the number again.")


_DAY_FORMS = (
    re.compile(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2})?)?"),
    re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日?"),
    re.compile(r"(\d{4})(\d{2})(\d{2})"),
)
_MONTH_FORMS = (
    re.compile(r"(\d{4})[-/.](\d{1,2})"),
    re.compile(r"(\d{4})年(\d{1,2})月?"),
    re.compile(r"(\d{4})(\d{2})"),
    re.compile(r"(\d{4})年?"),
)


def accepted_dates() -> str:
    return _("write the full date, e.g. 2024-01-15, 2024/1/15, 2024.1.15, 2024年1月15日 or "
             "20240115, or use a cell formatted as a date")


def _day(parts: Sequence[str], field: str, raw: str) -> date:
    try:
        day = date(*(int(p) for p in parts))
    except ValueError:
        raise UserError(_("Not a date: {value}; {accepted}.").format(
            value=raw, accepted=accepted_dates()), field) from None
    return validation.in_range(day, field)


def parse_date(value: object, field: str) -> date | None:
    """The date a cell states, or None for a blank one; see the module's rules."""
    found = parse_month(value, field, month=False)
    return None if found is None else found[0]


def parse_month(value: object, field: str, month: bool = True,
                ) -> tuple[date, bool] | None:
    """(date, whether it names the day) a cell states; ``month``: a month alone is accepted
    (as the month's first day, not a day)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return validation.in_range(value.date(), field), True
    if isinstance(value, date):
        return validation.in_range(value, field), True
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise UserError(_("Not a date: {value}; {accepted}.").format(
            value=text(value), accepted=accepted_dates()), field)
    raw = "".join(validation.normalize(str(value)).split())
    if not raw:
        return None
    if isinstance(value, str) or re.fullmatch(r"\d{8}", raw):
        for form in _DAY_FORMS:
            found = form.fullmatch(raw)
            if found:
                groups = [g for g in found.groups() if g and g not in "-/."]
                return _day(groups, field, raw), True
    if isinstance(value, str) or re.fullmatch(r"\d{4}(\d{2})?", raw):
        for form in _MONTH_FORMS:
            found = form.fullmatch(raw)
            if found:
                if not month:
                    raise UserError(_("“{value}” names a month or a year, not a day; "
                                      "{accepted}.").format(value=raw, accepted=accepted_dates()),
                                    field)
                if found.lastindex == 1:
                    raise UserError(_("“{value}” names a year, not a month; write it as "
                                      "1980.05 or as a full date.").format(value=raw), field)
                return _day([*found.groups(), "1"], field, raw), False
    if not isinstance(value, str):
        raise UserError(_("This cell holds the number {value}, not a date; {accepted}.").format(
            value=raw, accepted=accepted_dates()), field)
    raise UserError(_("Not a date: {value}; {accepted}.").format(
        value=raw, accepted=accepted_dates()), field)


_NUMBER = re.compile(r"([-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)(\D*)")
COUNT = {"": Decimal(1)}


def units(*names: str, **scaled: str) -> dict[str, Decimal]:
    """The units a number column accepts: ``names`` as they are, ``scaled`` (unit name → factor
    as text) converted; no unit is the column's own."""
    return {"": Decimal(1), **{n: Decimal(1) for n in names},
            **{n: Decimal(f) for n, f in scaled.items()}}


TEN_THOUSAND_YUAN = units("万元", "万", 元="0.0001")


def parse_decimal(value: object, field: str, accepted: dict[str, Decimal] = COUNT,
                  ) -> Decimal | None:
    """A number, exactly: a number cell, or digits with one of the ``accepted`` units."""
    if value is None:
        return None
    if isinstance(value, bool | date):
        raise UserError(_("Not a number: {value}").format(value=text(value)), field)
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if abs(value) >= EXACT:
            raise UserError(lost_digits(), field)
        return Decimal(repr(value))  # the shortest text of the float: what Excel stored
    raw = "".join(validation.normalize(str(value)).split())
    if not raw:
        return None
    found = _NUMBER.fullmatch(raw)
    if found is None or found.group(2) not in accepted:
        shown = join_list(u for u in accepted if u)
        raise UserError((_("Not a number: {value}; write digits, with a unit of {units} or "
                           "none.") if shown else _("Not a number: {value}; write digits."))
                        .format(value=raw, units=shown), field)
    return Decimal(found.group(1).replace(",", "")) * accepted[found.group(2)]


def parse_int(value: object, field: str, default: int | None = None,
              accepted: dict[str, Decimal] = COUNT) -> int | None:
    number = parse_decimal(value, field, accepted)
    if number is None:
        return default
    if number != number.to_integral_value():
        raise UserError(_("Please enter a whole number."), field)
    return int(number)


def parse_choice(value: object, labels: dict[str, str], field: str) -> str | None:
    """A coded value from its label or a variant (``labels``: label → code)."""
    raw = validation.normalize(text(value))
    if not raw:
        return None
    code = labels.get(raw) or labels.get(raw.lower())
    if code is None:
        raise UserError(_("Unknown value “{value}”; expected one of: {allowed}").format(
            value=raw, allowed=join_list(label_of(labels, c) for c in dict.fromkeys(labels.values()))),
            field)
    return code


def parse_bool(value: object, field: str) -> bool | None:
    return parse_choice(value, YES_NO, field)


# Labels in the files (Chinese, as the bureau writes them) --------------------------------------

KINDS = {"个人": "individual", "团队": "team", "法人": "legal_person",
         "individual": "individual", "team": "team", "legal_person": "legal_person"}
LEVELS = {"国家级": "national", "省级": "provincial", "市级": "municipal", "区级": "district",
          "国家": "national", "省": "provincial", "市": "municipal", "区": "district",
          "县级": "district", "区县级": "district"}
GENDERS = {"男": "male", "女": "female", "male": "male", "female": "female"}
APPOINTMENT_STATUSES = {"已推荐": "recommended", "已认定": "active", "退出": "withdrawn",
                        "终止": "terminated", "在聘": "active"}
YES_NO = {"是": True, "否": False, "yes": True, "no": False, "1": True, "0": False}
ORG_TYPES = {"企业": "enterprise", "高校": "university", "科研院所": "institute",
             "合作社": "cooperative", "政府机关": "government", "高等院校": "university"}
DEMAND_KINDS = {"技术研发": "research", "工艺改进": "process", "检验检测": "testing",
                "人才": "talent", "培训": "training", "咨询": "consulting", "其他": "other"}
SERVICE_KINDS = {"技术指导": "guidance", "培训授课": "teaching", "现场服务": "onsite",
                 "咨询": "consulting", "项目对接": "project_matching", "成果推介": "promotion",
                 "调研": "research", "其他": "other"}
SERVICE_MODES = {"线下": "offline", "线上": "online"}
EVENT_KINDS = {"联席会议": "joint_meeting", "成果交流推介会": "exchange", "人才沙龙": "salon",
               "调研学习": "study_tour", "培训": "training", "路演": "roadshow",
               "产学研对接": "matchmaking", "其他": "other"}


def label_of(labels: dict[str, str], code) -> str:
    """The first (canonical) label of a code."""
    return next((label for label, value in labels.items() if value == code), "")
