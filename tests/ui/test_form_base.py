"""A record form and a demand's action dialog are one form (``ui.common.form.FormDialog``): input
refused, by the form or by the service, keeps either open with the reason under the field and
nothing written; Esc on what was typed asks first, on an untouched form it just closes."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from db import models
from tests.app import demand_helpers as dh
from tests.ui.register_typing import type_text
from tests.ui.waiting import refusals, wait_for_writes
from ui.activities.service_log_forms import TrainingForm
from ui.assessment.agreement_form import AgreementForm
from ui.assessment.scheme_editor import ItemsTable, SchemeDialog
from ui.demands.dialogs import claim_dialog
from ui.register.forms import PersonForm

pytestmark = pytest.mark.gui


def person_form(_parent: QWidget):
    return PersonForm(name="曾秀婷")


def claim_form(parent: QWidget):
    """Recording a claim on a published demand, the commissioner chosen."""
    demand_id = dh.open_today(dh.organization("泉州鲤城纺织有限公司"))
    commissioner = dh.commissioner("张伟")
    dialog = claim_dialog(parent, demand_id, assign=False)
    box = dialog.fields["commissioner"]
    box.setCurrentIndex(box.findData(commissioner))
    return dialog


# (form, field, typed there, the refusal shown under it): refused by the form as it reads the
# field, and refused by the service it runs on the write lane
CASES = {
    "record form, a date that is none": (person_form, "birth_date", "1985-02-30", "1985-02-30"),
    "record form, the service refuses": (person_form, "name", "", "This field is required."),
    "action dialog, a date that is none": (claim_form, "claimed_on", "2026-13-45", "2026-13-45"),
    "action dialog, the service refuses": (claim_form, "claimed_on", "",
                                           "Please enter the date of the claim."),
}


@pytest.fixture
def asked(monkeypatch) -> list[str]:
    """The questions asked before throwing typing away, each answered Cancel."""
    questions: list[str] = []

    def question(*args, **kwargs):
        questions.append(args[2])
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "question", question)
    return questions


@pytest.fixture
def parent(qtbot) -> QWidget:
    """What a form opens over (the demand page for a claim)."""
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def shown(qtbot, build, parent):
    form = build(parent)
    form.show()
    qtbot.waitExposed(form)
    return form


def written() -> int:
    return models.ChangeLog.select().count()


@pytest.mark.parametrize("case", CASES)
def test_refused_input_keeps_the_form_open_with_the_reason_at_its_field(
        qtbot, parent, asked, case):
    build, field, text, reason = CASES[case]
    form = shown(qtbot, build, parent)
    before = written()
    form.fields[field].clear()
    type_text(qtbot, form.fields[field], text)
    qtbot.keyClick(form, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    wait_for_writes()
    assert form.isVisible() and form.saved is None
    assert form.errors[field].isVisible(), refusals(form)
    assert reason in form.errors[field].text()
    assert form.focusWidget() is form.fields[field]
    assert written() == before
    qtbot.keyClick(form, Qt.Key.Key_Escape)  # what was typed is not thrown away unasked
    assert asked == ["Discard the changes you made?"] and form.isVisible()


@pytest.mark.parametrize("build", [person_form, claim_form], ids=["record form", "action dialog"])
def test_escape_on_an_untouched_form_closes_without_asking(qtbot, parent, asked, build):
    form = shown(qtbot, build, parent)
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert not form.isVisible() and asked == []


def test_escape_asks_after_records_were_picked_into_a_list(qtbot, parent, asked):
    form = shown(qtbot, lambda _parent: TrainingForm(), parent)
    form.fields["commissioners"].add(dh.commissioner("张伟"), "张伟")
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert asked == ["Discard the changes you made?"] and form.isVisible()


def test_the_action_dialog_saves_as_the_record_form_does(qtbot, parent):
    form = shown(qtbot, claim_form, parent)
    form.fields["claimed_on"].clear()
    type_text(qtbot, form.fields["claimed_on"], date.today().strftime("%Y%m%d"))
    qtbot.keyClick(form, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    wait_for_writes()
    assert not form.isVisible(), refusals(form)
    claim = models.Claim.get_by_id(form.saved.detail)
    assert claim.claimed_on == date.today()


def agreement_form(_parent: QWidget):
    return AgreementForm()


def scheme_editor(_parent: QWidget):
    return SchemeDialog(2025, "individual")


# (form, a change in one of its composite fields: a grid of lines, a table of items)
COMPOSITES = {
    "a counted target of an agreement": (
        agreement_form, lambda form: form.fields["targets"].lines["trainings"].setText("3")),
    "the points of a scheme's item": (
        scheme_editor, lambda form: form.fields["items"].item(0, ItemsTable.MAX).setText("16")),
    "the funds of a grade": (
        scheme_editor, lambda form: form.fields["funds"].lines["pass"].setText("0.2")),
}


@pytest.mark.parametrize("case", COMPOSITES)
def test_escape_asks_after_a_change_inside_a_composite_field(qtbot, parent, asked, case):
    build, change = COMPOSITES[case]
    form = shown(qtbot, build, parent)
    change(form)
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert asked == ["Discard the changes you made?"] and form.isVisible()
