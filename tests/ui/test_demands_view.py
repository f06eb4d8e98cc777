"""The Demands screen driven like the officer does: board drags, the demand page, its dialogs."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QByteArray, QMimeData, QPointF, Qt
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QDialogButtonBox

from app.demands import lifecycle as demands
from db.models import Claim, Demand
from tests.app import demand_helpers as h
from tests.ui.waiting import refusals, wait_for_writes
from ui import ops
from ui.common.rows_model import Row, RowsModel
from ui.demands.board import MIME, OVERDUE_ROLE
from ui.demands.screen import DemandTableModel

pytestmark = pytest.mark.gui
TODAY = date.today()


def new_demand(org: int, title: str = "纺织面料染色工艺改进", **kw) -> int:
    return h.demand(org, title, today=TODAY, deadline=TODAY + timedelta(days=30),
                    finish=TODAY + timedelta(days=120), **kw)


def drop(view, demand_id: int, status: str) -> None:
    """Drop a card on a board column, as a drag from another column ends."""
    mime = QMimeData()
    mime.setData(MIME, QByteArray(str(demand_id).encode()))
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.MoveAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    view.board.columns[status].dropEvent(event)
    wait_for_writes()


def column_of(view, demand_id: int) -> str:
    found = [s for s, column in view.board.columns.items() if demand_id in column.ids()]
    assert len(found) == 1, found
    return found[0]


def ok(dialog) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    wait_for_writes()


def click(button) -> None:
    button.click()
    wait_for_writes()


def record_claim(page, commissioner_id: int, plan: str) -> None:
    page.action_buttons["claim"].click()
    dialog = page.active_dialog
    box = dialog.fields["commissioner"]
    box.setCurrentIndex(box.findData(commissioner_id))
    dialog.fields["plan"].setPlainText(plan)
    ok(dialog)
    assert not dialog.isVisible(), refusals(dialog)


def test_publish_claim_accept_reject_close(make_window, qtbot):
    org = h.organization("泉州鲤城纺织有限公司")
    first = h.commissioner("张伟", specialty="纺织工程", fields="textile")
    second = h.commissioner("李娜", specialty="染整")
    demand_id = new_demand(org)
    window = make_window("en")
    view = window.show_screen("demands")
    assert column_of(view, demand_id) == "draft"

    drop(view, demand_id, "published")
    assert column_of(view, demand_id) == "published"

    page = view.open_demand(demand_id)
    qtbot.waitExposed(page)
    assert page.recommend_model.rowCount() == 2
    record_claim(page, first, "两周内上门调研")
    assert column_of(view, demand_id) == "claimed"
    record_claim(page, second, "线上指导")
    assert page.claims_model.rowCount() == 2

    page.claims_view.selectRow(0)
    click(page.claim_buttons["accept"])
    assert column_of(view, demand_id) == "in_service"

    page.claims_view.selectRow(1)
    page.claim_buttons["reject"].click()
    reason = page.active_dialog
    ok(reason)  # no reason given: refused, the dialog stays
    assert reason.isVisible() and refusals(reason) == "Please give a reason."
    assert reason.errors["reason"].isVisible()
    reason.fields["reason"].setPlainText("名额已满")
    ok(reason)
    statuses = [c.status for c in Claim.select().order_by(Claim.id)]
    assert statuses == ["accepted", "rejected"]
    assert column_of(view, demand_id) == "in_service"

    drop(view, demand_id, "awaiting_evaluation")
    assert column_of(view, demand_id) == "awaiting_evaluation"
    drop(view, demand_id, "closed")
    close = view.active_dialog
    close.fields["result_summary"].setPlainText("染色工艺优化，能耗下降12%")
    ok(close)
    assert close.errors["satisfaction"].text() == "Please record the enterprise's satisfaction."
    box = close.fields["satisfaction"]
    box.setCurrentIndex(box.findData("satisfied"))
    close.fields["satisfaction_score"].setValue(5)
    ok(close)
    assert column_of(view, demand_id) == "closed"
    row = Demand.get_by_id(demand_id)
    assert (row.satisfaction, row.satisfaction_score) == ("satisfied", 5)
    page.refresh()
    assert "染色工艺优化" in page.evaluation.text()
    assert [page.history_model.data(page.history_model.index(r, 2))
            for r in range(page.history_model.rowCount())] == [
        "Draft", "Published", "Claimed", "In service", "Awaiting evaluation", "Closed"]

    drop(view, demand_id, "draft")  # invalid: refused with the reason
    assert column_of(view, demand_id) == "closed"
    assert "is Closed: it cannot become Draft" in view.message.text()
    assert "Allowed now: nothing" in view.message.text()


def test_claim_decision_drag_opens_the_page_and_refusals_show(make_window):
    org = h.organization("企业")
    commissioner = h.commissioner("张伟")
    demand_id = new_demand(org)
    demands.publish(demand_id, TODAY)
    demands.claim(demand_id, commissioner, TODAY)
    view = make_window("en").show_screen("demands")
    drop(view, demand_id, "in_service")  # start_service without an accepted claim
    assert "Accept at least one claim" in view.message.text()
    drop(view, demand_id, "published")  # rejecting needs the claim chosen
    assert view.page is not None and view.page.demand_id == demand_id
    assert column_of(view, demand_id) == "claimed"


def test_table_filters_and_overdue_in_red(make_window, qtmodeltester):
    north = h.organization("开元食品厂", street="kaiyuan")
    south = h.organization("海滨纺织", street="haibin")
    late = h.demand(north, "食品保鲜", today=TODAY - timedelta(days=60),
                    deadline=TODAY - timedelta(days=30), finish=TODAY + timedelta(days=10))
    demands.publish(late, TODAY - timedelta(days=40))
    demands.claim(late, h.commissioner("张伟"), TODAY - timedelta(days=35))  # undecided since
    fresh = new_demand(south)
    view = make_window("en").show_screen("demands")
    model = view.model
    qtmodeltester.check(model)
    ids = lambda: [model.row_id(r) for r in range(model.rowCount())]  # noqa: E731
    assert sorted(ids()) == sorted([late, fresh])
    red = {model.row_id(r): model.data(model.index(r, 1), Qt.ItemDataRole.ForegroundRole)
           for r in range(model.rowCount())}
    assert red[late] == DemandTableModel.WARN and red[fresh] is None
    view.street_box.setCurrentIndex(view.street_box.findData("kaiyuan"))
    assert ids() == [late]
    view.street_box.setCurrentIndex(0)
    view.search.setText("hbfz")  # pinyin initials of 海滨纺织
    assert ids() == [fresh]
    view.search.clear()
    view.overdue_box.setChecked(True)
    assert ids() == [late]
    assert view.board.columns["claimed"].item(0).data(OVERDUE_ROLE) is True
    view.overdue_box.setChecked(False)
    view.status_box.setCurrentIndex(view.status_box.findData("draft"))
    assert ids() == [fresh]


def test_table_pages_and_sorts_in_sql(qtmodeltester):
    org = h.organization("企业")
    created = [new_demand(org, f"需求{i:03d}") for i in range(130)]
    model = DemandTableModel()
    model.reload()
    assert model.rowCount() == DemandTableModel.PAGE and model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 130 and not model.canFetchMore()
    assert model.row_id(0) == created[-1]  # newest number first
    model.sort(DemandTableModel.TITLE, Qt.SortOrder.AscendingOrder)
    assert model.data(model.index(0, DemandTableModel.TITLE)) == "需求000"
    qtmodeltester.check(model)


def test_rows_model(qtmodeltester):
    model = RowsModel(lambda: ["A", "B"])
    model.set_rows([Row(("1", "2"), 7), Row(("3", "4"), 8, warn=True)])
    qtmodeltester.check(model)
    assert model.row_id(1) == 8
    assert model.data(model.index(1, 0), Qt.ItemDataRole.ForegroundRole) == RowsModel.WARN_COLOR


def test_screenshots_in_chinese(make_window, screenshot, qtbot):
    textile = h.organization("泉州鲤城纺织有限公司", field="textile")
    food = h.organization("开元食品有限公司", street="kaiyuan", field="food")
    zhang = h.commissioner("张伟", specialty="纺织工程", expertise="面料开发、染色工艺", fields="textile")
    li = h.commissioner("李娜", specialty="染整", expertise="印染废水处理、节能染色", fields="textile")
    wang = h.commissioner("王强", specialty="食品科学", expertise="食品保鲜、冷链", fields="food")
    h.commissioner("陈明", specialty="机械工程", expertise="数控机床", fields="equipment")
    h.commissioner("林芳", specialty="轻化工程", expertise="节能染色工艺、印染废水处理",
                   fields="textile,environment")
    new_demand(textile, "功能性运动面料开发")
    published = new_demand(food, "肉脯类休闲食品保质期延长", field="food")
    demands.publish(published, TODAY)
    claimed = new_demand(textile, "印染车间节能染色工艺改进",
                         description="染色能耗高，废水COD偏高，希望改进染色工艺并处理废水。")
    demands.publish(claimed, TODAY)
    demands.claim(claimed, zhang, TODAY, "两周内上门调研，提出工艺方案")
    demands.claim(claimed, li, TODAY, "线上指导为主")
    serving = new_demand(food, "冷链仓储温湿度监测", field="food")
    demands.publish(serving, TODAY)
    demands.assign(serving, wang, TODAY)
    withdrawn = new_demand(textile, "鞋面材料检测")
    demands.publish(withdrawn, TODAY)
    demands.withdraw(withdrawn, "企业已自行解决")
    window = make_window("zh_CN")
    view = window.show_screen("demands")
    assert view.board.titles["claimed"].text() == "已认领 (1)"
    screenshot(window, "demands_board_zh_CN")
    page = view.open_demand(claimed)
    qtbot.waitExposed(page)
    page.tabs.setCurrentIndex(2)
    assert page.recommend_model.rowCount() == 3  # in force and not yet claiming
    assert "染色" in page.recommend_model.data(page.recommend_model.index(0, 2))
    page.tabs.setCurrentIndex(0)
    screenshot(page, "demand_page_zh_CN")
    page.tabs.setCurrentIndex(2)
    screenshot(page, "demand_page_recommendations_zh_CN")


def test_expiry_when_the_day_changes_whichever_screen_is_shown(make_window, qtbot):
    demand_id = h.demand(h.organization("企业"), today=TODAY - timedelta(days=10),
                         deadline=TODAY - timedelta(days=1), finish=TODAY + timedelta(days=30))
    demands.publish(demand_id, TODAY - timedelta(days=10))
    window = make_window("en")
    view = window.show_screen("demands")
    window.show_screen("commissioners")
    window.check_day()  # same day: nothing happens
    ops.wait_for_all()
    assert column_of(view, demand_id) == "published"
    window._day = TODAY - timedelta(days=1)
    window.check_day()
    qtbot.waitUntil(lambda: "1 demand expired" in window.statusBar().currentMessage())
    assert column_of(window.show_screen("demands"), demand_id) == "expired"


def test_new_demand_form_then_edit_on_the_page(make_window, qtbot):
    org = h.organization("泉州鲤城纺织有限公司")
    view = make_window("en").show_screen("demands")
    view.new_button.click()
    form = view.active_dialog
    ok(form)
    assert form.isVisible() and refusals(form) == "Please enter the title of the demand."
    form.fields["title"].setText("鞋底耐磨材料改进")
    ok(form)
    assert form.errors["organization"].text() == (
        "Please choose the organization that posts the demand.")
    form.fields["organization"].set_record(org, "泉州鲤城纺织有限公司")
    form.fields["budget"].setText("5.5")
    form.fields["expected_finish"].set_value(TODAY + timedelta(days=90))
    form.fields["claim_deadline"].set_value(TODAY + timedelta(days=20))
    ok(form)
    assert not form.isVisible(), refusals(form)
    demand_id = form.saved.id
    assert column_of(view, demand_id) == "draft"
    row = Demand.get_by_id(demand_id)
    assert (row.number, str(row.budget)) == (f"XQ-{TODAY.year}-0001", "5.5")

    page = view.open_demand(demand_id)
    qtbot.waitExposed(page)
    assert list(page.action_buttons) == ["publish"]
    page.edit_button.click()
    edit = page.active_dialog
    assert edit.fields["title"].text() == "鞋底耐磨材料改进"
    edit.fields["title"].setText("运动鞋底耐磨材料改进")
    ok(edit)
    assert page.values["title"].text() == "运动鞋底耐磨材料改进"
    assert "运动鞋底" in view.board.columns["draft"].item(0).text()
    click(page.action_buttons["publish"])
    assert page.values["status"].text() == "Published"
    assert set(page.action_buttons) == {"claim", "assign", "withdraw"}
    assert column_of(view, demand_id) == "published"


def test_withdraw_by_drag_asks_for_the_reason(make_window):
    demand_id = new_demand(h.organization("企业"))
    demands.publish(demand_id, TODAY)
    view = make_window("en").show_screen("demands")
    drop(view, demand_id, "withdrawn")
    dialog = view.active_dialog
    assert dialog.windowTitle() == "Withdraw the demand"
    dialog.fields["reason"].setPlainText("企业已自行解决")
    ok(dialog)
    assert column_of(view, demand_id) == "withdrawn"
    assert Demand.get_by_id(demand_id).close_reason == "企业已自行解决"


def test_language_switch_retitles_the_board(make_window):
    window = make_window("zh_CN")
    view = window.show_screen("demands")
    assert view.board.titles["in_service"].text() == "服务中 (0)"
    window.set_language("en")
    assert view.board.titles["in_service"].text() == "In service (0)"
    assert view.tabs.tabText(0) == "Board"
    assert view.model.headerData(1, Qt.Orientation.Horizontal) == "Demand title"


def test_the_page_of_a_demand_whose_creation_another_officer_undid_closes(make_window, qtbot):
    """Others' writes reach every screen (the poll); a page of a demand no longer there closes
    instead of failing to read it."""
    from db import changelog

    demand_id = new_demand(h.organization("企业"))
    window = make_window("en")
    page = window.show_screen("demands").open_demand(demand_id)
    qtbot.waitExposed(page)
    created = Demand.get_by_id(demand_id)
    changelog.revert(changelog.history("demand", created.uuid)[0].batch_id, "undo elsewhere")
    window.others.look()
    assert not page.isVisible()
