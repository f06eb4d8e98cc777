"""The small dialogs of the demand life cycle, and ``start_action``: the one place that knows
which action needs which dialog (the board and the demand page both go through it).

Dialogs are opened with ``open()`` (window-modal, not blocking) and kept in ``parent.active_dialog``
so that a test can fill and accept them. Each is a ``ui.common.form.ActionDialog``: a refused
input keeps it open with the message under the field it concerns, that field focused.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial

from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QSpinBox, QWidget

from app.core.changes import Changes
from app.core.errors import UserError
from app.core.i18n import N_, _
from app.demands import lifecycle as demands
from app.demands import queries as demand_queries
from ui import ops
from ui.common.confirm import confirmed
from ui.common.date_edit import DateEdit
from ui.common.form import ActionDialog, combo, fill
from ui.common.record_picker import RecordPicker
from ui.register.forms import OrganizationForm


def date_edit(value: date | None) -> DateEdit:
    edit = DateEdit()
    edit.set_value(value)
    return edit


def items(choices: list[demand_queries.Choice]) -> list[tuple[str, object]]:
    return [(choice.label, choice.value) for choice in choices]


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
            claim_deadline=f["claim_deadline"].value(),
            expected_finish=f["expected_finish"].value(),
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
    dialog.add("title", QLineEdit(row.title if row else ""), N_("Demand title"))
    picker = RecordPicker("organization", OrganizationForm)
    if detail is not None:
        picker.set_record(detail.organization_id, row.organization)
    dialog.add("organization", picker, N_("Organization"))
    dialog.add("industry_field", combo(
        items(demand_queries.dictionary_choices("industry_field")), _("(none)"),
        row.industry_field if row else None), N_("Industry field"))
    kinds = [(_(label), k) for k, label in demands.DEMAND_KIND_LABELS.items()]
    dialog.add("kind", combo(kinds, False, row.kind if row else None), N_("Kind"))
    budget = QLineEdit("" if detail is None or detail.budget is None else str(detail.budget))
    budget.setPlaceholderText(_("10k yuan, optional"))
    dialog.add("budget", budget, N_("Budget"))
    dialog.add("claim_deadline", date_edit(
        row.claim_deadline if row and row.claim_deadline else date.today()), N_("Claim deadline"))
    dialog.add("expected_finish", date_edit(
        row.expected_finish if row and row.expected_finish else date.today()),
        N_("Expected finish"))
    limit = QSpinBox()
    limit.setRange(1, 20)
    limit.setValue(row.max_accepted if row else 1)
    dialog.add("max_accepted", limit, N_("Commissioners to accept"))
    description = QPlainTextEdit(detail.description if detail else "")
    description.setTabChangesFocus(True)
    dialog.add("description", description, N_("Demand description"))
    return dialog


def claim_dialog(parent: QWidget, demand_id: int, assign: bool) -> ActionDialog:
    """Record a claim received by phone or message, or assign a commissioner directly."""

    def submit():
        f = dialog.fields
        return partial(demands.assign if assign else demands.claim, demand_id,
                       f["commissioner"].currentData(), f["claimed_on"].value(),
                       _text(f["plan"]))

    dialog = ActionDialog(_("Assign a commissioner") if assign else _("Record a claim"), submit,
                          parent)
    find = QLineEdit()
    find.setPlaceholderText(_("Name, pinyin or its initials"))
    find.setClearButtonEnabled(True)
    dialog.add("find", find, N_("Find"))
    box = dialog.add("commissioner", combo(
        items(demand_queries.commissioners_in_force(date.today(), demand_id)), _("(choose)")),
        N_("Commissioner"))

    def narrow(text: str) -> None:
        """The commissioners the register's search finds by ``text``; the only one is chosen."""
        choices = demand_queries.commissioners_in_force(date.today(), demand_id, text)
        kept = box.currentData() if box.currentData() in {c.value for c in choices} else None
        fill(box, items(choices), _("(choose)") if choices else _("(nobody found)"),
             kept or (choices[0].value if len(choices) == 1 else None))

    find.textChanged.connect(narrow)
    find.setFocus()  # the officer starts with the name heard on the phone
    dialog.add("claimed_on", date_edit(date.today()), N_("Date"))
    plan = QPlainTextEdit()
    plan.setTabChangesFocus(True)
    plan.setFixedHeight(80)
    dialog.add("plan", plan, N_("Note") if assign else N_("Service plan"))
    return dialog


def reason_dialog(parent: QWidget, title: str, submit_reason: Callable[..., Changes]
                  ) -> ActionDialog:
    """``submit_reason``: the operation, with every argument bound but the reason."""
    dialog = ActionDialog(title, lambda: partial(submit_reason, _text(dialog.fields["reason"])),
                          parent)
    reason = QPlainTextEdit()
    reason.setTabChangesFocus(True)
    reason.setFixedHeight(90)
    dialog.add("reason", reason, N_("Reason"))
    return dialog


def close_dialog(parent: QWidget, demand_id: int, finished_on: date | None) -> ActionDialog:
    """Close with the result and the enterprise's evaluation."""

    def submit():
        f = dialog.fields
        return partial(demands.close, demand_id, _text(f["result_summary"]),
                       f["finished_on"].value(),
                       f["satisfaction"].currentData(), f["satisfaction_score"].value() or None)

    dialog = ActionDialog(_("Close with evaluation"), submit, parent)
    summary = QPlainTextEdit()
    summary.setTabChangesFocus(True)
    summary.setFixedHeight(90)
    dialog.add("result_summary", summary, N_("Result summary"))
    dialog.add("finished_on", date_edit(finished_on or date.today()), N_("Finished on"))
    choices = [(_(v), k) for k, v in demands.SATISFACTION_LABELS.items()]
    dialog.add("satisfaction", combo(choices, _("(choose)")), N_("Satisfaction"))
    score = QSpinBox()
    score.setRange(0, 5)
    score.setSpecialValueText("–")
    dialog.add("satisfaction_score", score, N_("Score (1–5)"))
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
        dialog.accepted.connect(lambda: done(dialog.saved))
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
