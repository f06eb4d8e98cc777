"""One demand: its fields, the actions its state allows, its claims, history, recommendations
and evaluation."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.changes import Changes
from app.core.errors import UserError
from app.core.i18n import N_, _, format_date, format_datetime, format_wan, join_list
from app.demands import lifecycle as demands
from app.demands import matching
from app.demands import queries as demand_queries
from ui import ops
from ui.common.message_line import MessageLine
from ui.common.rows_model import Row, RowsModel
from ui.demands.dialogs import CLAIM_DECISIONS, DEMAND_TABLES, demand_form, start_action

# How a demand or a claim came (not its status: "claimed" read as 已认领, the status).
SOURCE_LABELS = {"claimed": N_("Claimed by a commissioner"), "assigned": N_("Assigned by the officer")}


def status_label(status: str | None) -> str:
    return _(demands.STATUS_LABELS[status]) if status else ""


def table(model: RowsModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return view


class DemandPage(QDialog):
    FIELDS = ("number", "title", "organization", "industry_field", "kind", "budget", "status",
              "published_on", "claim_deadline", "expected_finish", "max_accepted", "source")

    def __init__(self, demand_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.demand_id = demand_id
        self.active_dialog: QDialog | None = None
        self.resize(980, 680)
        self.labels: dict[str, QLabel] = {}
        self.values: dict[str, QLabel] = {}
        form = QFormLayout()
        columns = QHBoxLayout()
        second = QFormLayout()
        for i, name in enumerate(self.FIELDS):
            self.labels[name], self.values[name] = QLabel(), QLabel()
            self.values[name].setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            (form if i < 6 else second).addRow(self.labels[name], self.values[name])
        columns.addLayout(form, 1)
        columns.addLayout(second, 1)
        self.description = QLabel(wordWrap=True)
        self.message = MessageLine("demandMessage")
        self.action_bar = QHBoxLayout()
        self.action_buttons: dict[str, QPushButton] = {}
        self.edit_button = QPushButton()
        self.edit_button.clicked.connect(self.edit)

        self.claims_model = RowsModel(lambda: [
            _("Commissioner"), _("Claimed on"), _("Source"), _("Status"), _("Decided on"),
            _("Plan"), _("Decision note")])
        self.claims_view = table(self.claims_model)
        self.claims_view.selectionModel().selectionChanged.connect(self._enable_claim_buttons)
        self.claim_status: dict[int, str] = {}
        self.claim_buttons: dict[str, QPushButton] = {}
        claim_bar = QHBoxLayout()
        for action in CLAIM_DECISIONS:
            button = QPushButton()
            button.clicked.connect(lambda _c=False, a=action: self.decide(a))
            self.claim_buttons[action] = button
            claim_bar.addWidget(button)
        claim_bar.addStretch()
        claims_tab = QWidget()
        claims_layout = QVBoxLayout(claims_tab)
        claims_layout.addWidget(self.claims_view)
        claims_layout.addLayout(claim_bar)

        self.history_model = RowsModel(lambda: [
            _("Time"), _("From state"), _("To state"), _("By"), _("Reason")])
        self.recommend_model = RowsModel(lambda: [
            _("Commissioner"), _("Score"), _("Matched terms"), _("Same field"), _("Load"),
            _("Served before")])
        self.evaluation = QLabel(wordWrap=True)
        self.evaluation.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.tabs = QTabWidget()
        self.tabs.addTab(claims_tab, "")
        self.tabs.addTab(table(self.history_model), "")
        self.tabs.addTab(table(self.recommend_model), "")
        self.tabs.addTab(self.evaluation, "")

        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        layout.addWidget(self.description)
        layout.addLayout(self.action_bar)
        layout.addWidget(self.message)
        layout.addWidget(self.tabs, 1)
        ops.hub().changes_made.connect(self._changed_elsewhere)
        self.retranslate()

    # Data --------------------------------------------------------------------------------

    def refresh(self) -> None:
        today = date.today()
        self.detail = d = demand_queries.demand_detail(self.demand_id, today)
        row = d.row
        self.claim_status = {c.id: c.status for c in d.claims}
        values = {
            "number": row.number,
            "title": row.title,
            "organization": row.organization,
            "industry_field": demand_queries.dictionary_label("industry_field", row.industry_field),
            "kind": _(demands.DEMAND_KIND_LABELS[row.kind]),
            "budget": format_wan(d.budget),
            "status": status_label(row.status) + ("  " + _("(overdue)") if row.overdue else ""),
            "published_on": format_date(row.published_on),
            "claim_deadline": format_date(row.claim_deadline),
            "expected_finish": format_date(row.expected_finish),
            "max_accepted": str(row.max_accepted),
            "source": _(demand_queries.ORIGIN_LABELS[d.origin]) if d.origin else "",
        }
        for name, text in values.items():
            self.values[name].setText(text)
        self.values["status"].setStyleSheet("color: #c62828" if row.overdue else "")
        self.setWindowTitle(f"{row.number} {row.title}")
        self.description.setText(d.description)
        self._build_actions(row.status)
        self.claims_model.set_rows([
            Row((c.commissioner, format_date(c.claimed_on),
                 _(SOURCE_LABELS[c.source]),
                 _(demands.CLAIM_STATUS_LABELS[c.status]), format_date(c.decided_on), c.plan,
                 c.decision_note), c.id)
            for c in d.claims])
        self._enable_claim_buttons()  # the selection went with the old rows
        self.history_model.set_rows([
            Row((format_datetime(t.at, "short"), status_label(t.from_status),
                 status_label(t.to_status), demand_queries.actor_label(t.actor), t.reason))
            for t in d.history])
        recommendations = (matching.recommend(self.demand_id, today)
                           if row.status in ("draft", "published", "claimed") else [])
        self.recommend_model.set_rows([
            Row((r.name, f"{r.score:.2f}", join_list(r.matched_terms, cell=True),
                 _("yes") if r.field_match else "", str(r.load), self._served(r)),
                r.commissioner_id)
            for r in recommendations])
        self.evaluation.setText(self._evaluation_text(d))

    @staticmethod
    def _served(r: matching.Recommendation) -> str:
        parts = [_("this enterprise")] if r.served_enterprise else []
        if r.served_street:
            parts.append(_("this street"))
        return join_list(parts, cell=True)

    @staticmethod
    def _evaluation_text(d: demand_queries.DemandDetail) -> str:
        lines = []
        if d.close_reason:
            lines.append(_("Reason: {reason}").format(reason=d.close_reason))
        if d.result_summary:
            lines.append(_("Result: {summary}").format(summary=d.result_summary))
        if d.finished_on:
            lines.append(_("Finished on: {date}").format(date=format_date(d.finished_on)))
        if d.satisfaction:
            lines.append(_("Satisfaction: {label}, score {score}").format(
                label=_(demands.SATISFACTION_LABELS[d.satisfaction]), score=d.satisfaction_score))
        for log in d.service_logs:
            lines.append(_("Service log {date}: {content}").format(
                date=format_date(log.date), content=log.content))
        return "\n".join(lines) or _("No result or evaluation yet.")

    def _build_actions(self, status: str) -> None:
        while self.action_bar.count():
            item = self.action_bar.takeAt(0)
            if item.widget() is not None and item.widget() is not self.edit_button:
                item.widget().deleteLater()
        self.action_buttons = {}
        for action in demands.allowed_actions(status):
            if action in CLAIM_DECISIONS:
                continue
            button = QPushButton(_(demands.ACTION_LABELS[action]).capitalize())
            button.clicked.connect(lambda _c=False, a=action: self.run(a))
            self.action_buttons[action] = button
            self.action_bar.addWidget(button)
        self.action_bar.addStretch()
        self.edit_button.setEnabled(status not in ("closed", "withdrawn", "expired", "terminated"))
        self.action_bar.addWidget(self.edit_button)
        self._enable_claim_buttons()

    def _enable_claim_buttons(self) -> None:
        """What the demand allows, and the selected claim too (a rejected one cannot be
        rejected again)."""
        status = self.detail.row.status
        claim = self.claim_status.get(self.selected_claim())
        for action, button in self.claim_buttons.items():
            button.setEnabled(action in demands.TRANSITIONS[status] and (
                claim is None or demands.claim_allows(action, status, claim)))

    # Actions -----------------------------------------------------------------------------

    def _changed_elsewhere(self, changes: Changes) -> None:
        if not self.isVisible() or not changes.touches(*DEMAND_TABLES):
            return
        try:
            self.refresh()
        except UserError:  # the demand is gone: its creation was undone, here or elsewhere
            self.close()

    def _done(self, _changes: Changes) -> None:
        self.message.say("")

    def run(self, action: str, claim_id: int | None = None) -> None:
        start_action(self, self.demand_id, action, self._done,
                     lambda error: self.message.say(error.message), claim_id,
                     self.detail.finished_on)

    def selected_claim(self) -> int | None:
        rows = self.claims_view.selectionModel().selectedRows()
        return self.claims_model.row_id(rows[0].row()) if rows else None

    def decide(self, action: str) -> None:
        claim_id = self.selected_claim()
        if claim_id is None:
            self.message.say(_("Please select a claim first."))
            return
        self.run(action, claim_id)

    def edit(self) -> None:
        dialog = demand_form(self, self.detail)
        self.active_dialog = dialog
        dialog.accepted.connect(lambda: self._done(dialog.saved))
        dialog.open()

    # Language ----------------------------------------------------------------------------

    def retranslate(self) -> None:
        names = {
            "number": _("Number"), "title": _("Demand title"), "organization": _("Organization"),
            "industry_field": _("Industry field"), "kind": _("Kind"), "budget": _("Budget"),
            "status": _("Status"), "published_on": _("Published on"),
            "claim_deadline": _("Claim deadline"), "expected_finish": _("Expected finish"),
            "max_accepted": _("Commissioners to accept"), "source": _("Source"),
        }
        for name, text in names.items():
            self.labels[name].setText(text)
        self.edit_button.setText(_("Edit…"))
        self.claim_buttons["accept"].setText(_("Accept"))
        self.claim_buttons["reject"].setText(_("Reject…"))
        self.claim_buttons["withdraw_claim"].setText(_("Claimant withdraws"))
        for i, title in enumerate((_("Claims"), _("History"), _("Recommendations"),
                                   _("Result and evaluation"))):
            self.tabs.setTabText(i, title)
        for model in (self.claims_model, self.history_model, self.recommend_model):
            model.retranslate()
        self.refresh()
