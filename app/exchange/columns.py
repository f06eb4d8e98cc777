"""The columns of the import files and exports: canonical Chinese headers, the variants seen in
real lists, and how a cell's text becomes a value.

A header matches a column by its canonical text or one of its aliases after normalization (no
spaces, half-width). Cells are normalized by ``app.validation`` first, then parsed: dates in the
usual spellings and as Excel serial numbers, coded values by their Chinese labels and variants.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from app import validation
from app.errors import UserError
from app.exchange.sheets import header_text
from app.i18n import _, join_list

EXCEL_EPOCH = date(1899, 12, 30)
LIST_SEPARATORS = re.compile(r"[、，,；;/\n]+")


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # canonical Chinese header
    aliases: tuple[str, ...] = ()
    width: int = 14
    choices: tuple[str, ...] = ()  # labels offered as a drop-down in the template

    def names(self) -> tuple[str, ...]:
        return (header_text(self.header), *(header_text(a) for a in self.aliases))


def match_headers(headers: Sequence[str], columns: Sequence[Column]) -> dict[int, str]:
    """Position in the file → column key, for the headers that are known."""
    by_name = {name: column.key for column in columns for name in column.names()}
    found: dict[int, str] = {}
    for i, header in enumerate(headers):
        key = by_name.get(header_text(header))
        if key is not None and key not in found.values():
            found[i] = key
    return found


def scorer(columns: Sequence[Column]):
    names = {name for column in columns for name in column.names()}
    return lambda headers: sum(1 for h in headers if h in names)


# Cell values -------------------------------------------------------------------------------


def text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    return validation.normalize(str(value))


def items(value: object) -> list[str]:
    """A list in one cell: names separated by 、 ， , ； or line breaks."""
    return [t for t in (p.strip() for p in LIST_SEPARATORS.split(text(value))) if t]


_DATE_FORMS = (
    re.compile(r"(\d{4})\s*[-./]\s*(\d{1,2})\s*[-./]\s*(\d{1,2})"),
    re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?"),
    re.compile(r"(\d{4})(\d{2})(\d{2})"),
)


def parse_date(value: object, field: str) -> date | None:
    """2024-03-01, 2024.3.1, 2024/3/1, 2024年3月1日, 20240301, or an Excel serial number."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _serial(value, field)
    raw = text(value)
    if re.fullmatch(r"\d{4,5}(\.\d+)?", raw):
        return _serial(float(raw), field)
    return parse_typed_date(raw, field)


def parse_typed_date(raw: str, field: str) -> date | None:
    """A date as a person types it (every form of ``parse_date`` but Excel's serial numbers,
    which a typed year such as 2026 would be taken for); empty is None."""
    raw = validation.normalize(raw)
    if not raw:
        return None
    for form in _DATE_FORMS:
        found = form.fullmatch(raw)
        if found:
            try:
                return validation.in_range(date(*(int(g) for g in found.groups())), field)
            except ValueError:
                break
    raise UserError(_("Not a date: {value}").format(value=raw), field)


def _serial(number: float, field: str) -> date:
    if not 1 <= number < 80_000:
        raise UserError(_("Not a date: {value}").format(value=number), field)
    return validation.in_range(EXCEL_EPOCH + timedelta(days=int(number)), field)


def parse_int(value: object, field: str, default: int | None = None) -> int | None:
    raw = text(value)
    if not raw:
        return default
    try:
        number = float(raw)
    except ValueError:
        raise UserError(_("Please enter a whole number."), field) from None
    if not number.is_integer():
        raise UserError(_("Please enter a whole number."), field)
    return int(number)


def parse_choice(value: object, labels: dict[str, str], field: str) -> str | None:
    """A coded value from its label or a variant (``labels``: label → code)."""
    raw = text(value)
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
