"""The editable lists (streets, industry fields, titles…) as the officer reads them.

Lists are read once per language and kept: table models name codes in ``data()``, which must not
query. Any committed write (a change-log batch) and opening another database forget them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from app.core import i18n
from db import changelog
from db.models import Dictionary


@dataclass(frozen=True)
class Entry:
    id: int
    code: str
    name: str  # in the current language


_kept: dict[tuple[str, str], tuple[tuple[Entry, ...], Mapping[str, str]]] = {}
_generation = [0]  # a read that a write overtook is not kept


def forget() -> None:
    _generation[0] += 1
    _kept.clear()


changelog.add_listener(forget)


def _read(kind: str) -> tuple[tuple[Entry, ...], Mapping[str, str]]:
    language = i18n.language()
    found = _kept.get((kind, language))
    if found is None:
        generation = _generation[0]
        english = language == "en"
        listed = tuple(Entry(row.id, row.code, (row.name_en or row.name) if english else row.name)
                       for row in Dictionary.live().where(Dictionary.kind == kind)
                       .order_by(Dictionary.sort_order, Dictionary.id))
        found = listed, MappingProxyType({entry.code: entry.name for entry in listed})
        if generation == _generation[0]:
            _kept[kind, language] = found
    return found


def entries(kind: str) -> list[Entry]:
    """One list, in its order, without entries in the recycle bin."""
    return list(_read(kind)[0])


def names(kind: str) -> Mapping[str, str]:
    """code → name in the current language."""
    return _read(kind)[1]
