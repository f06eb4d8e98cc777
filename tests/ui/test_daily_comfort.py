"""Issue #16, daily comfort: what the officer sees on first start and after a language switch."""

from __future__ import annotations

import pytest

from ui.activities.events import EventTableModel

pytestmark = pytest.mark.gui


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_event_kinds_and_times_fit_on_first_start(make_window, demo, language):
    window = make_window(language, start="events")
    table = window.screens["events"].table
    assert window.screens["events"].model.rowCount() > 0
    for column in (EventTableModel.KIND, EventTableModel.WHEN):
        assert table.columnWidth(column) >= table.sizeHintForColumn(column) > 0, column


def test_a_language_switch_from_the_menu_shows_in_the_settings(make_window):
    window = make_window("zh_CN", start="settings")
    box = window.screens["settings"].language
    assert box.currentData() == "zh_CN"
    window.language_actions["en"].trigger()
    assert box.currentData() == "en"
    window.language_actions["zh_CN"].trigger()
    assert box.currentData() == "zh_CN"


def test_export_writes_the_list_as_shown_on_a_sheet_named_after_it(make_window, qtbot, tmp_path,
                                                                   monkeypatch):
    import openpyxl

    from app.register import commissioners as cs
    from tests.app.registry_helpers import individual, person
    from ui.common import file_dialogs
    from ui.exchange import dialogs as data_dialogs

    for name, mobile in (("张伟", "13800138000"), ("李娜", "13912345678")):
        individual(person(name, mobile=mobile))
    leader = person("林楠", mobile="13700001111")
    cs.save_commissioner(cs.CommissionerData(kind="team", team_name="林楠团队", person_id=leader))
    window = make_window("zh_CN", start="commissioners")
    view = window.screens["commissioners"]
    kind = view.filter_widgets["kind"]
    kind.setCurrentIndex(kind.findData("individual"))
    qtbot.keyClicks(view.search_box, "ln")
    qtbot.waitUntil(lambda: view.model.query.text == "ln" and not view.model.loading)

    opened = []
    monkeypatch.setattr(data_dialogs.ExportDialog, "exec", lambda dialog: opened.append(dialog))
    window.data_actions.show_export()
    [dialog] = opened
    assert dialog.list_box.currentData() == "commissioners" and dialog.search.text() == "ln"
    assert dialog.as_shown.isVisibleTo(dialog)
    out = tmp_path / "shown.xlsx"
    monkeypatch.setattr(file_dialogs.QFileDialog, "getSaveFileName",
                        lambda *args: (str(out), ""))
    dialog.export()
    qtbot.waitUntil(out.is_file)
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["科技特派员"]
    [row] = book.active.iter_rows(min_row=2, values_only=True)  # not 林楠团队, filtered out
    assert "李娜" in row

    dialog.list_box.setCurrentIndex(dialog.list_box.findData("events"))  # another list: no filters
    assert not dialog.as_shown.isVisibleTo(dialog) and dialog.shown_query() is None


def test_a_commissioner_page_edits_the_persons_phone_and_email(app, qtbot):
    from PySide6.QtCore import Qt

    from app.core import i18n
    from db import models
    from tests.app.registry_helpers import individual, person
    from tests.ui.register_typing import save_person_form_when_shown
    from ui.register.record_pages import RecordPage

    i18n.set_language("zh_CN")
    zhang = person("张伟", mobile="13800138000")
    page = RecordPage("commissioner", individual(zhang))
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    button = page.edit_person_button
    assert button.isVisible() and button.text() == "电话、邮箱…"

    def fill(form):
        form.fields["mobile"].setText("13911112222")
        form.fields["email"].setText("zhangwei@example.com")

    save_person_form_when_shown(qtbot, page, fill)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    saved = models.Person.get_by_id(zhang)
    assert (saved.mobile, saved.email) == ("13911112222", "zhangwei@example.com")
    shown = [page.profile.itemAt(i).widget().text() for i in range(page.profile.count())
             if page.profile.itemAt(i).widget() is not None]
    assert "13911112222" in shown


def test_the_claim_dialog_lists_who_may_still_claim_in_pinyin_order_and_the_source_reads_as_one(
        make_window):
    from datetime import date

    from app.demands import lifecycle as demands
    from tests.app import demand_helpers as dh

    org = dh.organization("泉州鲤城纺织有限公司")
    zhang, li, zeng = (dh.commissioner(name) for name in ("张伟", "李娜", "曾华"))
    today = date.today()
    demand_id = dh.open_today(org)
    demands.claim(demand_id, li, today, "")
    window = make_window("zh_CN")
    page = window.show_screen("demands").open_demand(demand_id)
    assert page.values["source"].text() == "科技局录入"  # how it came, not how far its claims got
    page.action_buttons["claim"].click()
    box = page.active_dialog.fields["commissioner"]
    assert [box.itemData(i) for i in range(1, box.count())] == [zeng, zhang]  # zeng < zhang
    page.active_dialog.reject()


def test_reject_is_off_for_a_claim_already_rejected(make_window):
    from datetime import date

    from PySide6.QtCore import QItemSelectionModel

    from app.demands import lifecycle as demands
    from tests.app import demand_helpers as dh

    org = dh.organization("泉州鲤城纺织有限公司")
    zhang, li = (dh.commissioner(name) for name in ("张伟", "李娜"))
    today = date.today()
    demand_id = dh.open_today(org)
    rejected = demands.claim(demand_id, li, today, "").detail
    demands.reject_claim(rejected, today, "专业不对口")
    pending = demands.claim(demand_id, zhang, today, "").detail
    page = make_window("zh_CN").show_screen("demands").open_demand(demand_id)
    view, buttons = page.claims_view, page.claim_buttons

    def select(claim_id):
        row = next(r for r in range(page.claims_model.rowCount())
                   if page.claims_model.row_id(r) == claim_id)
        view.selectionModel().select(page.claims_model.index(row, 0),
                                     QItemSelectionModel.SelectionFlag.ClearAndSelect
                                     | QItemSelectionModel.SelectionFlag.Rows)

    select(rejected)
    assert not buttons["reject"].isEnabled() and not buttons["accept"].isEnabled()
    select(pending)
    assert buttons["reject"].isEnabled() and buttons["accept"].isEnabled()
