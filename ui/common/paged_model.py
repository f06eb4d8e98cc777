"""The table model of every long list: rows an app query returns a page at a time.

The query sorts and filters in SQL; the model keeps the rows loaded so far, each row's cells as
texts (a view asks for a cell at every paint and size hint), and asks for the next page when the
view scrolls near the end (``canFetchMore``/``fetchMore``). A subclass says how to fetch a page,
how to show a row and how to sort; the cursor is whatever its query pages by (a keyset tuple or an
offset), ``None`` once the last page came.

With ``BACKGROUND`` the first page of a query (and its count) is read on a worker thread, so
typing in a search box never waits for the database: ``loading`` holds meanwhile, ``loaded`` is
emitted when it is in, and the answer to a query typed over meanwhile is dropped.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import ClassVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from app.core.i18n import _
from ui import ops

log = logging.getLogger("ui.common")

Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()  # the default parent: tables have no tree


class PagedTableModel(QAbstractTableModel):
    HEADERS: ClassVar[tuple[str, ...]] = ()  # marked with N_, translated when shown
    SORT_KEYS: ClassVar[dict[int, str]] = {}  # column → the query's sort key
    BACKGROUND: ClassVar[bool] = False  # the first page read on a worker thread
    ID_ROLE = Qt.ItemDataRole.UserRole + 1
    WARN = QColor("#c62828")
    PAGE = 100

    loaded = Signal()  # the first page of the current query is in (or failed)

    def __init__(self, query, parent=None):
        super().__init__(parent)
        self.query = query
        self._rows: list = []
        self._cells: list[tuple[str, ...]] = []
        self._cursor = None
        self.total: int | None = 0  # the query's rows, when ``first`` counts them
        self.loading = False
        self._generation = 0  # of the query whose first page is awaited

    # What a subclass provides -------------------------------------------------------------

    def fetch(self, query, after) -> tuple[list, object]:
        """One page of ``query``'s rows after the cursor (None: from the start), and the next
        cursor."""
        raise NotImplementedError

    def first(self, query) -> tuple[list, object, int | None]:
        """The first page of ``query``, its cursor and its number of rows (None: not counted).
        With ``BACKGROUND`` it runs on a worker thread: it reads only its argument."""
        rows, cursor = self.fetch(query, None)
        return rows, cursor, None

    def display(self, row, column: int) -> str:
        raise NotImplementedError

    def warned(self, row) -> bool:
        """Rows shown in red (overdue, returned…)."""
        return False

    def tooltip(self, row) -> str | None:
        """What hovering a row shows; None: the cell's text (cut short in a narrow column)."""
        return None

    def sorted_query(self, key: str, descending: bool):
        """The query sorted by ``key``; queries with ``sort`` and ``descending`` fields need no
        override."""
        return replace(self.query, sort=key, descending=descending)

    # Loading ------------------------------------------------------------------------------

    def reload(self, query=None) -> None:
        """Show the first page of ``query`` (another text, filter or sort), or of the current
        query again."""
        if query is not None:
            self.query = query
        self._generation += 1
        if not self.BACKGROUND:
            self._show_first(self._generation, self.first(self.query))
            return
        generation, query = self._generation, self.query
        self.loading = True
        ops.run_in_background(lambda: self.first(query),
                              lambda result: self._show_first(generation, result),
                              lambda error: self._failed(generation, error))

    def _show_first(self, generation: int, result) -> None:
        if generation != self._generation:  # a later query's page is awaited
            return
        rows, cursor, total = result
        self.beginResetModel()
        self._rows, self._cursor, self.total = list(rows), cursor, total
        self._cells = self._texts(self._rows)
        self.endResetModel()
        self.loading = False
        self.loaded.emit()

    def _failed(self, generation: int, error: Exception) -> None:
        if generation == self._generation:
            self.loading = False
            log.error("loading %s failed: %s", type(self).__name__, error)
            self.loaded.emit()

    def canFetchMore(self, parent: Index = ROOT) -> bool:
        # While another query's first page is on its way, the cursor belongs to the old one.
        return not parent.isValid() and self._cursor is not None and not self.loading

    def fetchMore(self, parent: Index = ROOT) -> None:
        if not self.canFetchMore(parent):
            return
        rows, self._cursor = self.fetch(self.query, self._cursor)
        if not rows:
            return
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(rows) - 1)
        self._rows.extend(rows)
        self._cells.extend(self._texts(rows))
        self.endInsertRows()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if self.can_sort(column):
            self.reload(self.sorted_query(self.SORT_KEYS[column],
                                          order == Qt.SortOrder.DescendingOrder))

    def can_sort(self, column: int) -> bool:
        return column in self.SORT_KEYS

    # Reading ------------------------------------------------------------------------------

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def row_at(self, row: int):
        """What the query returned for the row shown at ``row``."""
        return self._rows[row]

    def row_id(self, row: int) -> int:
        return self._rows[row].id

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cells[index.row()][index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = self.tooltip(row)
            return self._cells[index.row()][index.column()] if tip is None else tip
        if role == Qt.ItemDataRole.ForegroundRole and self.warned(row):
            return self.WARN
        if role == self.ID_ROLE:
            return row.id
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole):
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self.HEADERS)):
            return _(self.HEADERS[section])
        return None

    def _texts(self, rows) -> list[tuple[str, ...]]:
        return [tuple(self.display(row, column) for column in range(len(self.HEADERS)))
                for row in rows]

    def retranslate(self) -> None:
        """Titles and cells again in the current language, from the rows already loaded."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.HEADERS) - 1)
        self._cells = self._texts(self._rows)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._rows) - 1, len(self.HEADERS) - 1))
