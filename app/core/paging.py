"""A page of a long list read in order of a key, ``cursor`` saying where the next one starts
(keyset paging: each page is read from an index, however deep into the list)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    rows: list
    cursor: tuple | None  # where the next page starts; None when this was the last
