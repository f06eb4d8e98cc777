"""The Events screen: the list (filtered and sorted in SQL, loaded in pages) and, on Enter or a
double click, the event page; the check-in screen opens from the event page."""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtWidgets import (
    QAbstractItemView,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.activities import events
from app.core.changes import Changes
from app.core.i18n import N_, _
from app.register.common import label
from ui import ops
from ui.activities.checkin import CheckinScreen
from ui.activities.event_forms import EventForm
from ui.activities.event_page import EVENT_TABLES, EventPage, time_span
from ui.common.headers import fit_titles
from ui.common.list_parts import FilterBar, list_table
from ui.common.paged_model import PagedTableModel

TITLE_WIDTH = 280  # pixels


class EventTableModel(PagedTableModel):
    """Events filtered and sorted in SQL, loaded a page at a time (keyset cursor)."""

    KIND, TITLE, WHEN, PLACE, ORGANIZER, ATTENDED, OUTCOMES = range(7)
    HEADERS = (N_("Kind"), N_("Event title"), N_("Time"), N_("Place"), N_("Organizer"),
               N_("Attended / invited"), N_("Outcomes"))
    SORT_KEYS: ClassVar[dict[int, str]] = {KIND: "kind", TITLE: "title", WHEN: "starts_at",
                                           PLACE: "place"}

    def __init__(self, parent=None):
        super().__init__(events.EventQuery(), parent)

    def fetch(self, query: events.EventQuery, after):
        page = events.page(query, after=after, limit=self.PAGE)
        return list(page.rows), page.cursor

    def display(self, row: events.EventData, column: int) -> str:
        return {
            self.KIND: label(events.EVENT_KIND_LABELS, row.kind), self.TITLE: row.title,
            self.WHEN: time_span(row.starts_at, row.ends_at), self.PLACE: row.place,
            self.ORGANIZER: row.organizer, self.ATTENDED: f"{row.attended} / {row.invited}",
            self.OUTCOMES: str(row.outcomes),
        }[column]

class EventsView(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.active_dialog = None
        self.checkin_screen: CheckinScreen | None = None
        self.filters = FilterBar(events.EVENT_KIND_LABELS, self)
        self.filters.changed.connect(self.apply_filters)
        self.search, self.kind, self.year = (self.filters.search, self.filters.choice,
                                             self.filters.year)
        self.new_button = QPushButton()
        self.new_button.clicked.connect(self.new_event)
        self.open_button = QPushButton()
        self.open_button.clicked.connect(self.open_current)
        bar = self.filters.layout
        bar.addWidget(self.open_button)
        bar.addWidget(self.new_button)

        self.model = EventTableModel(self)
        self.table, self.empty_state = list_table(self.model, EventTableModel.WHEN)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        # The title keeps room to be read; the last column takes what is left, and long titles
        # of other columns (pseudo-translation) scroll sideways instead of squeezing it.
        header.setStretchLastSection(True)
        header.resizeSection(EventTableModel.TITLE, TITLE_WIDTH)
        self.table.activated.connect(lambda index: self.open_event(self.model.row_id(index.row())))
        self.model.modelReset.connect(self._fit_first_rows)

        list_page = QWidget()
        list_layout = QVBoxLayout(list_page)
        list_layout.addLayout(bar)
        list_layout.addWidget(self.table, 1)
        self.page = EventPage()
        self.page.back_requested.connect(self.show_list)
        self.page.check_in_requested.connect(self.open_check_in)
        ops.hub().changes_made.connect(self._changed_elsewhere)
        self.stack = QStackedWidget()
        self.stack.addWidget(list_page)
        self.stack.addWidget(self.page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.retranslate()

    def retranslate(self) -> None:
        self.filters.retranslate(_("Search title, place or organizer"), _("All kinds"), _("Year"))
        self.new_button.setText(_("New event…"))
        self.open_button.setText(_("Open"))
        self.new_button.setToolTip(_("Plan a new event and invite people to it"))
        self.open_button.setToolTip(_("Open the page of the selected event"))
        self.model.retranslate()
        fit_titles(self.table)
        self.empty_state.retranslate()
        self.page.retranslate()
        if self.checkin_screen is not None:
            self.checkin_screen.retranslate()
        self._fit_cells()

    def _fit_cells(self) -> None:
        """Kinds and times are as wide as they read (longer in English)."""
        for column in (EventTableModel.KIND, EventTableModel.WHEN):
            self.table.resizeColumnToContents(column)

    def _fit_first_rows(self) -> None:
        """Built before its rows came, the table knew only its titles: fit the first rows once,
        and leave the widths to the officer after that."""
        if self.model.rowCount():
            self.model.modelReset.disconnect(self._fit_first_rows)
            self._fit_cells()

    def apply_filters(self) -> None:
        query = self.model.query
        self.model.reload(events.EventQuery(self.search.text(), self.kind.currentData(),
                                            self.filters.chosen_year(), query.sort, query.descending))

    def shown_list(self) -> tuple[str, object]:
        """The list as shown (search and filters), for File → Export list."""
        return "events", self.model.query

    def refresh(self) -> None:
        self.model.reload()
        if self.stack.currentWidget() is self.page and self.page.shown is not None:
            self.page.show_event(self.page.shown.id)

    def _changed_elsewhere(self, changes: Changes) -> None:
        if self.isVisible() and changes.touches(*EVENT_TABLES):
            self.model.reload()  # the page shows its event again itself

    def show_list(self) -> None:
        self.stack.setCurrentIndex(0)
        self.model.reload()
        self.table.setFocus()

    def open_current(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.open_event(self.model.row_id(rows[0].row()))

    def open_event(self, event_id: int) -> None:
        self.page.show_event(event_id)
        self.stack.setCurrentWidget(self.page)

    def new_event(self) -> None:
        self.active_dialog = dialog = EventForm(None, self)
        dialog.accepted.connect(lambda: self.open_event(dialog.saved.id))
        dialog.open()

    def open_check_in(self, event_id: int) -> None:
        self.checkin_screen = CheckinScreen(event_id, self)
        self.checkin_screen.finished.connect(lambda _r: self._check_in_closed(event_id))
        self.checkin_screen.show()

    def _check_in_closed(self, event_id: int) -> None:
        self.checkin_screen = None
        self.open_event(event_id)
