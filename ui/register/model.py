"""Table models of the register: rows come from ``app.search.lists`` in keyset pages.

``RegisterTableModel`` shows one list (commissioners, organizations, workstations, people):
sorting and filtering happen in SQL, rows arrive a page at a time as the view scrolls
(``canFetchMore``/``fetchMore``), the first one on a worker thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from app.core.i18n import _
from app.search import lists as search
from ui import ops

log = logging.getLogger("ui.register")

Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()  # the default parent: tables have no tree


@dataclass(frozen=True)
class Column:
    key: str
    title: str  # N_-marked, translated when shown
    value: Callable[[object], str]
    sort: str | None = None  # a key of app.search.lists.sort_keys, or None if not sortable


def _first_page(query: search.ListQuery):
    return search.first_page(query)


class RegisterTableModel(QAbstractTableModel):
    ID_ROLE = Qt.ItemDataRole.UserRole + 1  # as PagedTableModel's and RowsModel's

    loaded = Signal()  # the first page of the current query is in

    def __init__(self, list_name: str, columns: list[Column], parent=None):
        super().__init__(parent)
        self.columns = columns
        self.query = search.ListQuery(list_name)
        self._rows: list = []
        self._cells: list[tuple[str, ...]] = []  # the rows' texts, formatted once
        self._cursor: tuple | None = None
        self.total = 0
        self.loading = False
        self._generation = 0

    # Loading -----------------------------------------------------------------------------

    def set_query(self, query: search.ListQuery) -> None:
        """Show the first page of another query (text, filters or sort). The page and the count
        are read on a worker thread, so typing never waits for the database; an answer to a
        query typed over meanwhile is dropped."""
        self.query = query
        self._generation += 1
        generation = self._generation
        self.loading = True
        ops.run_in_background(lambda: _first_page(query),
                              lambda result: self._show_first(generation, result),
                              lambda error: self._failed(generation, error))

    def _show_first(self, generation: int, result) -> None:
        if generation != self._generation:
            return
        first, total = result
        self.beginResetModel()
        self._rows, self._cursor, self.total = list(first.rows), first.cursor, total
        self._cells = self._texts(self._rows)
        self.endResetModel()
        self.loading = False
        self.loaded.emit()

    def _failed(self, generation: int, error: Exception) -> None:
        if generation == self._generation:
            self.loading = False
            log.error("loading %s failed: %s", self.query.list_name, error)
            self.loaded.emit()

    def reload(self) -> None:
        self.set_query(self.query)

    def canFetchMore(self, parent: Index = ROOT) -> bool:
        # While another query's first page is on its way, the cursor belongs to the old one.
        return not parent.isValid() and self._cursor is not None and not self.loading

    def fetchMore(self, parent: Index = ROOT) -> None:
        if not self.canFetchMore(parent):
            return
        more = search.page(self.query, after=self._cursor)
        if more.rows:
            self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(more.rows) - 1)
            self._rows.extend(more.rows)
            self._cells.extend(self._texts(more.rows))
            self._cursor = more.cursor
            self.endInsertRows()
        else:
            self._cursor = None

    # Reading -----------------------------------------------------------------------------

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._cells[index.row()][index.column()]
        if role == self.ID_ROLE:
            return self._rows[index.row()].id
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole):
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self.columns)):
            return _(self.columns[section].title)
        return None

    def can_sort(self, column: int) -> bool:
        return 0 <= column < len(self.columns) and self.columns[column].sort is not None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not self.can_sort(column):
            return
        self.set_query(replace(self.query, sort=self.columns[column].sort,
                               descending=order == Qt.SortOrder.DescendingOrder))

    def row_id(self, row: int) -> int:
        return self._rows[row].id

    def _texts(self, rows) -> list[tuple[str, ...]]:
        """Each row's cells as shown: a view asks for a cell at every paint and size hint."""
        return [tuple(column.value(row) for column in self.columns) for row in rows]

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)
        self._cells = self._texts(self._rows)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._rows) - 1, len(self.columns) - 1))
