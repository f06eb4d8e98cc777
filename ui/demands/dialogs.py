"""The small dialogs of the demand life cycle, and ``start_action``: the one place that knows
which action needs which dialog (the board and the demand page both go through it).

Dialogs are opened with ``open()`` (window-modal, not blocking) and kept in ``parent.active_dialog``
so that a test can fill and accept them. A refused input keeps the dialog open and shows the
message under the form, with the field it concerns focused.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.core.changes import Changes
from app.core.errors import UserError
from app.core.i18n import _
from app.demands import lifecycle as demands
from app.demands import queries as demand_queries
from app.history import edit_conflicts as edits
from ui import ops
from ui.common.confirm import confirmed
from ui.common.edit_conflict import EditConflictDialog, ask
from ui.common.form import KeyboardForm
from ui.common.record_picker import RecordPicker
from ui.common.tab_order import follow_reading_order
from ui.register.forms import OrganizationForm


def date_edit(value: date | None = None) -> QDateEdit:
    edit = QDateEdit(QDate(value or date.today()))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


def combo(choices, current=None, empty: str | None = None) -> QComboBox:
    box = QComboBox()
    fill(box, choices, current, empty)
    return box


def fill(box: QComboBox, choices, current=None, empty: str | None = None) -> None:
    box.clear()
    if empty is not None:
        box.addItem(empty, None)
    for choice in choices:
        box.addItem(choice.label, choice.value)
    if current is not None:
        box.setCurrentIndex(max(0, box.findData(current)))


class ActionDialog(KeyboardForm, QDialog):
    """A form whose OK (or Ctrl+S) runs the operation ``submit`` makes of its fields (through
    ``ui.ops.run``) and closes only if it was accepted, with the ``Changes`` in
    ``result_value``."""

    def __init__(self, title: str, submit: Callable[[], Callable[[], Changes]],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(420)
        self._submit = submit
        # Before the caller fills the fields from what it reads: what others save after is theirs.
        self.decisions = edits.Decisions(edits.reading_mark())
        self.conflicts: EditConflictDialog | None = None
        self.result_value: Changes | None = None
        self.saving = False
        self.fields: dict[str, QWidget] = {}
        self.form = QFormLayout()
        self.error = QLabel()
        self.error.setObjectName("formError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c62828")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.try_accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        follow_reading_order(self)
        if self._pristine is None:  # filled by now: what Esc compares with
            self.mark_pristine()

    def save_now(self) -> None:
        self.try_accept()

    def add(self, name: str, label: str, widget: QWidget) -> QWidget:
        self.fields[name] = widget
        self.form.addRow(label, widget)
        return widget

    def try_accept(self) -> None:
        if self.saving:  # OK pressed again while the first runs
            return
        try:
            op = self._submit()
        except UserError as error:
            self._refused(error)
            return
        self.saving = True
        ops.run(partial(edits.saved_as_read, self.decisions, op), parent=self,
                title=self.windowTitle(), on_done=self._done, on_error=self._refused)

    def _done(self, changes: Changes) -> None:
        self.saving = False
        self.result_value = changes
        self.accept()

    def _refused(self, error: UserError) -> None:
        self.saving = False
        if isinstance(error, edits.Conflicted):
            self.conflicts = ask(self, error, self.decisions, self.try_accept)
            return
        self.error.setText(error.message)
        widget = self.fields.get(error.field or "")
        if widget is not None:
            widget.setFocus()


def _text(widget) -> str:
    return (widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text()).strip()


def demand_form(parent: QWidget, detail: demand_queries.DemandDetail | None = None) -> ActionDialog:
    """New demand (``detail`` None) or edit one."""

    def values() -> demands.DemandInput:
        f = dialog.fields
        return demands.DemandInput(
            title=_text(f["title"]),
            organization_id=f["organization"].chosen("organization"),
            description=_text(f["description"]),
            industry_field=f["industry_field"].currentData(),
            kind=f["kind"].currentData(),
            budget=_text(f["budget"]) or None,
            claim_deadline=f["claim_deadline"].date().toPython(),
            expected_finish=f["expected_finish"].date().toPython(),
            max_accepted=f["max_accepted"].value(),
        )

    def submit():
        if detail is None:
            return partial(demands.create, values(), date.today())
        return partial(demands.edit, row.id, values())

    title = _("New demand") if detail is None else _("Edit demand {number}").format(
        number=detail.row.number)
    dialog = ActionDialog(title, submit, parent)
    if detail is not None:  # read again after the dialog's mark: a page may be hours old
        detail = demand_queries.demand_detail(detail.row.id, date.today())
    row = detail.row if detail else None
    dialog.add("title", _("Demand title"), QLineEdit(row.title if row else ""))
    picker = RecordPicker("organization", OrganizationForm)
    if detail is not None:
        picker.set_record(detail.organization_id, row.organization)
    dialog.add("organization", _("Organization"), picker)
    dialog.add("industry_field", _("Industry field"), combo(
        demand_queries.dictionary_choices("industry_field"), row.industry_field if row else None,
        empty=_("(none)")))
    kinds = [demand_queries.Choice(k, _(label)) for k, label in demands.DEMAND_KIND_LABELS.items()]
    dialog.add("kind", _("Kind"), combo(kinds, row.kind if row else None))
    budget = QLineEdit("" if detail is None or detail.budget is None else str(detail.budget))
    budget.setPlaceholderText(_("10k yuan, optional"))
    dialog.add("budget", _("Budget"), budget)
    dialog.add("claim_deadline", _("Claim deadline"), date_edit(
        row.claim_deadline if row and row.claim_deadline else date.today()))
    dialog.add("expected_finish", _("Expected finish"), date_edit(
        row.expected_finish if row and row.expected_finish else date.today()))
    limit = QSpinBox()
    limit.setRange(1, 20)
    limit.setValue(row.max_accepted if row else 1)
    dialog.add("max_accepted", _("Commissioners to accept"), limit)
    description = QPlainTextEdit(detail.description if detail else "")
    description.setTabChangesFocus(True)
    dialog.add("description", _("Demand description"), description)
    return dialog


def claim_dialog(parent: QWidget, demand_id: int, assign: bool) -> ActionDialog:
    """Record a claim received by phone or message, or assign a commissioner directly."""

    def submit():
        f = dialog.fields
        return partial(demands.assign if assign else demands.claim, demand_id,
                       f["commissioner"].currentData(), f["claimed_on"].date().toPython(),
                       _text(f["plan"]))

    dialog = ActionDialog(_("Assign a commissioner") if assign else _("Record a claim"), submit,
                          parent)
    find = QLineEdit()
    find.setPlaceholderText(_("Name, pinyin or its initials"))
    find.setClearButtonEnabled(True)
    dialog.add("find", _("Find"), find)
    box = dialog.add("commissioner", _("Commissioner"), combo(
        demand_queries.commissioners_in_force(date.today(), demand_id), empty=_("(choose)")))

    def narrow(text: str) -> None:
        """The commissioners the register's search finds by ``text``; the only one is chosen."""
        choices = demand_queries.commissioners_in_force(date.today(), demand_id, text)
        kept = box.currentData() if box.currentData() in {c.value for c in choices} else None
        fill(box, choices, kept or (choices[0].value if len(choices) == 1 else None),
             empty=_("(choose)") if choices else _("(nobody found)"))

    find.textChanged.connect(narrow)
    find.setFocus()  # the officer starts with the name heard on the phone
    dialog.add("claimed_on", _("Date"), date_edit())
    plan = QPlainTextEdit()
    plan.setTabChangesFocus(True)
    plan.setFixedHeight(80)
    dialog.add("plan", _("Note") if assign else _("Service plan"), plan)
    return dialog


def reason_dialog(parent: QWidget, title: str, submit_reason: Callable[..., Changes]
                  ) -> ActionDialog:
    """``submit_reason``: the operation, with every argument bound but the reason."""
    dialog = ActionDialog(title, lambda: partial(submit_reason, _text(dialog.fields["reason"])),
                          parent)
    reason = QPlainTextEdit()
    reason.setTabChangesFocus(True)
    reason.setFixedHeight(90)
    dialog.add("reason", _("Reason"), reason)
    return dialog


def close_dialog(parent: QWidget, demand_id: int, finished_on: date | None) -> ActionDialog:
    """Close with the result and the enterprise's evaluation."""

    def submit():
        f = dialog.fields
        return partial(demands.close, demand_id, _text(f["result_summary"]),
                       f["finished_on"].date().toPython(),
                       f["satisfaction"].currentData(), f["satisfaction_score"].value() or None)

    dialog = ActionDialog(_("Close with evaluation"), submit, parent)
    summary = QPlainTextEdit()
    summary.setTabChangesFocus(True)
    summary.setFixedHeight(90)
    dialog.add("result_summary", _("Result summary"), summary)
    dialog.add("finished_on", _("Finished on"), date_edit(finished_on))
    choices = [demand_queries.Choice(k, _(v)) for k, v in demands.SATISFACTION_LABELS.items()]
    dialog.add("satisfaction", _("Satisfaction"), combo(choices, empty=_("(choose)")))
    score = QSpinBox()
    score.setRange(0, 5)
    score.setSpecialValueText("–")
    dialog.add("satisfaction_score", _("Score (1–5)"), score)
    return dialog


# Which action needs which dialog ------------------------------------------------------------

# What a demand's page and the board show: they reload when a change wrote one of these.
DEMAND_TABLES = ("demand", "claim", "demand_transition", "organization", "commissioner", "person",
                 "dictionary", "outcome", "service_log")

CLAIM_DECISIONS = ("accept", "reject", "withdraw_claim")


def start_action(parent: QWidget, demand_id: int, action: str, done: Callable[[Changes], None],
                 refused: Callable[[UserError], None], claim_id: int | None = None,
                 finished_on: date | None = None) -> None:
    """Run ``action`` on a demand (through ``ui.ops.run``), through its dialog if it needs
    input; ``done`` gets the ``Changes``, ``refused`` the refusal of an action without a
    dialog."""
    today = date.today()
    dialogs = {
        "claim": lambda: claim_dialog(parent, demand_id, assign=False),
        "assign": lambda: claim_dialog(parent, demand_id, assign=True),
        "reject": lambda: reason_dialog(parent, _("Reject the claim"),
                                        partial(demands.reject_claim, claim_id, today)),
        "withdraw": lambda: reason_dialog(parent, _("Withdraw the demand"),
                                          partial(demands.withdraw, demand_id)),
        "terminate": lambda: reason_dialog(parent, _("Terminate the service"),
                                           partial(demands.terminate, demand_id)),
        "close": lambda: close_dialog(parent, demand_id, finished_on),
    }
    if action in dialogs:
        dialog = dialogs[action]()
        parent.active_dialog = dialog
        dialog.accepted.connect(lambda: done(dialog.result_value))
        dialog.open()
        return
    direct = {
        "publish": partial(demands.publish, demand_id, today),
        "accept": partial(demands.accept_claim, claim_id, today),
        "withdraw_claim": partial(demands.withdraw_claim, claim_id, today),
        "start_service": partial(demands.start_service, demand_id),
        "start_evaluation": partial(demands.start_evaluation, demand_id, today),
    }
    if action == "withdraw_claim" and not confirmed(
            parent, _("Claimant withdraws"), _("Record that the claimant withdraws this claim?")):
        return
    ops.run(direct[action], parent=parent, title=_(demands.ACTION_LABELS[action]),
            on_done=done, on_error=refused)
