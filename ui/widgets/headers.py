"""Column widths that follow the titles of the current language."""

from __future__ import annotations

from PySide6.QtWidgets import QHeaderView, QTableView


def fit_titles(table: QTableView) -> None:
    """Widen each user-sized column to at least its title; call again after a language switch."""
    header = table.horizontalHeader()
    for section in range(header.count()):
        if header.sectionResizeMode(section) == QHeaderView.ResizeMode.Interactive:
            header.resizeSection(section, max(header.sectionSize(section),
                                              header.sectionSizeHint(section)))
