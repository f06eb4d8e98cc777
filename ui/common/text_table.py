"""A read-only table of texts, its columns sized to their content: what the package and edit-conflict
dialogs show."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QTableWidget, QTableWidgetItem


def _item(text: str | None) -> QTableWidgetItem:
    item = QTableWidgetItem(text or "")
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    return item


def text_table(headers: list[str], rows: list[list[str | None]]) -> QTableWidget:
    table = QTableWidget(len(rows), len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.setItem(r, c, _item(text))
    return table
