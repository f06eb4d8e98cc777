"""Column headers: widths that follow the titles of the current language and the rows shown
first, and a table's model set with its sort order."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import QHeaderView, QTableView

SAMPLED_ROWS = 50


def set_sorted_model(table: QTableView, model: QAbstractItemModel, column: int,
                     order: Qt.SortOrder) -> None:
    """Sortable by its headers, showing the order ``model`` already has (``column``, ``order``).
    Set before the model: with a model, enabling sorting or moving the indicator sorts it, that
    is loads a page, which the screen's first refresh then loads again."""
    header = table.horizontalHeader()
    header.setSortIndicator(column, order)
    table.setSortingEnabled(True)
    table.setModel(model)
    shown = [column, order]

    def keep_sortable(column: int, order: Qt.SortOrder) -> None:
        """A column the model cannot sort by does not take the arrow (it would promise an
        order the rows do not have)."""
        can_sort = getattr(model, "can_sort", None)
        if can_sort is None or can_sort(column):
            shown[:] = [column, order]
            return
        blocked = header.blockSignals(True)
        header.setSortIndicator(*shown)
        header.blockSignals(blocked)

    header.sortIndicatorChanged.connect(keep_sortable)


def fit_contents(table: QTableView) -> None:
    """Size the columns to their titles and the first rows: a table may hold thousands, and
    sizing from every row would read each of them."""
    table.horizontalHeader().setResizeContentsPrecision(SAMPLED_ROWS)
    table.resizeColumnsToContents()


def fit_titles(table: QTableView) -> None:
    """Widen each user-sized column to at least its title; call again after a language switch."""
    header = table.horizontalHeader()
    for section in range(header.count()):
        if header.sectionResizeMode(section) == QHeaderView.ResizeMode.Interactive:
            header.resizeSection(section, max(header.sectionSize(section),
                                              header.sectionSizeHint(section)))
