"""The register's list screens, pages, recycle bin and undo, driven through their widgets."""

import threading
from dataclasses import replace
from datetime import date, timedelta

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt

from app.core import i18n, settings
from app.history import undo as history
from app.register import commissioners as cs
from app.register import people, workstations
from app.register.related import Table
from app.search import lists as search
from db import database as dbmod
from db import models
from tests.app.registry_helpers import appoint, individual, organization, person, street_id
from tests.ui.register_typing import type_text
from tests.ui.waiting import wait_for_writes
from ui import ops
from ui.common.rows_model import RowsModel
from ui.history.recycle_bin import RecycleBinDialog
from ui.register import model as model_module
from ui.register.commissioners import CommissionersView
from ui.register.model import RegisterTableModel
from ui.register.organizations import OrganizationsView
from ui.register.record_pages import RecordPage
from ui.register.workstations import WorkstationsView

pytestmark = pytest.mark.gui
TODAY = date.today()


@pytest.fixture
def register():
    haitian = organization(street_id=street_id("changtai"), industry_field="materials",
                           org_type="enterprise")
    hqu = organization("华侨大学", org_type="university")
    zhang = individual(person(mobile="13800138000", employer_id=haitian),
                       industry_fields=("materials",))
    li = individual(person("李娜", mobile="13912345678", employer_id=hqu),
                    industry_fields=("electronics",))
    team = cs.save_commissioner(cs.CommissionerData(
        kind="team", team_name="智能装备团队", person_id=person("王芳", employer_id=hqu))).id
    appoint(zhang, "provincial", 2024, TODAY - timedelta(days=400), TODAY + timedelta(days=700),
            street_ids=(street_id("jiangnan"),), served=(cs.ServedData(haitian),))
    appoint(li, "municipal", 2023, TODAY - timedelta(days=700), TODAY + timedelta(days=20))
    appoint(team, "municipal", 2022, TODAY - timedelta(days=900), TODAY - timedelta(days=5))
    return {"zhang": zhang, "li": li, "team": team, "haitian": haitian}


def make_view(qtbot, cls):
    view = cls()
    qtbot.addWidget(view)
    view.resize(1100, 600)
    view.show()
    qtbot.waitExposed(view)
    with qtbot.waitSignal(view.model.loaded):
        view.refresh()
    return view


@pytest.fixture
def names(qtbot):
    """The names a list shows, once its first page has arrived from the worker thread."""

    def shown(view):
        qtbot.waitUntil(lambda: not view.model.loading)
        return now_shown(view)

    return shown


def now_shown(view):
    return [view.model.index(r, view.column("name")).data() for r in range(view.model.rowCount())]


def test_search_as_you_type(names, qtbot, register):
    view = make_view(qtbot, CommissionersView)
    assert set(names(view)) == {"张伟", "李娜", "智能装备团队"}
    qtbot.keyClicks(view.search_box, "zw")
    qtbot.waitUntil(lambda: now_shown(view) == ["张伟"])
    view.search_box.clear()
    qtbot.keyClicks(view.search_box, "138")
    qtbot.waitUntil(lambda: now_shown(view) == ["张伟"])
    assert view.count_label.text() == "1 record"
    view.search_box.clear()
    type_text(qtbot, view.search_box, "华侨")
    qtbot.waitUntil(lambda: set(now_shown(view)) == {"李娜", "智能装备团队"})


def test_each_filter_and_its_combination(names, qtbot, register):
    view = make_view(qtbot, CommissionersView)

    def choose(key, value):
        box = view.filter_widgets[key]
        box.setCurrentIndex(box.findData(value))
        return set(names(view))

    assert choose("kind", "team") == {"智能装备团队"}
    assert choose("kind", None) == {"张伟", "李娜", "智能装备团队"}
    assert choose("level", "provincial") == {"张伟"}
    choose("level", None)
    assert choose("status", "expiring") == {"李娜"}
    assert choose("status", "expired") == {"智能装备团队"}
    assert choose("status", "active") == {"张伟"}
    choose("status", None)
    assert choose("street", street_id("jiangnan")) == {"张伟"}
    choose("street", None)
    assert choose("industry_field", "electronics") == {"李娜"}
    choose("industry_field", None)
    assert choose("year", 2022) == {"智能装备团队"}
    choose("year", None)
    view.filter_widgets["expiring"].setChecked(True)
    assert names(view) == ["李娜"]
    assert view.count_label.text() == "1 record"
    view.clear_filters()
    assert len(names(view)) == 3


def test_sorting_by_each_sortable_column(names, qtbot, register):
    view = make_view(qtbot, CommissionersView)
    for i, column in enumerate(view.columns):
        if column.sort is None:
            continue
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            view.table.sortByColumn(i, order)
            expected = [r.name for r in search.page(search.ListQuery(
                "commissioners", sort=column.sort,
                descending=order == Qt.SortOrder.DescendingOrder)).rows]
            assert names(view) == expected
    view.table.sortByColumn(view.column("name"), Qt.SortOrder.AscendingOrder)
    assert names(view) == ["李娜", "张伟", "智能装备团队"]


def test_saved_views_appear_in_the_sidebar_and_apply(names, qtbot, register):
    view = make_view(qtbot, CommissionersView)
    view.filter_widgets["status"].setCurrentIndex(view.filter_widgets["status"].findData("expired"))
    view.save_current_view("到期未续")
    view.clear_filters()
    other = make_view(qtbot, CommissionersView)
    assert [other.views.item(i).text() for i in range(other.views.count())] == ["到期未续"]
    other.views.itemClicked.emit(other.views.item(0))
    assert names(other) == ["智能装备团队"]


def test_columns_are_remembered(qtbot, register):
    view = make_view(qtbot, CommissionersView)
    view.show_column(view.column("mobile"), False)
    view.table.horizontalHeader().moveSection(view.column("employer"), 0)
    view.close()
    again = make_view(qtbot, CommissionersView)
    header = again.table.horizontalHeader()
    assert header.isSectionHidden(again.column("mobile"))
    assert header.visualIndex(again.column("employer")) == 0
    again.show_column(again.column("mobile"), True)
    header.moveSection(0, again.column("employer"))


def test_column_widths_are_remembered(qtbot, register):
    view = make_view(qtbot, CommissionersView)
    view.table.horizontalHeader().resizeSection(view.column("employer"), 333)
    view.close()
    again = make_view(qtbot, CommissionersView)
    assert again.table.columnWidth(again.column("employer")) == 333


def test_a_list_first_seen_empty_fits_its_widths_when_rows_come(qtbot):
    view = make_view(qtbot, CommissionersView)
    assert view.model.rowCount() == 0
    view.show_column(view.column("mobile"), False)  # saves the columns, not yet fitted to rows
    view.close()
    individual(person(employer_id=organization()))
    again = make_view(qtbot, CommissionersView)
    employer = again.column("employer")
    assert again.table.horizontalHeader().isSectionHidden(again.column("mobile"))
    assert again.table.columnWidth(employer) >= again.table.sizeHintForColumn(employer) > 150


def test_rows_load_in_pages_as_the_view_scrolls(qtbot, register):
    employer = organization("大单位")
    with dbmod.database.atomic():
        for i in range(search.PAGE_SIZE + 30):
            people.save_person(people.PersonData(name=f"人员{i:03d}", employer_id=employer))
    model = RegisterTableModel("people", OrganizationsView.columns[:1])
    with qtbot.waitSignal(model.loaded):
        model.reload(search.ListQuery("people", filters={"employer": employer}))
    assert model.rowCount() == search.PAGE_SIZE and model.canFetchMore()
    assert model.total == search.PAGE_SIZE + 30
    model.fetchMore()
    assert model.rowCount() == search.PAGE_SIZE + 30 and not model.canFetchMore()


def test_a_first_page_that_arrives_late_does_not_replace_a_newer_querys_rows(
        qtbot, register, monkeypatch):
    """Searching 王芳, then 李娜: the search for 王芳 answers last (its worker was slow) and is
    dropped; the list keeps 李娜's rows, count and cursor."""
    held = threading.Event()
    read = model_module._first_page

    def first_page(query):
        if query.text == "王芳":
            held.wait(10)
        return read(query)

    monkeypatch.setattr(model_module, "_first_page", first_page)
    model = RegisterTableModel("people", OrganizationsView.columns[:1])
    model.reload(search.ListQuery("people", "王芳"))
    with qtbot.waitSignal(model.loaded):
        model.reload(search.ListQuery("people", "李娜"))
    shown = [model.index(row, 0).data() for row in range(model.rowCount())]
    assert shown == ["李娜"] and model.total == 1 and not model.loading
    with qtbot.assertNotEmitted(model.loaded, wait=200):
        held.set()
        qtbot.waitUntil(lambda: not ops.busy())
    assert [model.index(row, 0).data() for row in range(model.rowCount())] == shown
    assert model.total == 1 and not model.canFetchMore()


def test_models_pass_the_model_tester(qtmodeltester, qtbot, register):
    workstations.save_workstation(workstations.WorkstationData(name="海天工作站",
                                                              host_id=register["haitian"]))
    for cls in (CommissionersView, OrganizationsView, WorkstationsView):
        model = RegisterTableModel(cls.list_name, cls.columns)
        with qtbot.waitSignal(model.loaded):
            model.reload(search.ListQuery(cls.list_name))
        assert model.rowCount() > 0
        qtmodeltester.check(model)
    rows = RowsModel()
    rows.set_table(Table(("Name", "Details"), (("张伟", "x"), ("李娜", "y")),
                         (("commissioner", 1), None)))
    qtmodeltester.check(rows)


def test_bulk_set_street_on_organizations(qtbot, register):
    view = make_view(qtbot, OrganizationsView)
    view.table.selectAll()
    with qtbot.waitSignal(view.model.loaded):
        view.bulk_set("street", street_id("haibin"))
        wait_for_writes()
    assert {r.street for r in search.page(search.ListQuery("organizations")).rows} == {
        "Haibin Subdistrict"}  # the street in the language shown


def _zhang_wei_to_the_recycle_bin(names, qtbot) -> CommissionersView:
    """Finds 张伟 in the commissioner list, selects the row and moves it to the recycle bin."""
    view = make_view(qtbot, CommissionersView)
    view.apply(text="zw")
    assert names(view) == ["张伟"]
    view.table.selectionModel().select(
        view.model.index(0, 0),
        QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)
    view.delete_selected(confirm=False)
    wait_for_writes()
    return view


def test_delete_to_the_recycle_bin_and_restore_with_links(names, qtbot, register):
    view = _zhang_wei_to_the_recycle_bin(names, qtbot)
    assert names(view) == []
    view.apply(text="")
    assert set(names(view)) == {"李娜", "智能装备团队"}
    assert models.ServedObject.live().count() == 0
    bin_dialog = RecycleBinDialog()
    qtbot.addWidget(bin_dialog)
    assert bin_dialog.items.count() == 1
    bin_dialog.items.item(0).setSelected(True)
    qtbot.mouseClick(bin_dialog.restore_button, Qt.MouseButton.LeftButton)
    wait_for_writes()
    assert bin_dialog.items.count() == 0
    assert set(names(view)) == {"张伟", "李娜", "智能装备团队"}  # reloaded on the change
    assert models.ServedObject.live().count() == 1 and models.ServiceStreet.live().count() == 1


def test_commissioner_page_shows_history_of_field_changes(qtbot, register, screenshot):
    i18n.set_language("zh_CN")
    zhang = models.Person.get(models.Person.name == "张伟").id
    people.save_person(replace(people.get_person(zhang), mobile="13900139000"))
    page = RecordPage("commissioner", register["zhang"])
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    assert page.title.text() == "张伟"
    assert [page.tabs.tabText(i) for i in range(page.tabs.count())][:2] == ["基本情况", "选认情况"]
    appointments = page.tables[0].rows
    assert appointments.rowCount() == 1
    assert appointments.index(0, 0).data() == "省级"
    assert appointments.index(0, 5).data() == "泉州海天材料科技股份有限公司"
    screenshot(page, "register_commissioner_page_zh_CN")
    page.tabs.setCurrentWidget(page.history)
    texts = [page.history.item(i).text() for i in range(page.history.count())]
    assert any(t.endswith("手机 由 13800138000 改为 13900139000") for t in texts), texts


def test_organization_and_workstation_pages(qtbot, register):
    page = RecordPage("organization", register["haitian"])
    qtbot.addWidget(page)
    sent, serving = page.tables[1].rows, page.tables[2].rows
    assert [sent.index(r, 0).data() for r in range(sent.rowCount())] == ["张伟"]
    assert [serving.index(r, 0).data() for r in range(serving.rowCount())] == ["张伟"]


def test_undo_and_redo_of_an_edit_from_the_edit_menu(make_window, register):
    window = make_window("en")
    li = models.Person.get(models.Person.name == "李娜").id
    assert not window.undo_action.isEnabled()
    assert window.register_actions.recycle_action.text() == "Recycle &bin…"
    people.save_person(replace(people.get_person(li), mobile="13700137000"))
    window.register_actions.update()
    assert window.undo_action.isEnabled() and "李娜" in window.undo_action.text()
    window.undo_action.trigger()
    wait_for_writes()
    assert people.get_person(li).mobile == "13912345678"
    assert window.redo_action.isEnabled()
    window.redo_action.trigger()
    wait_for_writes()
    assert people.get_person(li).mobile == "13700137000"
    window.undo_action.trigger()
    wait_for_writes()
    assert history.undo_label() is None
    assert people.get_person(li).mobile == "13912345678"


def test_list_in_chinese_on_the_demo_data(make_window, demo, screenshot, qtbot):
    window = make_window("zh_CN")
    view = window.show_screen("commissioners")
    qtbot.waitUntil(lambda: not view.model.loading)
    assert view.count_label.text() == f"{demo.commissioners} 条记录"
    assert view.model.headerData(0, Qt.Orientation.Horizontal) == "姓名/名称"
    qtbot.wait(50)  # let the layout take the texts in
    screenshot(window, "register_commissioners_zh_CN")
    dashboard = window.screens["dashboard"]
    with qtbot.waitSignal(dashboard.reminders_shown):
        window.show_screen("dashboard")
    assert dashboard.tables["expiring"].rows.rowCount() > 0
    qtbot.wait(50)
    screenshot(window, "register_dashboard_zh_CN")
    window.show_screen("organizations")
    qtbot.wait(50)
    screenshot(window, "register_organizations_zh_CN")
    i18n.set_language("zh_CN")


def test_language_switch_retranslates_the_list(make_window, register):
    window = make_window("zh_CN")
    view = window.show_screen("commissioners")
    assert view.filter_labels["level"].text() == "层级"
    window.language_actions["en"].trigger()
    assert view.filter_labels["level"].text() == "Level"
    assert view.model.headerData(view.column("kind"), Qt.Orientation.Horizontal) == "Kind"
    assert view.filter_widgets["expiring"].text() == "Expiring within 60 days"
    assert view.new_button.text() == "New commissioner…"
    settings.put("expiring_days", 1)
    view.retranslate()
    assert view.filter_widgets["expiring"].text() == "Expiring within 1 day"


def test_delete_for_good_from_the_recycle_bin_asks_first(names, qtbot, register, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    _zhang_wei_to_the_recycle_bin(names, qtbot)
    bin_dialog = RecycleBinDialog()
    qtbot.addWidget(bin_dialog)
    bin_dialog.items.item(0).setSelected(True)
    answers = iter([QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes])
    monkeypatch.setattr(QMessageBox, "question", lambda *_args: next(answers))
    qtbot.mouseClick(bin_dialog.purge_button, Qt.MouseButton.LeftButton)
    assert bin_dialog.items.count() == 1  # "No" keeps it
    bin_dialog.items.item(0).setSelected(True)
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warnings.append(args[2]))
    qtbot.mouseClick(bin_dialog.purge_button, Qt.MouseButton.LeftButton)
    wait_for_writes()
    assert warnings == []
    assert bin_dialog.items.count() == 0
    assert models.Commissioner.get_or_none(models.Commissioner.id == register["zhang"]) is None


def test_service_logs_are_listed_on_organization_and_workstation_pages(qtbot, demo):
    log = (models.ServiceLog.select()
           .where(models.ServiceLog.workstation.is_null(False)
                  & models.ServiceLog.organization.is_null(False)).first())
    for entity, record_id in (("organization", log.organization_id),
                              ("workstation", log.workstation_id)):
        page = RecordPage(entity, record_id)
        qtbot.addWidget(page)
        titles = [page.tabs.tabText(i) for i in range(page.tabs.count())]
        logs_table = page.tables[titles.index("Service logs") - 1].rows
        expected = models.ServiceLog.select().where(
            getattr(models.ServiceLog, entity) == record_id,
            models.ServiceLog.deleted_at.is_null()).count()
        assert logs_table.rowCount() == expected > 0
