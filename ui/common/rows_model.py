"""A read-only table of a few already-loaded rows (a demand's claims, a record page's tab…).

Long lists page from SQL (ui.common.paged_model); these lists are short by nature (one
record's children), so they are loaded whole.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from app.core.i18n import _

Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()


@dataclass(frozen=True)
class Row:
    cells: tuple[str, ...]
    id: object = None  # what the row stands for: an id, or an (entity, id) reference
    warn: bool = False  # shown in red


class RowsModel(QAbstractTableModel):
    ID_ROLE = Qt.ItemDataRole.UserRole + 1
    WARN_COLOR = QColor("#c62828")

    def __init__(self, headers: Callable[[], Sequence[str]] = tuple, parent=None):
        super().__init__(parent)
        self._headers = headers  # called when shown, so a language switch retitles the columns
        self._rows: list[Row] = []

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def set_table(self, table) -> None:
        """Show an ``app.register.related.Table``: titles marked with N_, rows of texts, and the
        record each row refers to (or None)."""
        self._headers = lambda: [_(title) for title in table.columns]
        self.set_rows([Row(tuple(cells), ref) for cells, ref in
                       zip(table.rows, table.refs, strict=True)])

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self._headers()) - 1)

    def row_id(self, row: int) -> int | None:
        return self._rows[row].id

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self._headers())

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return row.cells[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and row.warn:
            return self.WARN_COLOR
        if role == self.ID_ROLE:
            return row.id
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers()[section]
        return None
