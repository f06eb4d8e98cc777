"""Normalizing and checking what the officer types (also used by the Excel import).

Each checker takes raw text and returns the normalized value, or raises ``UserError`` naming the
field. Text (names, addresses, notes) is kept as written, only trimmed: Chinese punctuation and
full-width spaces inside it stay, since a registered name is written with them. Numbers and codes
(ID numbers, mobiles, credit codes) have their full-width digits and letters, stray spaces and a
lower-case ``x`` normalized first. Matching compares ``folded`` keys instead.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from app.core.errors import UserError
from app.core.i18n import _

MOBILE = re.compile(r"1[3-9][0-9]{9}")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}")
EARLIEST = date(1900, 1, 1)
LATEST = date(2100, 12, 31)
LARGEST_INTEGER = 2 ** 63 - 1  # what a database integer holds


def normalize(text: str | None) -> str:
    """Half-width (NFKC: １２３ → 123, ＡＢ → AB, ideographic space → space), trimmed."""
    return unicodedata.normalize("NFKC", text or "").strip()


def trimmed(text: str | None) -> str:
    """Text as written, without the ASCII and full-width spaces at its ends."""
    return (text or "").strip()


def folded(text: str | None) -> str:
    """The key two spellings of one name share: half-width, no spaces, case folded, so that
    "泉州（鲤城）有限公司" and "泉州(鲤城)有限公司" find each other."""
    return "".join(normalize(text).split()).casefold()


def compact(text: str | None) -> str:
    """Normalized with every space removed and upper case: for codes and numbers."""
    return re.sub(r"\s+", "", normalize(text)).upper()


def record_id(text: str) -> int | None:
    """The database id the officer typed (digits the database can hold), else None."""
    text = text.strip()
    return int(text) if text.isdigit() and int(text) <= LARGEST_INTEGER else None


def required(value: str | None, field: str) -> str:
    value = trimmed(value)
    if not value:
        raise UserError(_("This field is required."), field)
    return value


@dataclass(frozen=True)
class ResidentId:
    number: str
    birth_date: date
    gender: str  # "male" or "female"
    old_number: str | None = None  # the 15-digit number it was converted from


MASKED = re.compile(r"[0-9]{3,6}\*{4,}[0-9]{0,4}[0-9X]?")


def first_generation(number: str) -> str | None:
    """The 18-digit form of a 15-digit first-generation ID number (born 19xx, no check digit),
    or None when ``number`` is not 15 digits."""
    if not re.fullmatch(r"[0-9]{15}", number):
        return None
    from stdnum.cn import ric  # stdnum loads ssl and pydoc: imported when a number is checked

    body = number[:6] + "19" + number[6:]
    return body + ric.calc_check_digit(body + "0")


def resident_id(text: str | None, field: str = "id_number") -> ResidentId:
    """An 18-digit resident ID: checksum, birth date and an area code that exists.

    stdnum also rejects a county code that did not exist yet in the holder's birth year; real
    numbers carry the code of where the card was issued (a Licheng resident born in 1970 holds a
    350502… number though the district dates from 1985), so that window is not checked.
    """
    from stdnum.cn import ric  # stdnum loads ssl and pydoc: imported when a number is checked
    from stdnum.exceptions import ValidationError

    number = compact(text)
    if MASKED.fullmatch(number):
        raise UserError(_("This ID number is masked ({number}) and cannot be imported; export "
                          "the list with full ID numbers (export --full-id) to import it "
                          "back.").format(number=number), field)
    old_number = None
    if first_generation(number):
        old_number, number = number, first_generation(number)
    if len(number) != 18 or not number[:17].isdigit() or not re.fullmatch(r"[0-9X]", number[17]):
        raise UserError(_("A resident ID number has 18 digits (the last may be X)."), field)
    if number[-1] != ric.calc_check_digit(number):
        raise UserError(_("The resident ID number's check digit is wrong; please check it."),
                        field)
    try:
        born = ric.get_birth_date(number)
    except ValidationError:
        raise UserError(_("The resident ID number holds no valid birth date."), field) from None
    if not EARLIEST <= born <= date.today():
        raise UserError(_("The resident ID number holds no valid birth date."), field)
    if not _is_county(number[:6]):
        raise UserError(_("The resident ID number's area code does not exist."), field)
    return ResidentId(number, born, "male" if int(number[16]) % 2 else "female", old_number)


@functools.lru_cache(maxsize=4096)
def _is_county(code: str) -> bool:
    """Looking a code up in stdnum's table takes long; an import asks about a few codes often."""
    from stdnum import numdb  # stdnum loads ssl and pydoc: imported when a code is checked

    return any("county" in props for _part, props in numdb.get("cn/loc").info(code))


def credit_code(text: str | None, field: str = "uscc") -> str:
    """A unified social credit code (统一社会信用代码), 18 characters with a check character."""
    # stdnum loads ssl and pydoc: imported when a code is checked
    from stdnum.cn import uscc
    from stdnum.exceptions import ValidationError

    code = compact(text)
    try:
        return uscc.validate(code)
    except ValidationError:
        raise UserError(_("This is not a valid unified social credit code."), field) from None


def mobile(text: str | None, field: str = "mobile") -> str:
    number = re.sub(r"[\s-]+", "", normalize(text))
    if number.startswith("+86"):
        number = number[3:]
    if not MOBILE.fullmatch(number):
        raise UserError(_("A mobile number has 11 digits and starts with 13–19."), field)
    return number


def email(text: str | None, field: str = "email") -> str:
    address = compact(text).lower()
    if not EMAIL.fullmatch(address):
        raise UserError(_("This is not a valid email address."), field)
    return address


def in_range(value: date | None, field: str) -> date | None:
    if value is not None and not EARLIEST <= value <= LATEST:
        raise UserError(_("The date must lie between 1900 and 2100."), field)
    return value


def term(start: date | None, end: date | None, start_field: str = "term_start",
         end_field: str = "term_end") -> tuple[date | None, date | None]:
    in_range(start, start_field)
    in_range(end, end_field)
    if start is not None and end is not None and end <= start:
        raise UserError(_("The end date must come after the start date."), end_field)
    return start, end


def person_identity(id_text: str | None, birth_date: date | None, gender: str | None,
                    ) -> tuple[str | None, date | None, str | None]:
    """(ID number, birth date, gender): filled from the ID number and checked against what was
    typed; an empty ID number leaves the typed values as they are."""
    if not compact(id_text):
        return None, in_range(birth_date, "birth_date"), gender or None
    rid = resident_id(id_text)
    if birth_date is not None and birth_date != rid.birth_date:
        raise UserError(_("The birth date does not match the resident ID number."), "birth_date")
    if gender and gender != rid.gender:
        raise UserError(_("The gender does not match the resident ID number."), "gender")
    return rid.number, rid.birth_date, rid.gender
