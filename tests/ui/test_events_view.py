"""The Events screen: the paged list, a new event through its form, the event page with
invitations (one by one and by filter), outcomes and attachments with an image preview."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage

from app.activities import events
from db.models import Attachment, Outcome
from tests.app import activity_helpers as h
from tests.ui.waiting import wait_for_writes
from ui.activities.events import EventTableModel

pytestmark = pytest.mark.gui


def test_event_model_pages_and_passes_the_model_tester(qtmodeltester):
    for day in range(1, 29):
        h.event(f"培训{day:02d}", "training", datetime(2025, 2, day, 1))
    model = EventTableModel()
    model.PAGE = 10
    model.reload()
    assert model.rowCount() == 10 and model.canFetchMore()
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == 28
    assert model.index(0, EventTableModel.TITLE).data() == "培训28"
    model.sort(EventTableModel.TITLE, Qt.SortOrder.AscendingOrder)
    assert model.index(0, EventTableModel.TITLE).data() == "培训01"
    qtmodeltester.check(model)


def test_new_event_invite_outcome_and_attachment(make_window, qtbot, tmp_path):
    org = h.organization("鸿星尔克（泉州）体育用品有限公司", field="textile")
    textile = [h.commissioner(n, fields="textile") for n in ("张伟", "李娜")]
    h.commissioner("王强", fields="electronics")
    window = make_window("en")
    view = window.show_screen("events")

    view.new_button.click()
    form = view.active_dialog
    form.fields["title"].setText("纺织鞋服新材料人才沙龙")
    form.fields["kind"].setCurrentIndex(form.fields["kind"].findData("salon"))
    form.fields["starts_at"].set_value(datetime(2025, 6, 26, 9, 30))
    form.fields["place"].setText("鸿星尔克（泉州）展厅")
    form.save()
    wait_for_writes()
    assert not form.isVisible()
    page = view.page
    assert view.stack.currentWidget() is page
    event_id = page.shown.id
    assert page.title.text() == "纺织鞋服新材料人才沙龙"

    # invite in bulk: commissioners in force in the textile field
    page.invite_button.click()
    dialog = page.active_dialog
    dialog.tabs.setCurrentIndex(1)
    dialog.field.setCurrentIndex(dialog.field.findData("textile"))
    assert "2" in dialog.matches.text()
    dialog.save()
    wait_for_writes()
    assert not dialog.isVisible()
    # and one organization picked by name
    page.invite_button.click()
    dialog = page.active_dialog
    dialog.organizations.add(org, "鸿星尔克（泉州）体育用品有限公司")
    dialog.role.setCurrentIndex(dialog.role.findData("guest"))
    dialog.save()
    wait_for_writes()
    assert page.participant_model.rowCount() == 3
    assert {p.name for p in events.participants(event_id)} == {"张伟", "李娜",
                                                                "鸿星尔克（泉州）体育用品有限公司"}

    page.participants.selectRow(0)
    page.status_buttons["registered"].click()
    wait_for_writes()
    assert events.participants(event_id)[0].status == "registered"

    # an outcome with a commissioner and an organization as parties
    page.new_outcome_button.click()
    form = page.active_dialog
    form.fields["kind"].setCurrentIndex(form.fields["kind"].findData("technical_intention"))
    form.fields["commissioners"].add(textile[0], "张伟")
    form.fields["organizations"].add(org, "鸿星尔克")
    form.fields["description"].setPlainText("合作开发再生纤维面料")
    form.save()
    wait_for_writes()
    assert not form.isVisible(), form.message.text()
    assert page.outcome_model.rowCount() == 1
    assert Outcome.get().description == "合作开发再生纤维面料"

    # an outcome without parties is refused next to the field
    page.new_outcome_button.click()
    form = page.active_dialog
    form.save()
    wait_for_writes()
    assert form.isVisible() and not form.errors["parties"].isHidden()
    form.done(0)

    # an image attachment with its preview
    image = QImage(120, 80, QImage.Format.Format_RGB32)
    image.fill(QColor("#1b5e20"))
    photo = tmp_path / "合影.png"
    image.save(str(photo))
    page.tabs.setCurrentIndex(2)
    page.attachments.add_paths([str(photo)])
    wait_for_writes()
    assert Attachment.select().count() == 1
    assert page.attachments.list.count() == 1
    assert not page.attachments.preview.pixmap().isNull()

    # the check-in screen opens from the event page and, closed, leaves the page up to date
    page.checkin_button.click()
    screen = view.checkin_screen
    assert screen.isVisible() and screen.count.text() == "0 / 3"
    qtbot.keyClick(screen.search, Qt.Key.Key_Return)
    wait_for_writes()
    screen.close()
    assert view.checkin_screen is None
    assert page.tabs.tabText(0).startswith("Participants (1 / 3)")

    page.back_button.click()
    assert view.stack.currentIndex() == 0
    assert view.model.rowCount() == 1
    assert view.model.index(0, EventTableModel.ATTENDED).data() == "1 / 3"


def test_event_page_screenshot_in_chinese(make_window, demo, screenshot, tmp_path):
    window = make_window("zh_CN")
    view = window.show_screen("events")
    view.search.setText("深圳")
    assert view.model.rowCount() == 1
    view.open_event(view.model.row_id(0))
    page = view.page
    assert page.outcome_model.rowCount() == 6
    assert page.participant_model.rowCount() > 0
    assert "参会" in page.tabs.tabText(0) or "/" in page.tabs.tabText(0)
    screenshot(window, "event_page_zh_CN")
    page.tabs.setCurrentIndex(1)
    screenshot(window, "event_outcomes_zh_CN")
