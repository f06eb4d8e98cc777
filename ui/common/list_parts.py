"""What the paged list screens (events, service logs, agreements) are built of: the bar of a
search box, one coded filter and a year, and the table that shows a paged model."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
)

from app.core.i18n import _
from ui.common.empty_state import EmptyState
from ui.common.form import labelled
from ui.common.headers import set_sorted_model
from ui.common.paged_model import PagedTableModel


class FilterBar(QObject):
    """``search``, ``choice`` (one of a domain's coded labels, or any) and ``year`` (0: all
    years) side by side in ``layout``; ``changed`` when any of them moves."""

    changed = Signal()

    def __init__(self, labels: dict[str, str], parent: QObject | None = None):
        super().__init__(parent)
        self.labels = labels
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.changed)
        self.choice = QComboBox()
        # Sized by the layout, not by its longest label, so the search box keeps its room.
        self.choice.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.choice.setMinimumContentsLength(12)
        self.choice.currentIndexChanged.connect(self.changed)
        self.year = QSpinBox()
        self.year.setRange(0, 2100)
        self.year.valueChanged.connect(self.changed)
        self.layout = QHBoxLayout()
        self.layout.addWidget(self.search, 2)
        self.layout.addWidget(self.choice, 1)
        self.layout.addWidget(self.year)

    def retranslate(self, placeholder: str, any_choice: str, year_tip: str) -> None:
        """The texts in the current language; the chosen filter stays chosen, unannounced."""
        self.search.setPlaceholderText(placeholder)
        current = self.choice.currentData()
        self.choice.blockSignals(True)
        self.choice.clear()
        self.choice.addItem(any_choice, None)
        for text, code in labelled(self.labels):
            self.choice.addItem(text, code)
        self.choice.setCurrentIndex(max(self.choice.findData(current), 0))
        self.choice.blockSignals(False)
        self.year.setPrefix(_("Year") + " ")
        self.year.setSpecialValueText(_("All years"))
        self.year.setToolTip(year_tip)

    def chosen_year(self) -> int | None:
        return self.year.value() or None


def list_table(model: PagedTableModel, sort_column: int,
               widths: tuple[int, ...] = ()) -> tuple[QTableView, EmptyState]:
    """A read-only table of whole rows at a fixed height, newest first by ``sort_column``, its
    columns sized by the officer (``widths`` to start with), and the text it shows when empty."""
    table = QTableView()
    set_sorted_model(table, model, sort_column, Qt.SortOrder.DescendingOrder)
    empty_state = EmptyState(table)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(26)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    for column, width in enumerate(widths):
        table.setColumnWidth(column, width)
    return table, empty_state


def action_buttons(prefix: str, slots) -> tuple[QHBoxLayout, dict[str, QPushButton]]:
    """A row of buttons named ``{prefix}_{name}`` for (name, slot) pairs, texts set later by
    the screen's ``retranslate``."""
    row, buttons = QHBoxLayout(), {}
    for name, slot in slots:
        button = QPushButton()
        button.setObjectName(f"{prefix}_{name}")
        button.clicked.connect(slot)
        buttons[name] = button
        row.addWidget(button)
    row.addStretch()
    return row, buttons
