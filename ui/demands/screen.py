"""The Demands screen: filters, a board (one column per state) and a paged table; a double click
opens the demand page. Demands are expired by the main window, at start and at each new day."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.core import dictionaries
from app.core.changes import Changes
from app.core.errors import UserError
from app.core.i18n import N_, _, format_date
from app.demands import lifecycle as demands
from app.demands import queries as demand_queries
from app.demands.queries import DemandFilter
from ui import ops
from ui.common.empty_state import EmptyState
from ui.common.headers import set_sorted_model
from ui.common.message_line import MessageLine
from ui.common.paged_model import Index, PagedTableModel
from ui.demands.board import DemandBoard
from ui.demands.dialogs import CLAIM_DECISIONS, DEMAND_TABLES, demand_form, start_action
from ui.demands.page import DemandPage, status_label


class DemandTableModel(PagedTableModel):
    """Demands filtered and sorted in SQL, loaded a page at a time; overdue rows in red."""

    NUMBER, TITLE, ORGANIZATION, FIELD, STATUS, PUBLISHED, DEADLINE, FINISH, CLAIMS = range(9)
    HEADERS = (N_("Number"), N_("Demand title"), N_("Organization"), N_("Industry field"),
               N_("Status"), N_("Published on"), N_("Claim deadline"), N_("Expected finish"),
               N_("Claims"))
    SORT_KEYS: ClassVar[dict[int, str]] = {
        NUMBER: "number", TITLE: "title", ORGANIZATION: "organization", STATUS: "status",
        PUBLISHED: "published_on", DEADLINE: "claim_deadline", FINISH: "expected_finish"}
    OVERDUE_ROLE = Qt.ItemDataRole.UserRole + 2

    def __init__(self, parent=None):
        super().__init__(DemandFilter(), parent)
        self.sort_key, self.descending = "number", True
        self._fields: dict[str, str] = {}

    def reload(self, query: DemandFilter | None = None) -> None:
        self._fields = dictionaries.names("industry_field")
        super().reload(query)

    def fetch(self, query: DemandFilter, after):
        """Pages by offset: the list sorts by columns that are not unique."""
        offset = after or 0
        rows = demand_queries.list_demands(query, date.today(), self.sort_key,
                                           self.descending, offset, self.PAGE)
        return rows, offset + len(rows) if len(rows) == self.PAGE else None

    def sorted_query(self, key: str, descending: bool) -> DemandFilter:
        self.sort_key, self.descending = key, descending
        return self.query

    def warned(self, row: demand_queries.DemandRow) -> bool:
        return row.overdue

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if role == self.OVERDUE_ROLE and index.isValid():
            return self._rows[index.row()].overdue
        return super().data(index, role)

    def display(self, row: demand_queries.DemandRow, column: int) -> str:
        return {
            self.NUMBER: row.number, self.TITLE: row.title, self.ORGANIZATION: row.organization,
            self.FIELD: self._fields.get(row.industry_field or "", row.industry_field or ""),
            self.STATUS: status_label(row.status), self.PUBLISHED: format_date(row.published_on),
            self.DEADLINE: format_date(row.claim_deadline),
            self.FINISH: format_date(row.expected_finish), self.CLAIMS: str(row.claims),
        }[column]

class DemandsView(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.active_dialog = None
        self.page: DemandPage | None = None
        self.new_button = QPushButton()
        self.new_button.clicked.connect(self.new_demand)
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.refresh)
        self.status_box, self.field_box, self.street_box, self.year_box = (
            QComboBox() for _i in range(4))
        for box in (self.status_box, self.field_box, self.street_box, self.year_box):
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.setMinimumContentsLength(4)
            box.currentIndexChanged.connect(self.refresh)
        self.overdue_box = QCheckBox()
        self.overdue_box.toggled.connect(self.refresh)
        top = QHBoxLayout()
        top.addWidget(self.new_button)
        top.addWidget(self.search, 1)
        top.addWidget(self.overdue_box)
        filters = QHBoxLayout()
        for box in (self.status_box, self.field_box, self.street_box, self.year_box):
            filters.addWidget(box)

        self.message = MessageLine("boardMessage")
        self.board = DemandBoard()
        self.board.card_dropped.connect(self.move_card)
        self.board.card_opened.connect(self.open_demand)
        self.model = DemandTableModel(self)
        self.table = QTableView()
        set_sorted_model(self.table, self.model, DemandTableModel.NUMBER,
                         Qt.SortOrder.DescendingOrder)
        self.empty_state = EmptyState(self.table)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(DemandTableModel.TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(DemandTableModel.ORGANIZATION, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(DemandTableModel.ORGANIZATION, 200)
        self.table.doubleClicked.connect(lambda index: self.open_demand(self.model.row_id(index.row())))
        # The nine columns scroll sideways when their titles are too long for the window.
        board_area = QScrollArea(widgetResizable=True, frameShape=QFrame.Shape.NoFrame)
        board_area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        board_area.setWidget(self.board)
        self.tabs = QTabWidget()
        self.tabs.addTab(board_area, "")
        self.tabs.addTab(self.table, "")

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.message)
        layout.addWidget(self.tabs, 1)

        self._fill_filters()
        ops.hub().changes_made.connect(self._changed_elsewhere)
        self.retranslate()

    # Filters ------------------------------------------------------------------------------

    def _fill_filters(self) -> None:
        """(Re)fill the filter boxes in the current language, keeping what is chosen."""
        kept = [box.currentData() for box in
                (self.status_box, self.field_box, self.street_box, self.year_box)]
        choices = [
            [(s, _(label)) for s, label in demands.STATUS_LABELS.items()],
            [(c.value, c.label) for c in demand_queries.dictionary_choices("industry_field")],
            [(c.value, c.label) for c in demand_queries.dictionary_choices("street")],
            [(y, str(y)) for y in range(date.today().year, date.today().year - 6, -1)],
        ]
        empties = (_("All statuses"), _("All fields"), _("All streets"), _("All years"))
        boxes = (self.status_box, self.field_box, self.street_box, self.year_box)
        for box, items, empty, value in zip(boxes, choices, empties, kept, strict=True):
            box.blockSignals(True)
            box.clear()
            box.addItem(empty, None)
            for data, label in items:
                box.addItem(label, data)
            box.setCurrentIndex(max(0, box.findData(value)) if value is not None else 0)
            box.blockSignals(False)

    def filters(self) -> DemandFilter:
        return DemandFilter(
            text=self.search.text(), status=self.status_box.currentData(),
            industry_field=self.field_box.currentData(), street_code=self.street_box.currentData(),
            year=self.year_box.currentData(), overdue_only=self.overdue_box.isChecked())

    # Data ---------------------------------------------------------------------------------

    def shown_list(self) -> tuple[str, object]:
        """The list as shown (search and filters), for File → Export list."""
        return "demands", self.filters()

    def refresh(self) -> None:
        filters = self.filters()
        self.board.set_rows(demand_queries.board(date.today(), filters))
        self.model.reload(filters)

    # Actions ------------------------------------------------------------------------------

    def _changed_elsewhere(self, changes: Changes) -> None:
        if self.isVisible() and changes.touches(*DEMAND_TABLES):
            self.message.say("")
            self.refresh()

    def move_card(self, demand_id: int, target: str) -> None:
        """A card dropped on another column: run that transition, or say why it cannot be."""
        try:
            action = demands.action_for_move(demand_id, target)
        except UserError as error:
            self.message.say(error.message)
            return
        if action in CLAIM_DECISIONS:
            self.open_demand(demand_id)
            self.message.say(_("Choose the claim to decide on the demand page."))
            return
        start_action(self, demand_id, action, lambda _changes: None,
                     lambda error: self.message.say(error.message))

    def new_demand(self) -> None:
        self.active_dialog = demand_form(self)
        self.active_dialog.open()

    def open_demand(self, demand_id: int) -> DemandPage:
        if self.page is not None:
            self.page.close()
        self.page = DemandPage(demand_id, self)
        self.page.show()
        return self.page

    # Language -----------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.new_button.setText(_("New demand…"))
        self.new_button.setToolTip(_("Register a demand an enterprise has put forward"))
        self.empty_state.retranslate()
        self.search.setPlaceholderText(_("Search number, title or organization (pinyin too)"))
        self.overdue_box.setText(_("Overdue only"))
        self.tabs.setTabText(0, _("Board"))
        self.tabs.setTabText(1, _("Table"))
        self._fill_filters()
        self.board.retranslate()
        self.model.retranslate()
        if self.page is not None:
            self.page.retranslate()
        if self.isVisible():  # the cards are reloaded in the language; a hidden board is when shown
            self.refresh()
