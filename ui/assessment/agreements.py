"""The Agreements screen (三方协议): the list, filtered by text, status and year and sorted in SQL,
with each agreement's completion; new, edit and delete through the agreement form."""

from __future__ import annotations

from functools import partial
from typing import ClassVar

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QVBoxLayout,
    QWidget,
)

from app.assessment import agreements
from app.core.changes import Changes
from app.core.i18n import N_, _, format_date
from app.register.common import label
from ui import ops
from ui.assessment.agreement_form import AgreementForm
from ui.common.confirm import confirmed
from ui.common.headers import fit_titles
from ui.common.list_parts import FilterBar, action_buttons, list_table
from ui.common.paged_model import PagedTableModel
from ui.register.record_pages import completion_text, term_text

# What the list shows: it reloads when a change wrote one of these.
SHOWN = ("agreement", "service_log", "commissioner", "person", "organization")


class AgreementTableModel(PagedTableModel):
    """Agreements a page at a time; terminated ones in red."""

    COMMISSIONER, ORGANIZATION, SENDING_UNIT, SIGNED, TERM, STATUS, COMPLETION = range(7)
    HEADERS = (N_("Commissioner"), N_("Service object"), N_("Sending unit"), N_("Signed on"),
               N_("Term"), N_("Status"), N_("Completion"))
    SORT_KEYS: ClassVar[dict[int, str]] = {COMMISSIONER: "commissioner",
                                           ORGANIZATION: "organization", SIGNED: "signed_on",
                                           TERM: "term_end", STATUS: "status"}

    def __init__(self, parent=None):
        super().__init__(agreements.AgreementQuery(), parent)

    def fetch(self, query, after):
        page = agreements.agreements_page(query, after=after, limit=self.PAGE)
        return list(page.rows), page.cursor

    def warned(self, row: agreements.AgreementView) -> bool:
        return row.values.status == "terminated"

    def tooltip(self, row: agreements.AgreementView) -> str:
        return row.values.targets_text

    def display(self, row: agreements.AgreementView, column: int) -> str:
        v = row.values
        return {
            self.COMMISSIONER: row.commissioner, self.ORGANIZATION: row.organization,
            self.SENDING_UNIT: row.sending_unit, self.SIGNED: format_date(v.signed_on),
            self.TERM: term_text(v.term_start, v.term_end),
            self.STATUS: label(agreements.STATUS_LABELS, v.status),
            self.COMPLETION: completion_text(row.completion),
        }[column]


class AgreementsView(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.active_dialog = None
        self.filters = FilterBar(agreements.STATUS_LABELS, self)
        self.filters.changed.connect(self.apply_filters)
        self.search, self.status, self.year = (self.filters.search, self.filters.choice,
                                               self.filters.year)
        actions, self.buttons = action_buttons("agreement", (
            ("new", self.new_agreement), ("edit", self.edit_current),
            ("delete", self.delete_current)))

        self.model = AgreementTableModel(self)
        self.table, self.empty_state = list_table(self.model, AgreementTableModel.SIGNED,
                                                  (110, 240, 200, 110, 200, 80, 90))
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(AgreementTableModel.ORGANIZATION,
                                    QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(lambda _index: self.edit_current())

        layout = QVBoxLayout(self)
        layout.addLayout(self.filters.layout)
        layout.addLayout(actions)
        layout.addWidget(self.table, 1)
        ops.hub().changes_made.connect(self._changed_elsewhere)
        self.retranslate()

    def retranslate(self) -> None:
        self.filters.retranslate(_("Search commissioner, service object or sending unit"),
                                 _("Any status"), _("Agreements whose term covers this year"))
        for name, text, tip in (
                ("new", _("New agreement…"), _("Record a three-party agreement")),
                ("edit", _("Edit…"), _("Change the selected agreement")),
                ("delete", _("Delete"), _("Move the selected agreement to the recycle bin"))):
            self.buttons[name].setText(text)
            self.buttons[name].setToolTip(tip)
        self.model.retranslate()
        fit_titles(self.table)
        self.empty_state.retranslate()

    def apply_filters(self) -> None:
        q = self.model.query
        self.model.reload(agreements.AgreementQuery(
            text=self.search.text(), status=self.status.currentData(),
            year=self.filters.chosen_year(), sort=q.sort, descending=q.descending))

    def refresh(self) -> None:
        self.model.reload()

    def _changed_elsewhere(self, changes: Changes) -> None:
        if self.isVisible() and changes.touches(*SHOWN):
            self.refresh()

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_id(rows[0].row()) if rows else None

    def _open(self, dialog) -> None:
        self.active_dialog = dialog
        dialog.open()

    def new_agreement(self) -> None:
        self._open(AgreementForm(None, self))

    def edit_current(self) -> None:
        if (agreement_id := self.selected_id()) is not None:
            self._open(AgreementForm(agreement_id, self))

    def delete_current(self) -> None:
        agreement_id = self.selected_id()
        if agreement_id is not None and confirmed(
                self, _("Delete agreement"), _("Move the selected agreement to the recycle bin?")):
            ops.run(partial(agreements.delete_agreement, agreement_id), parent=self,
                    title=_("Delete agreement"))
