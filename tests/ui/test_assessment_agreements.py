"""The Agreements screen and form (issue 21): an agreement entered through its form (a typed
target read exactly, or refused beside the targets with the reason), its completion from the
verified service logs, the list's filters, the commissioner's page tab, and pictures."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtWidgets import QMessageBox

from app.assessment import agreements
from app.assessment.agreements import AgreementValues
from db import models
from tests.assessment.helpers import commissioner, log, organization
from tests.ui.waiting import wait_for_writes
from ui.assessment.agreement_form import AgreementForm
from ui.assessment.agreements import AgreementTableModel

pytestmark = pytest.mark.gui

TERM = dict(term_start=date(2025, 1, 1), term_end=date(2025, 12, 31))


@pytest.fixture
def world():
    employer = organization("华侨大学")
    return {"employer": employer, "served": organization("泉州海天材料科技股份有限公司"),
            "chen": commissioner("陈明辉", employer=employer), "lin": commissioner("林晓燕")}


def fill(form: AgreementForm, world, targets: dict[str, str]) -> None:
    f = form.fields
    f["commissioner"].set_record(world["chen"], "陈明辉")
    f["organization"].set_record(world["served"], "泉州海天材料科技股份有限公司")
    f["signed_on"].set_value(date(2025, 1, 10))
    f["term_start"].set_value(TERM["term_start"])
    f["term_end"].set_value(TERM["term_end"])
    f["status"].setCurrentIndex(f["status"].findData("in_progress"))
    f["targets_text"].setPlainText("全年驻企服务 20 天，开展培训 2 次")
    for name, text in targets.items():
        f["targets"].lines[name].setText(text)


def test_an_agreement_through_its_form_and_the_list(make_window, world, qtbot, monkeypatch):
    log(world["chen"], world["served"], date(2025, 3, 2), days="5", trainings_held=1)
    log(world["chen"], world["served"], date(2025, 4, 2), days="5", approved=False)  # unverified
    window = make_window("en")
    view = window.show_screen("agreements")
    view.buttons["new"].click()
    form = view.active_dialog
    fill(form, world, {"service_days": "20", "trainings": "2x"})
    form.save()
    wait_for_writes()
    # refused beside the targets, naming the target; nothing saved
    assert form.isVisible()
    assert form.errors["targets"].text() == "Trainings held: “2x” is not a number."
    assert form.fields["targets"].lines["trainings"].hasFocus() or not form.isActiveWindow()
    assert models.Agreement.select().count() == 0
    form.fields["targets"].lines["trainings"].setText("2")
    form.save()
    wait_for_writes()
    assert not form.isVisible(), form.message.text()
    (row,) = models.Agreement.select()
    shown = agreements.agreement(row.id)
    assert shown.values.targets == {"service_days": Decimal(20), "trainings": Decimal(2)}
    assert shown.sending_unit == "华侨大学" and shown.sending_unit_is_employer
    # the list: 5 of 20 days (25 %) and 1 of 2 trainings (50 %) → 38 % (mean, rounded)
    assert view.model.rowCount() == 1
    assert view.model.index(0, AgreementTableModel.COMPLETION).data() == "38%"
    assert view.model.index(0, AgreementTableModel.STATUS).data() == "In progress"
    assert view.model.index(0, AgreementTableModel.SENDING_UNIT).data() == "华侨大学"
    # filters: status, year, text
    view.status.setCurrentIndex(view.status.findData("completed"))
    assert view.model.rowCount() == 0
    view.status.setCurrentIndex(0)
    view.year.setValue(2024)
    assert view.model.rowCount() == 0
    view.year.setValue(2025)
    view.search.setText("海天")
    assert view.model.rowCount() == 1
    view.search.setText("林晓燕")
    assert view.model.rowCount() == 0

    # edited: the form shows what the logs did and the completion
    view.search.clear()
    view.table.selectRow(0)
    view.buttons["edit"].click()
    form = view.active_dialog
    assert form.fields["targets"].lines["service_days"].text() == "20"
    assert form.fields["targets"].done["service_days"].text() == "done: 5"
    assert form.completion.text().startswith("38%")
    assert form.attachments is not None and form.attachments.owner == ("agreement", row.uuid)
    form.fields["status"].setCurrentIndex(form.fields["status"].findData("completed"))
    form.save()
    wait_for_writes()
    assert agreements.agreement(row.id).values.status == "completed"

    # deleted after a confirmation, and back with Edit → Undo
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *args, **kwargs: QMessageBox.StandardButton.Yes)
    view.table.selectRow(0)
    view.buttons["delete"].click()
    wait_for_writes()
    assert view.model.rowCount() == 0 and agreements.agreements_of(world["chen"]) == []
    window.undo_action.trigger()
    wait_for_writes()
    assert view.model.rowCount() == 1


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(typed=st.one_of(st.text(max_size=8), st.decimals(allow_nan=True).map(str),
                       st.integers(-5, 200_000).map(str)))
def test_a_typed_target_is_stored_exactly_or_refused_with_a_reason(make_window, world, typed):
    """Oracle: a target is a positive number up to 100,000 with at most two decimals; stored as
    that number, or nothing is stored and the reason shows beside the targets."""
    make_window("en")
    before = {a.id for a in models.Agreement.select()}
    form = AgreementForm()
    fill(form, world, {"trainings": typed})
    form.save()
    wait_for_writes()
    new = [a for a in models.Agreement.select() if a.id not in before]
    text = typed.strip()
    try:
        number = Decimal(text) if text else None
    except ArithmeticError:
        number = Decimal("NaN")
    if number is None:
        assert len(new) == 1 and new[0].target_trainings is None
    elif (number.is_finite() and 0 < number <= 100_000 and number.as_tuple().exponent >= -2):
        assert len(new) == 1 and Decimal(new[0].target_trainings) == number
    else:
        assert new == [] and form.errors["targets"].text().startswith("Trainings held: ")
    form.close()


def test_a_commissioners_page_lists_and_adds_its_agreements(make_window, world, qtbot,
                                                            monkeypatch):
    from ui.register.record_pages import RecordPage

    agreements.save_agreement(AgreementValues(world["chen"], world["served"], None,
                                              date(2025, 1, 10), **TERM,
                                              targets={"service_days": "10"}))
    make_window("en")
    page = RecordPage("commissioner", world["chen"])
    qtbot.addWidget(page)
    tab = page.TABS["commissioner"].index("Agreements")
    table = page.tables[tab - 1]
    assert table.rows.rowCount() == 1
    assert table.rows.index(0, 0).data() == "泉州海天材料科技股份有限公司"
    assert table.rows.index(0, 4).data() == "0%"
    assert page.add_agreement_button.isVisibleTo(page)
    opened = []
    monkeypatch.setattr(AgreementForm, "exec", lambda form: opened.append(form) or 0)
    page.add_agreement()
    assert opened[0].fields["commissioner"].record_id == world["chen"]
    table.doubleClicked.emit(table.rows.index(0, 0))
    assert opened[1].agreement_id == agreements.agreements_of(world["chen"])[0].id


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_agreement_form_picture(make_window, world, qtbot, language, screenshot):
    log(world["chen"], world["served"], date(2025, 3, 2), days="6", trainings_held=1)
    saved = agreements.save_agreement(AgreementValues(
        world["chen"], world["served"], None, date(2025, 1, 10), **TERM,
        targets_text="全年驻企服务 20 天，开展培训 2 次，引进新技术 1 项",
        targets={"service_days": "20", "trainings": "2", "technologies": "1"},
        status="in_progress"))
    make_window(language)
    form = AgreementForm(saved.id)
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    screenshot(form, f"assessment/agreement_form_{language}")
