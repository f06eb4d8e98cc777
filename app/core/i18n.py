"""Translations (gettext through babel) and locale-aware formatting.

Source strings are English; ``resources/locale/<lang>/LC_MESSAGES/messages.po`` holds each
translation. The ``.mo`` is compiled from the ``.po`` by the program itself and kept in the user's
cache folder under the hash of the ``.po``, so a changed catalog is compiled again and a stale
``.mo`` is never read; a start with the catalog unchanged reads the ``.mo`` without babel's parser.
The frozen program (packaging/) ships no ``.po``: its build compiled each to the ``.mo`` beside.
"""

from __future__ import annotations

import gettext
import hashlib
import io
import os
import sys
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from importlib import resources
from pathlib import Path

import platformdirs
from babel import Locale, dates, lists, numbers

from app import APP_NAME
from app.core.files import atomic_write

LANGUAGES = ("zh_CN", "en")
DEFAULT_LANGUAGE = "zh_CN"
DOMAIN = "messages"

_state: dict = {"language": "en", "translations": gettext.NullTranslations(),
                "locale": Locale.parse("en")}


def catalog_path(language: str, suffix: str = ".po"):
    return resources.files("resources").joinpath("locale", language, "LC_MESSAGES", DOMAIN + suffix)


def load_catalog(language: str):
    """The babel Catalog of one language (for tests and tools)."""
    from babel.messages.pofile import read_po  # babel's catalogs load slowly: tools only

    with catalog_path(language).open("rb") as handle:
        return read_po(handle, locale=language, domain=DOMAIN)


def compiled_catalog(language: str) -> bytes:
    """The ``.mo`` of a language: the frozen program's own, else from the cache when compiled from
    this very ``.po`` before."""
    if getattr(sys, "frozen", False):
        return catalog_path(language, ".mo").read_bytes()
    source = catalog_path(language).read_bytes()
    digest = hashlib.sha256(source).hexdigest()[:16]
    cached = (Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)) / "locale"
              / f"{language}-{digest}.mo")
    try:
        return cached.read_bytes()
    except OSError:
        pass
    compiled = compile_catalog(source, language)
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        with atomic_write(cached) as partial:
            partial.write_bytes(compiled)
    except OSError:
        pass  # an unwritable cache folder only means compiling again at the next start
    return compiled


def compile_catalog(source: bytes, language: str) -> bytes:
    """The ``.mo`` of a ``.po``'s text (also the frozen program's build)."""
    # babel's catalogs load slowly: only when the compiled catalog is not cached
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    buffer = io.BytesIO()
    write_mo(buffer, read_po(io.BytesIO(source), locale=language, domain=DOMAIN))
    return buffer.getvalue()


def _pseudo(text: str) -> str:
    """Pseudo-translation: 50% longer and bracketed, to find labels that get cut off."""
    return "[" + text + "~" * (len(text) // 2) + "]"


def set_language(language: str) -> None:
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; choose one of {', '.join(LANGUAGES)}")
    if language == "en":
        translations = gettext.NullTranslations()
    else:
        translations = gettext.GNUTranslations(io.BytesIO(compiled_catalog(language)))
    _state["language"] = language
    _state["translations"] = translations
    _state["locale"] = Locale.parse(language)  # parsed once: every formatted value asks for it


def language() -> str:
    return _state["language"]


def locale() -> Locale:
    return _state["locale"]


def _(message: str) -> str:
    if not message:  # gettext answers the empty message with the catalog's header
        return ""
    text = _state["translations"].gettext(message)
    return _pseudo(text) if os.environ.get("CDESK_PSEUDO_I18N") else text


def ngettext(singular: str, plural: str, n: int) -> str:
    text = _state["translations"].ngettext(singular, plural, n)
    return _pseudo(text) if os.environ.get("CDESK_PSEUDO_I18N") else text


def pgettext(context: str, message: str) -> str:
    text = _state["translations"].pgettext(context, message)
    return _pseudo(text) if os.environ.get("CDESK_PSEUDO_I18N") else text


def join_list(items, cell: bool = False) -> str:
    """An enumeration in running text, the language's way (babel): 甲、乙和丙 / A, B, and C.
    In a table cell (``cell``) only the separator: 甲、乙、丙 / A, B, C."""
    if cell:  # punctuation, never pseudo-translated
        return _state["translations"].pgettext("list separator", ", ").join(items)
    return lists.format_list(list(items), locale=locale())


def N_(message: str) -> str:
    """Mark a string for extraction where it is defined; translate it with ``_`` where shown."""
    return message


# Formatting ---------------------------------------------------------------------------------


def format_date(value: date | None, fmt: str = "medium") -> str:
    if value is None:
        return ""
    return dates.format_date(value, format=fmt, locale=locale())


def format_datetime(value: datetime | None, fmt: str = "medium") -> str:
    if value is None:
        return ""
    return dates.format_datetime(value, format=fmt, locale=locale())


def format_time(value: datetime | None, fmt: str = "short") -> str:
    if value is None:
        return ""
    return dates.format_time(value, format=fmt, locale=locale())


def format_decimal(value, digits: int | None = None) -> str:
    if value is None:
        return ""
    if digits is not None:
        value = round_half_up(value, digits)
        pattern = "#,##0." + "0" * digits if digits else "#,##0"
        return numbers.format_decimal(value, format=pattern, locale=locale(),
                                      decimal_quantization=True)
    return numbers.format_decimal(value, locale=locale())


def round_half_up(value, digits: int) -> Decimal:
    """Round the way an office rounds money (2.345 → 2.35), not babel's half-even."""
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def format_wan(value, digits: int = 2) -> str:
    """An amount in 万元 (ten thousand yuan), with its unit: 12,025.77 万元."""
    if value is None:
        return ""
    return _("{amount} 10k yuan").format(amount=format_decimal(value, digits))


def format_percent(value, digits: int = 1) -> str:
    if value is None:
        return ""
    return format_decimal(Decimal(str(value)) * 100, digits) + "%"


def format_quarter(year: int, quarter: int) -> str:
    return _("Q{quarter} {year}").format(year=year, quarter=quarter)
