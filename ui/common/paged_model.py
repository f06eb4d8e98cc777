"""The table model of every long list: rows an app query returns a page at a time.

The query sorts and filters in SQL; the model keeps the rows loaded so far and asks for the next
page when the view scrolls near the end (``canFetchMore``/``fetchMore``). A subclass says how to
fetch a page, how to show a row and how to sort; the cursor is whatever its query pages by (a
keyset tuple or an offset), ``None`` once the last page came.
"""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from app.core.i18n import _

Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()


class PagedTableModel(QAbstractTableModel):
    HEADERS: ClassVar[tuple[str, ...]] = ()  # marked with N_, translated when shown
    SORT_KEYS: ClassVar[dict[int, str]] = {}  # column → the query's sort key
    ID_ROLE = Qt.ItemDataRole.UserRole + 1
    WARN = QColor("#c62828")
    PAGE = 100

    def __init__(self, query, parent=None):
        super().__init__(parent)
        self.query = query
        self._rows: list = []
        self._cursor = None

    # What a subclass provides -------------------------------------------------------------

    def fetch(self, after) -> tuple[list, object]:
        """One page of rows after the cursor (None: from the start), and the next cursor."""
        raise NotImplementedError

    def display(self, row, column: int) -> str:
        raise NotImplementedError

    def warned(self, row) -> bool:
        """Rows shown in red (overdue, returned…)."""
        return False

    def tooltip(self, row) -> str | None:
        return None

    def sorted_query(self, key: str, descending: bool):
        """The query sorted by ``key``; queries with ``sort`` and ``descending`` fields need no
        override."""
        return replace(self.query, sort=key, descending=descending)

    # The model ----------------------------------------------------------------------------

    def reload(self, query=None) -> None:
        if query is not None:
            self.query = query
        self.beginResetModel()
        self._rows, self._cursor = self.fetch(None)
        self.endResetModel()

    def canFetchMore(self, parent: Index = ROOT) -> bool:
        return not parent.isValid() and self._cursor is not None

    def fetchMore(self, parent: Index = ROOT) -> None:
        if parent.isValid() or self._cursor is None:
            return
        rows, self._cursor = self.fetch(self._cursor)
        if not rows:
            return
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(rows) - 1)
        self._rows.extend(rows)
        self.endInsertRows()

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def row_id(self, row: int) -> int:
        return self._rows[row].id

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(row, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(row)
        if role == Qt.ItemDataRole.ForegroundRole and self.warned(row):
            return self.WARN
        if role == self.ID_ROLE:
            return row.id
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(self.HEADERS[section])
        return None

    def retranslate(self) -> None:
        """Titles and cells again in the current language, from the rows already loaded."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.HEADERS) - 1)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._rows) - 1, len(self.HEADERS) - 1))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if column in self.SORT_KEYS:
            self.reload(self.sorted_query(self.SORT_KEYS[column],
                                          order == Qt.SortOrder.DescendingOrder))
