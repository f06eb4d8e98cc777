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

from app import demand_queries
from db import models


def _first(model) -> int:
    return model.select(model.id).where(model.deleted_at.is_null()).order_by(model.id).scalar()


def _commissioner_form(kind):
    from ui.dialogs.commissioner_form import CommissionerForm

    return lambda _parent: CommissionerForm(kind=kind)


def _appointment(_parent):
    from ui.dialogs.commissioner_form import AppointmentForm

    return AppointmentForm(_first(models.Commissioner))


def _register(name):
    def build(_parent):
        from ui.dialogs import register_forms

        return getattr(register_forms, name)()
    return build


def _event_form(_parent):
    from ui.dialogs.event_forms import EventForm

    return EventForm(None)


def _outcome(_parent):
    from ui.dialogs.event_forms import OutcomeForm

    return OutcomeForm(_first(models.Event))


def _invite(_parent):
    from ui.dialogs.event_forms import InviteDialog

    return InviteDialog(_first(models.Event))


def _log(name):
    def build(_parent):
        from ui.dialogs import service_log_forms

        return service_log_forms.ServiceLogForm(None) if name == "log" else \
            service_log_forms.TrainingForm()
    return build


def _demand(parent):
    from ui.dialogs.demand_dialogs import demand_form

    return demand_form(parent)


def _edit_demand(parent):
    from ui.dialogs.demand_dialogs import demand_form

    return demand_form(parent, demand_queries.demand_detail(_first(models.Demand), date.today()))


def _claim(parent):
    from ui.dialogs.demand_dialogs import claim_dialog

    return claim_dialog(parent, _first(models.Demand), assign=True)


def _reason(parent):
    from ui.dialogs.demand_dialogs import reason_dialog

    return reason_dialog(parent, "Withdraw", lambda _reason: None)


def _close(parent):
    from ui.dialogs.demand_dialogs import close_dialog

    return close_dialog(parent, _first(models.Demand), date.today())


def _export(parent):
    from ui.dialogs.data_dialogs import ExportDialog

    return ExportDialog(parent)


def _import(parent):
    from ui.dialogs.import_dialog import ImportDialog

    return ImportDialog(parent)


def _prepare(_parent):
    from ui.dialogs.package_dialogs import PrepareDialog

    return PrepareDialog()


def _merge_records(parent):
    from ui.views.duplicates import MergeDialog

    first, second = models.Person.select(models.Person.id).order_by(models.Person.id).limit(2)
    return MergeDialog("person", first.id, second.id, parent)


FORMS = {
    "individual": _commissioner_form("individual"),
    "team": _commissioner_form("team"),
    "legal_person": _commissioner_form("legal_person"),
    "appointment": _appointment,
    "person": _register("PersonForm"),
    "organization": _register("OrganizationForm"),
    "workstation": _register("WorkstationForm"),
    "event": _event_form,
    "outcome": _outcome,
    "invite": _invite,
    "service_log": _log("log"),
    "training": _log("training"),
    "demand": _demand,
    "edit_demand": _edit_demand,
    "claim": _claim,
    "reason": _reason,
    "close": _close,
    "export": _export,
    "import": _import,
    "prepare_package": _prepare,
    "merge_records": _merge_records,
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
