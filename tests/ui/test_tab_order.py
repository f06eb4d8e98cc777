"""Tab walks every form's fields in the order the eye reads them, then reaches its buttons."""

from datetime import date
from itertools import pairwise

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QMessageBox,
    QPushButton,
    QWidget,
)

from app.demands import queries as demand_queries
from db import models
from ui.activities.event_forms import EventForm, InviteDialog, OutcomeForm
from ui.activities.service_log_forms import ServiceLogForm, TrainingForm
from ui.demands.dialogs import claim_dialog, close_dialog, demand_form, reason_dialog
from ui.exchange.dialogs import ExportDialog
from ui.exchange.import_dialog import ImportDialog
from ui.exchange.package_dialogs import PrepareDialog
from ui.register.commissioner_form import AppointmentForm, CommissionerForm
from ui.register.duplicates import MergeDialog
from ui.register.forms import OrganizationForm, PersonForm, WorkstationForm


def _first(model) -> int:
    return model.select(model.id).where(model.deleted_at.is_null()).order_by(model.id).scalar()


def _two_people() -> tuple[int, int]:
    first, second = models.Person.select(models.Person.id).order_by(models.Person.id).limit(2)
    return first.id, second.id


# name → builder(parent) of every dialog with fields, on the demo data
FORMS = {
    "individual": lambda _p: CommissionerForm(kind="individual"),
    "team": lambda _p: CommissionerForm(kind="team"),
    "legal_person": lambda _p: CommissionerForm(kind="legal_person"),
    "appointment": lambda _p: AppointmentForm(_first(models.Commissioner)),
    "person": lambda _p: PersonForm(),
    "organization": lambda _p: OrganizationForm(),
    "workstation": lambda _p: WorkstationForm(),
    "event": lambda _p: EventForm(None),
    "outcome": lambda _p: OutcomeForm(_first(models.Event)),
    "invite": lambda _p: InviteDialog(_first(models.Event)),
    "service_log": lambda _p: ServiceLogForm(None),
    "training": lambda _p: TrainingForm(),
    "demand": demand_form,
    "edit_demand": lambda p: demand_form(p, demand_queries.demand_detail(_first(models.Demand),
                                                                         date.today())),
    "claim": lambda p: claim_dialog(p, _first(models.Demand), assign=True),
    "reason": lambda p: reason_dialog(p, "Withdraw", lambda _reason: None),
    "close": lambda p: close_dialog(p, _first(models.Demand), date.today()),
    "export": ExportDialog,
    "import": ImportDialog,
    "prepare_package": lambda _p: PrepareDialog(),
    "merge_records": lambda p: MergeDialog("person", *_two_people(), p),
}


def _rect(widget: QWidget, dialog: QWidget) -> QRect:
    return QRect(widget.mapTo(dialog, QPoint(0, 0)), widget.size())


def _before(a: QRect, b: QRect) -> bool:
    """``b`` comes after ``a`` for a reader: lower down, or on the same line to the right."""
    if b.top() >= a.bottom():
        return True
    if b.bottom() <= a.top():
        return False
    return b.left() >= a.left()


def _focusable(dialog: QWidget) -> list[QWidget]:
    """What Tab should stop on: visible, enabled widgets that take focus by Tab (not the inner
    line edit of a spin box or combo box, which stands for its owner)."""
    found = []
    for widget in dialog.findChildren(QWidget):
        if (widget.isVisibleTo(dialog) and widget.isEnabled() and widget.focusProxy() is None
                and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
                and not isinstance(widget.parentWidget(), QAbstractSpinBox | QComboBox)):
            found.append(widget)
    return found


def _owner(widget: QWidget) -> QWidget:
    parent = widget.parentWidget()
    return parent if isinstance(parent, QAbstractSpinBox | QComboBox) else widget


def _name(widget: QWidget) -> str:
    return f"{type(widget).__name__} {widget.objectName() or getattr(widget, 'text', str)()!r}"


def tab_walk(qtbot, dialog: QWidget) -> list[QWidget]:
    """The widgets Tab visits from the first field round to it again."""
    start = min(_focusable(dialog), key=lambda w: (_rect(w, dialog).top(),
                                                    _rect(w, dialog).left()))
    start.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    visited = [_owner(QApplication.focusWidget())]
    for _step in range(80):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        current = _owner(QApplication.focusWidget())
        if current is visited[0]:
            break
        visited.append(current)
    return visited


@pytest.fixture(autouse=True)
def discard(monkeypatch):
    """Closing a form that Tab has typed into must not wait for an answer."""
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *_args, **_kwargs: QMessageBox.StandardButton.Discard)


@pytest.mark.parametrize("name", list(FORMS))
def test_tab_walks_the_form_in_reading_order(make_window, qtbot, demo, name):
    window = make_window("en")
    dialog = FORMS[name](window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    visited = tab_walk(qtbot, dialog)
    missing = [_name(w) for w in _focusable(dialog) if _owner(w) not in visited]
    assert missing == [], [_name(w) for w in visited]
    out_of_order = [f"{_name(a)} → {_name(b)}" for a, b in pairwise(visited)
                    if not _before(_rect(a, dialog), _rect(b, dialog))]
    assert out_of_order == []
    last_field = max(_rect(w, dialog).bottom() for w in visited
                     if not isinstance(w, QPushButton))
    assert any(isinstance(w, QPushButton) and _rect(w, dialog).top() >= last_field
               for w in visited), "Tab never reaches the buttons under the fields"
