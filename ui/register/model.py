"""The table model of the register's lists: rows come from ``app.search.lists`` in keyset pages.

``RegisterTableModel`` shows one list (commissioners, organizations, workstations, people) with
the columns its screen chooses; it is a ``PagedTableModel`` whose first page and count are read on
a worker thread.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from app.search import lists as search
from ui.common.paged_model import PagedTableModel


@dataclass(frozen=True)
class Column:
    key: str
    title: str  # N_-marked, translated when shown
    value: Callable[[object], str]
    sort: str | None = None  # a key of app.search.lists.sort_keys, or None if not sortable


def _first_page(query: search.ListQuery):
    return search.first_page(query)


class RegisterTableModel(PagedTableModel):
    BACKGROUND = True

    def __init__(self, list_name: str, columns: list[Column], parent=None):
        super().__init__(search.ListQuery(list_name), parent)
        self.columns = columns
        # Each list's own: the columns its screen shows.
        self.HEADERS = tuple(column.title for column in columns)
        self.SORT_KEYS = {i: column.sort for i, column in enumerate(columns) if column.sort}

    def first(self, query: search.ListQuery):
        first, total = _first_page(query)
        return first.rows, first.cursor, total

    def fetch(self, query: search.ListQuery, after):
        more = search.page(query, after=after)
        return more.rows, more.cursor

    def display(self, row, column: int) -> str:
        return self.columns[column].value(row)
