"""The Service logs screen: the paged model, a log through its form, verification, batch
training entry and the totals."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from app.activities import service_logs as logs
from db.models import ServiceLog
from tests.app import activity_helpers as h
from tests.ui.waiting import wait_for_writes
from ui.activities.service_logs import ServiceLogTableModel

pytestmark = pytest.mark.gui


@pytest.fixture
def world():
    return {"org": h.organization("泉州鲤城纺织有限公司"), "other": h.organization("福建火炬电子"),
            "a": h.commissioner("张伟"), "b": h.commissioner("李娜")}


def test_model_pages_and_passes_the_model_tester(qtmodeltester, world):
    for day in range(1, 26):
        logs.save_log(logs.LogInput((world["a"],), world["org"], date(2025, 3, day),
                                    people_trained=day))
    model = ServiceLogTableModel()
    model.PAGE = 10
    model.reload()
    assert model.rowCount() == 10 and model.canFetchMore()
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == 25
    assert model.index(0, ServiceLogTableModel.TRAINED).data() == "25"
    qtmodeltester.check(model)


def test_form_verification_and_training(make_window, world, qtbot):
    window = make_window("en")
    view = window.show_screen("service_logs")
    view.buttons["new"].click()
    form = view.active_dialog
    form.fields["commissioners"].add(world["a"], "张伟")
    form.fields["commissioners"].add(world["b"], "李娜")
    form.fields["organization"].set_record(world["org"], "泉州鲤城纺织有限公司")
    form.fields["date"].set_value(date(2025, 5, 6))
    form.fields["days"].setValue(1.5)
    form.fields["kind"].setCurrentIndex(form.fields["kind"].findData("onsite"))
    form.fields["content"].setPlainText("现场指导染整设备节能改造")
    form.fields["counters"].boxes["problems_solved"].setValue(3)
    form.fields["output_value"].setText("abc")
    form.save()
    wait_for_writes()
    assert form.isVisible() and not form.errors["output_value"].isHidden()
    form.fields["output_value"].setText("88.5")
    form.save()
    wait_for_writes()
    assert not form.isVisible(), form.message.text()
    (row,) = ServiceLog.select()
    assert (row.days, row.problems_solved, row.output_value) == (Decimal("1.5"), 3, Decimal("88.5"))
    assert view.model.rowCount() == 1
    assert view.model.index(0, ServiceLogTableModel.COMMISSIONERS).data() == "张伟, 李娜"

    view.table.selectRow(0)
    view.buttons["return"].click()
    view.active_dialog.setTextValue("缺少盖章确认单")
    view.active_dialog.accept()
    wait_for_writes()
    assert logs.get_log(row.id).verification == "returned"
    # resubmitted through the form: back to pending
    view.table.selectRow(0)
    view.buttons["edit"].click()
    form = view.active_dialog
    assert "缺少盖章确认单" in form.message.text()
    form.fields["content"].setPlainText("现场指导染整设备节能改造（补充确认单）")
    form.save()
    wait_for_writes()
    assert logs.get_log(row.id).verification == "pending"
    view.table.selectRow(0)
    view.buttons["approve"].click()
    wait_for_writes()
    assert logs.get_log(row.id).verification == "approved"

    view.buttons["training"].click()
    form = view.active_dialog
    form.fields["commissioners"].add(world["a"], "张伟")
    for org in (world["org"], world["other"]):
        form.fields["organizations"].add(org, str(org))
    form.fields["people_trained"].setValue(20)
    form.fields["content"].setPlainText("电子商务培训")
    form.save()
    wait_for_writes()
    assert not form.isVisible(), form.message.text()
    assert view.model.rowCount() == 3
    qtbot.waitUntil(lambda: view.totals.text().startswith("3 logs"))  # counted on a worker
    assert logs.totals(logs.LogQuery()).counters["people_trained"] == 40


def test_service_logs_screenshot_in_chinese(make_window, demo, screenshot, qtbot):
    window = make_window("zh_CN")
    view = window.show_screen("service_logs")
    assert view.model.rowCount() > 0
    qtbot.waitUntil(lambda: "条日志" in view.totals.text())  # the totals, counted on a worker
    screenshot(window, "service_logs_zh_CN")


def test_language_switch_retitles_both_screens(make_window):
    window = make_window("en")
    events_view = window.show_screen("events")
    logs_view = window.show_screen("service_logs")
    assert events_view.new_button.text() == "New event…"
    window.set_language("zh_CN")
    assert events_view.new_button.text() == "新建活动…"
    assert logs_view.buttons["approve"].text() == "审核通过"
    assert logs_view.model.headerData(0, Qt.Orientation.Horizontal) == "日期"
