"""The Service logs screen: the list (filtered and sorted in SQL, loaded in pages) with the sums of
its counters, the log form, verification (approve, return with a note) and batch training entry."""

from __future__ import annotations

from functools import partial
from typing import ClassVar

from PySide6.QtWidgets import (
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.activities import service_logs as logs
from app.core.changes import Changes
from app.core.i18n import N_, _, format_date, format_decimal, format_wan, ngettext
from app.register.common import label
from ui import ops
from ui.activities.service_log_forms import ServiceLogForm, TrainingForm
from ui.common.headers import fit_titles
from ui.common.list_parts import FilterBar, action_buttons, list_table
from ui.common.paged_model import PagedTableModel
from ui.ops import run_in_background

# What the list shows: it reloads when a change wrote one of these.
SHOWN = ("service_log", "service_log_commissioner", "commissioner", "person", "organization")


class ServiceLogTableModel(PagedTableModel):
    """Service logs filtered and sorted in SQL, a page at a time; returned logs in red."""

    DATE, COMMISSIONERS, ORGANIZATION, KIND, MODE, DAYS, TRAINED, OUTPUT, VERIFICATION = range(9)
    HEADERS = (N_("Date"), N_("Commissioners"), N_("Organization"), N_("Kind"), N_("Mode"),
               N_("Days"), N_("People trained"), N_("Output value"), N_("Verification"))
    SORT_KEYS: ClassVar[dict[int, str]] = {DATE: "date", ORGANIZATION: "organization",
                                           KIND: "kind", VERIFICATION: "verification"}

    def __init__(self, parent=None):
        super().__init__(logs.LogQuery(), parent)

    def fetch(self, query: logs.LogQuery, after):
        page = logs.page(query, after=after, limit=self.PAGE)
        return list(page.rows), page.cursor

    def warned(self, row: logs.LogRow) -> bool:
        return row.verification == "returned"

    def tooltip(self, row: logs.LogRow) -> str:
        return row.verification_note or row.content

    def display(self, row: logs.LogRow, column: int) -> str:
        return {
            self.DATE: format_date(row.date), self.COMMISSIONERS: row.commissioners,
            self.ORGANIZATION: row.organization, self.KIND: label(logs.SERVICE_KIND_LABELS, row.kind),
            self.MODE: label(logs.MODE_LABELS, row.mode), self.DAYS: format_decimal(row.days),
            self.TRAINED: str(row.people_trained), self.OUTPUT: format_wan(row.output_value),
            self.VERIFICATION: label(logs.VERIFICATION_LABELS, row.verification),
        }[column]

class ServiceLogsView(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.active_dialog = None
        self.filters = FilterBar(logs.VERIFICATION_LABELS, self)
        self.filters.changed.connect(self.apply_filters)
        self.search, self.verification, self.year = (self.filters.search, self.filters.choice,
                                                     self.filters.year)
        actions, self.buttons = action_buttons("serviceLog", (
            ("new", self.new_log), ("edit", self.edit_current), ("approve", self.approve),
            ("return", self.return_selected), ("training", self.new_training),
            ("delete", self.delete_current)))

        self.model = ServiceLogTableModel(self)
        self.table, self.empty_state = list_table(self.model, ServiceLogTableModel.DATE,
                                                  (130, 170, 240, 100, 60, 50, 70, 110, 70))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(ServiceLogTableModel.ORGANIZATION, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(lambda _index: self.edit_current())
        self.totals = QLabel()
        self.totals.setObjectName("serviceLogTotals")
        self.totals.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addLayout(self.filters.layout)
        layout.addLayout(actions)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.totals)
        self._totals: logs.Totals | None = None  # of self._totals_of, once counted
        self._totals_of: logs.LogQuery | None = None
        ops.hub().changes_made.connect(self._changed_elsewhere)
        self.retranslate()

    def retranslate(self) -> None:
        self.filters.retranslate(_("Search content, organization or commissioner"),
                                 _("Any verification"), _("Year"))
        for name, text in (("new", _("New log…")), ("edit", _("Edit…")), ("approve", _("Approve")),
                           ("return", _("Return…")), ("training", _("Training for several…")),
                           ("delete", _("Delete"))):
            self.buttons[name].setText(text)
        for name, tip in (("new", _("Record one visit or service to an organization")),
                          ("edit", _("Change the selected log")),
                          ("approve", _("Mark the selected logs as verified")),
                          ("return", _("Send the selected logs back with a reason")),
                          ("training", _("One training given to several organizations: a log "
                                         "for each")),
                          ("delete", _("Move the selected log to the recycle bin"))):
            self.buttons[name].setToolTip(tip)
        self.model.retranslate()
        fit_titles(self.table)
        self.empty_state.retranslate()
        self._show_totals()

    def apply_filters(self) -> None:
        q = self.model.query
        self.model.reload(logs.LogQuery(self.search.text(), self.verification.currentData(),
                                        year=self.filters.chosen_year(), sort=q.sort,
                                        descending=q.descending))
        self._count_totals()

    def shown_list(self) -> tuple[str, object]:
        """The list as shown (search and filters), for File → Export list."""
        return "service-logs", self.model.query

    def refresh(self) -> None:
        self.model.reload()
        self._count_totals()

    def _count_totals(self) -> None:
        """The footer's sums, counted on a worker (a province's 500,000 logs take a while); an
        answer for a query changed meanwhile is dropped."""
        query = self._totals_of = self.model.query
        self.totals.setText(_("Counting…"))
        run_in_background(lambda: logs.totals(query), lambda t: self._totals_in(query, t))

    def _totals_in(self, query: logs.LogQuery, totals: logs.Totals) -> None:
        if isValid(self) and query == self._totals_of:
            self._totals = totals
            self._show_totals()

    def _show_totals(self) -> None:
        t = self._totals
        if t is None:
            return
        counters = "  ".join(f"{_(logs.COUNTER_LABELS[name])} {value}"
                             for name, value in t.counters.items())
        self.totals.setText(ngettext("{logs} log, {days} days. {counters}  Output value {output}",
                                     "{logs} logs, {days} days. {counters}  Output value {output}",
                                     t.logs).format(
            logs=t.logs, days=format_decimal(t.days), counters=counters,
            output=format_wan(t.output_value)))

    def selected_ids(self) -> list[int]:
        return [self.model.row_id(i.row()) for i in self.table.selectionModel().selectedRows()]

    def _changed_elsewhere(self, changes: Changes) -> None:
        if self.isVisible() and changes.touches(*SHOWN):
            self.refresh()

    def _open(self, dialog) -> None:
        self.active_dialog = dialog
        dialog.open()

    def new_log(self) -> None:
        self._open(ServiceLogForm(None, self))

    def new_training(self) -> None:
        self._open(TrainingForm(self))

    def edit_current(self) -> None:
        ids = self.selected_ids()
        if ids:
            self._open(ServiceLogForm(logs.get_log(ids[0]), self))

    def _run(self, op) -> None:
        ops.run(op, parent=self, title=_("Service logs"))

    def approve(self) -> None:
        ids = self.selected_ids()
        if ids:
            self._run(partial(logs.approve, ids))

    def return_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        dialog = QInputDialog(self)
        dialog.setWindowTitle(_("Return service logs"))
        dialog.setLabelText(_("What needs to be corrected?"))
        dialog.textValueSelected.connect(lambda note: self._run(partial(logs.return_logs, ids, note)))
        self.active_dialog = dialog
        dialog.open()

    def delete_current(self) -> None:
        ids = self.selected_ids()
        if ids and QMessageBox.question(self, _("Delete service log"),
                                        _("Move the selected log to the recycle bin?")
                                        ) == QMessageBox.StandardButton.Yes:
            self._run(partial(logs.delete_log, ids[0]))
