"""The editable lists (streets, industry fields, titles…) as the officer reads them."""

from __future__ import annotations

from dataclasses import dataclass

from app import i18n
from db.models import Dictionary


@dataclass(frozen=True)
class Entry:
    id: int
    code: str
    name: str  # in the current language


def entries(kind: str) -> list[Entry]:
    """One list, in its order, without entries in the recycle bin."""
    english = i18n.language() == "en"
    return [Entry(row.id, row.code, (row.name_en or row.name) if english else row.name)
            for row in Dictionary.live().where(Dictionary.kind == kind)
            .order_by(Dictionary.sort_order, Dictionary.id)]


def names(kind: str) -> dict[str, str]:
    """code → name in the current language."""
    return {entry.code: entry.name for entry in entries(kind)}
