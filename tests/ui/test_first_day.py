"""The officer's first day (issue 16): what a new officer meets in the first hours, driven
through the real widgets."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox

from app.core import i18n
from app.core.errors import UserError
from app.data import session
from app.register import commissioners as cs
from app.register import people
from db import database as dbmod
from db import models
from tests.app.registry_helpers import individual, organization, person
from tests.ui.register_typing import save_person_form_when_shown, type_text
from tests.ui.waiting import refusals, wait_for_writes
from ui.activities.event_forms import EventForm
from ui.common.date_edit import DateEdit
from ui.register.commissioner_form import AppointmentForm, CommissionerForm
from ui.register.record_pages import RecordPage


@pytest.fixture(autouse=True)
def discard_answers(monkeypatch):
    """Answers "Discard" when a form asks before throwing changes away."""
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *args, **kwargs: QMessageBox.StandardButton.Discard)


def test_welcome_page_stays_until_the_officer_chooses(make_window, qtbot, screenshot):
    window = make_window("zh_CN", show_welcome=True)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    qtbot.wait(1500)
    assert window.stack.currentWidget() is window.welcome
    window.sidebar.setFocus(Qt.FocusReason.TabFocusReason)  # Tab into the sidebar: no choice
    qtbot.wait(50)
    assert window.stack.currentWidget() is window.welcome
    screenshot(window, "welcome_zh_CN")
    window.file_menu.aboutToShow.emit()
    assert window.demo_action.isEnabled() and window.demo_action.text() == "载入演示数据(&D)"
    window.demo_action.trigger()
    qtbot.waitUntil(lambda: not session.is_empty(), timeout=60_000)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.screens.get("dashboard"))
    window.file_menu.aboutToShow.emit()
    assert not window.demo_action.isEnabled()  # demo data only goes into an empty register


# The offscreen platform cannot raise the completer's popup or let it grab the keyboard.
offscreen_popups = pytest.mark.qt_log_ignore("This plugin does not support raise",
                                             "This plugin does not support grabbing")


def show(qtbot, widget):
    qtbot.addWidget(widget)
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    return widget


def choose_last(qtbot, picker, text):
    """Type into a picker and choose the last entry of its list."""
    type_text(qtbot, picker, text)
    popup = picker.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    model = picker.completer().completionModel()
    last = model.index(model.rowCount() - 1, 0)
    popup.setCurrentIndex(last)
    shown = last.data()
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    return shown


@offscreen_popups
def test_a_new_person_is_created_from_the_commissioner_forms_picker(app, qtbot):
    i18n.set_language("zh_CN")
    organization("泉州海天材料科技股份有限公司")
    form = show(qtbot, CommissionerForm())
    picker = form.fields["person"]
    assert choose_last(qtbot, picker, "曾秀婷") == "新建「曾秀婷」…"
    qtbot.waitUntil(lambda: picker.create_form is not None and picker.create_form.isVisible())
    person_form = picker.create_form
    assert person_form.fields["name"].text() == "曾秀婷"
    # the employer is new too: created from the person form's own picker
    employer = person_form.fields["employer_id"]
    assert choose_last(qtbot, employer, "中和新材") == "新建「中和新材」…"
    qtbot.waitUntil(lambda: employer.create_form is not None)
    org_form = employer.create_form
    assert org_form.fields["name"].text() == "中和新材"
    org_form.fields["name"].setText("福建中和新材料科技有限公司")
    qtbot.keyClick(org_form, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    wait_for_writes()
    assert not org_form.isVisible()
    assert employer.text() == "福建中和新材料科技有限公司" and employer.record_id is not None
    type_text(qtbot, person_form.fields["mobile"], "13905951234")
    qtbot.keyClick(person_form, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    wait_for_writes()
    assert not person_form.isVisible()
    assert picker.text() == "曾秀婷" and picker.record_id == person_form.saved.id
    qtbot.keyClick(form, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    wait_for_writes()
    assert form.saved is not None
    saved = cs.get_commissioner(form.saved.id)
    assert (saved.kind, saved.name) == ("individual", "曾秀婷")
    assert people.get_person(saved.person_id).employer_name == "福建中和新材料科技有限公司"


@offscreen_popups
def test_cancelling_the_new_persons_form_keeps_the_typed_name(app, qtbot):
    i18n.set_language("zh_CN")
    form = show(qtbot, CommissionerForm())
    picker = form.fields["person"]
    choose_last(qtbot, picker, "单丽")
    qtbot.waitUntil(lambda: picker.create_form is not None)
    picker.create_form.reject()
    assert picker.text() == "单丽" and picker.record_id is None
    assert models.Person.select().count() == 0


def test_the_organization_page_adds_a_person_who_works_there(app, qtbot):
    i18n.set_language("zh_CN")
    org = organization("泉州海天材料科技股份有限公司")
    page = show(qtbot, RecordPage("organization", org))
    assert page.add_person_button.isVisible() and page.add_person_button.text() == "添加人员…"

    seen = []

    def fill(form):
        seen.append(form.fields["employer_id"].text())
        type_text(qtbot, form.fields["name"], "曾华")

    save_person_form_when_shown(qtbot, page, fill)
    qtbot.mouseClick(page.add_person_button, Qt.MouseButton.LeftButton)
    assert seen == ["泉州海天材料科技股份有限公司"]
    people_tab = page.tables[0].rows
    assert page.tabs.currentIndex() == 1
    assert [people_tab.index(r, 0).data() for r in range(people_tab.rowCount())] == ["曾华"]


# Blocker 2: empty dates --------------------------------------------------------------------

def appointment_form(qtbot):
    i18n.set_language("zh_CN")
    return show(qtbot, AppointmentForm(individual(person())))


@pytest.mark.parametrize("typed", ["2026-12-01", "20261201", "2026/12/1", "2026.12.01",
                                   "2026年12月1日"])
def test_an_empty_date_takes_a_typed_date_when_focus_leaves(app, qtbot, typed):
    form = appointment_form(qtbot)
    field = form.fields["term_start"]
    assert field.text() == "" and field.placeholderText() == "年-月-日"
    type_text(qtbot, field, typed)
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    assert form.focusWidget() is not field
    assert field.text() == "2026-12-01" and field.value() == date(2026, 12, 1)


@offscreen_popups
def test_the_calendar_opens_today_or_at_the_end_of_the_usual_term(app, qtbot):
    form = appointment_form(qtbot)
    start, end = form.fields["term_start"], form.fields["term_end"]
    qtbot.keyClick(end, Qt.Key.Key_F4)
    assert end.calendar.isVisible() and end.calendar.selectedDate().toPython() == date.today()
    end.calendar.close()
    type_text(qtbot, start, "20240520")
    qtbot.keyClick(end, Qt.Key.Key_F4)
    assert end.calendar.selectedDate().toPython() == date(2027, 5, 19)
    end.calendar.activated.emit(QDate(2027, 5, 19))  # Enter on the day shown
    assert end.value() == date(2027, 5, 19) and not end.calendar.isVisible()
    qtbot.keyClick(form, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    wait_for_writes()
    saved = cs.appointments_of(form.data.commissioner_id)[0]
    assert (saved.term_start, saved.term_end) == (date(2024, 5, 20), date(2027, 5, 19))


def test_text_that_is_no_date_is_refused_next_to_the_field_and_kept(app, qtbot):
    form = appointment_form(qtbot)
    type_text(qtbot, form.fields["term_end"], "2026")
    qtbot.keyClick(form.fields["term_end"], Qt.Key.Key_Tab)
    qtbot.keyClick(form, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    wait_for_writes()
    assert form.saved is None and form.fields["term_end"].text() == "2026"
    assert form.errors["term_end"].isVisible() and "2026" in form.errors["term_end"].text()
    assert models.Appointment.select().count() == 0


def test_an_event_without_end_time_takes_a_typed_end(app, qtbot):
    i18n.set_language("zh_CN")
    form = show(qtbot, EventForm())
    ends = form.fields["ends_at"]
    assert ends.text() == "" and ends.placeholderText() == "年-月-日 时:分"
    type_text(qtbot, ends, "20261201 17:30")
    qtbot.keyClick(ends, Qt.Key.Key_Tab)
    assert ends.text() == "2026-12-01 17:30"


DATE_FORMS = ("{:%Y-%m-%d}", "{:%Y%m%d}", "{d.year}/{d.month}/{d.day}", "{d.year}.{d.month}.{d.day}",
              "{d.year}年{d.month}月{d.day}日", " {:%Y - %m - %d} ")


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dates(date(1900, 1, 1), date(2100, 12, 31)), st.sampled_from(DATE_FORMS))
def test_every_accepted_form_is_read_exactly(app, qtbot, day, form):
    field = DateEdit()
    field.setText(form.format(day, d=day))
    assert field.value() == day


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(st.sampled_from("0123456789-/.年月日 :x"), max_size=14))
def test_any_text_is_a_date_read_exactly_or_refused_with_a_reason(app, qtbot, text):
    field = DateEdit()
    field.field = "term_end"
    field.setText(text)
    try:
        value = field.value()
    except UserError as error:
        assert error.field == "term_end" and error.message
        return
    digits = "".join(c for c in text if c.isdigit())
    assert value is None if not text.strip() else (
        int(digits[:4]) == value.year and str(value.month) in digits[4:]
        and str(value.day) in digits[4:])


# Items 4 and 5: the register lists -----------------------------------------------------------

@pytest.mark.parametrize("screen", ["CommissionersView", "OrganizationsView", "WorkstationsView"])
def test_save_current_filters_asks_for_a_name(app, qtbot, monkeypatch, screen):
    from ui.register import commissioners, organizations, workstations

    i18n.set_language("zh_CN")
    asked = []

    def get_text(parent, title, label, *args, **kwargs):
        asked.append(label)
        return "泉州片区", True

    monkeypatch.setattr(QInputDialog, "getText", get_text)
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warnings.append(args[2]))
    module = {"CommissionersView": commissioners, "OrganizationsView": organizations,
              "WorkstationsView": workstations}[screen]
    view = show(qtbot, getattr(module, screen)())
    qtbot.mouseClick(view.save_view_button, Qt.MouseButton.LeftButton)
    wait_for_writes()
    assert asked == ["视图名称："] and warnings == []
    assert [view.views.item(i).text() for i in range(view.views.count())] == ["泉州片区"]


def test_a_column_that_cannot_be_sorted_does_not_take_the_arrow(app, qtbot):
    from ui.register.organizations import OrganizationsView

    view = show(qtbot, OrganizationsView())
    header = view.table.horizontalHeader()
    for key in ("contact_name", "people"):
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                         pos=QPoint(header.sectionViewportPosition(view.column(key)) + 5, 5))
        assert header.sortIndicatorSection() == view.column("name"), key
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(header.sectionViewportPosition(view.column("street")) + 5, 5))
    assert header.sortIndicatorSection() == view.column("street")
    qtbot.waitUntil(lambda: not view.model.loading)  # the view goes with the test


def test_the_status_filter_offers_each_choice_once(app, qtbot):
    from ui.register.commissioners import CommissionersView

    i18n.set_language("zh_CN")
    view = show(qtbot, CommissionersView())
    box = view.filter_widgets["status"]
    texts = [box.itemText(i) for i in range(box.count())]
    assert len(texts) == len(set(texts)), texts


def test_saving_a_commissioner_unchanged_logs_nothing(app, qtbot):
    commissioner = individual(person(), industry_fields=("electronics", "textile"))
    before = models.ChangeLog.select().count()
    form = show(qtbot, CommissionerForm(commissioner))
    qtbot.keyClick(form, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    wait_for_writes()
    assert form.saved is not None
    assert models.ChangeLog.select().count() == before


# Item 6: surnames -----------------------------------------------------------------------------

@offscreen_popups
def test_a_polyphonic_surname_is_found_and_sorted_by_its_surname_reading(app, qtbot):
    from ui.register.commissioners import CommissionersView

    zeng = individual(person("曾秀婷", mobile="13905951234"))
    individual(person("陈明", mobile="13905951235"))
    individual(person("周杰", mobile="13905951236"))
    form = show(qtbot, CommissionerForm())
    picker = form.fields["person"]
    type_text(qtbot, picker, "zxt")
    qtbot.waitUntil(picker.completer().popup().isVisible)
    first_entry = picker.completer().completionModel().index(0, 0)
    assert first_entry.data().startswith("曾秀婷")
    picker.completer().popup().setCurrentIndex(first_entry)
    qtbot.keyClick(picker.completer().popup(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: form.fields["person"].text() == "曾秀婷")
    view = show(qtbot, CommissionersView())
    with qtbot.waitSignal(view.model.loaded):
        view.refresh()
    qtbot.waitUntil(lambda: not view.model.loading)
    names = [view.model.index(r, view.column("name")).data() for r in range(view.model.rowCount())]
    assert names == ["陈明", "曾秀婷", "周杰"]  # chen, zeng, zhou
    assert cs.get_commissioner(zeng).name == "曾秀婷"


def test_the_migration_reads_existing_surnames_again(app, database):
    from db.migrations import _surname_readings

    zeng = person("曾秀婷")
    commissioner = individual(zeng)
    models.Person.update(name_pinyin="cengxiuting", name_initials="cxt").where(
        models.Person.id == zeng).execute()  # as stored before
    assert "zxt" not in models.Commissioner.get_by_id(commissioner).search_keys
    _surname_readings(dbmod.database)
    assert (models.Person.get().name_pinyin, models.Person.get().name_initials) == (
        "zengxiuting", "zxt")
    assert "zxt" in models.Commissioner.get_by_id(commissioner).search_keys


# Item 11 ---------------------------------------------------------------------------------------

def test_prepare_package_lists_todays_started_event_at_local_time(app, qtbot):
    from app.activities import events
    from app.core.clock import to_utc
    from ui.exchange.package_dialogs import PrepareDialog

    i18n.set_language("zh_CN")
    now = datetime.now().replace(second=0, microsecond=0)
    start = max(datetime.combine(now.date(), time(0, 1)), now - timedelta(minutes=1))
    events.save_event(events.EventInput("salon", "数字经济青年科技人才沙龙", to_utc(start),
                                        place="鲤城科技园"))
    dialog = show(qtbot, PrepareDialog())
    shown = [dialog.events.item(i).text() for i in range(dialog.events.count())]
    assert len(shown) == 1 and f"{start:%H:%M}" in shown[0] and "人才沙龙" in shown[0]


# Item 12 ---------------------------------------------------------------------------------------

@offscreen_popups
def test_a_walk_ins_unit_is_offered_the_close_matches_first(app, qtbot):
    from app.activities import events
    from ui.activities.checkin import CheckinScreen

    i18n.set_language("zh_CN")
    zhonghe = organization("福建中和新材料科技有限公司")
    event = events.save_event(events.EventInput("salon", "人才沙龙", datetime(2026, 3, 1, 1)))
    screen = show(qtbot, CheckinScreen(event.id))
    qtbot.keyClick(screen.search, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    for widget, text in ((screen.walk_name, "周洁"), (screen.walk_mobile, "13811112222"),
                         (screen.walk_org, "中和新材")):
        type_text(qtbot, widget, text)
        qtbot.keyClick(widget, Qt.Key.Key_Return)
    assert "福建中和新材料科技有限公司" in screen.message.text()
    assert models.Participant.select().count() == 0  # asked first
    popup = screen.walk_org.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    popup.setCurrentIndex(screen.walk_org.completer().completionModel().index(0, 0))
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.walk_org.record_id == zhonghe)
    qtbot.keyClick(screen.walk_org, Qt.Key.Key_Return)
    wait_for_writes()
    walk_in = models.Person.get(models.Person.name == "周洁")
    assert walk_in.employer_id == zhonghe and models.Organization.select().count() == 1


@offscreen_popups
def test_a_walk_ins_new_unit_is_registered_when_the_officer_confirms(app, qtbot):
    from app.activities import events
    from ui.activities.checkin import CheckinScreen

    organization("福建中和新材料科技有限公司")
    event = events.save_event(events.EventInput("salon", "人才沙龙", datetime(2026, 3, 1, 1)))
    screen = show(qtbot, CheckinScreen(event.id))
    type_text(qtbot, screen.walk_name, "周洁")
    type_text(qtbot, screen.walk_org, "中和新材")
    qtbot.keyClick(screen.walk_org, Qt.Key.Key_Return)
    screen.walk_org.completer().popup().hide()
    assert models.Participant.select().count() == 0
    qtbot.keyClick(screen.walk_org, Qt.Key.Key_Return)
    wait_for_writes()
    assert models.Person.get(models.Person.name == "周洁").employer.name == "中和新材"


def test_qts_file_dialog_speaks_chinese(app, qtbot):
    from PySide6.QtWidgets import QFileDialog, QLabel

    from ui import application

    i18n.set_language("zh_CN")
    application.install_qt_translator(app, "zh_CN")
    dialog = QFileDialog(None, "打开数据库")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    qtbot.addWidget(dialog)
    labels = [label.text() for label in dialog.findChildren(QLabel)]
    assert "查找范围(&L)：" in labels and "文件类型(&T)：" in labels, labels


# Keyboard ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("key", ["commissioners", "organizations", "workstations", "demands",
                                 "events", "service_logs"])
def test_ctrl_f_jumps_to_the_lists_search_box(make_window, qtbot, key):
    window = make_window("zh_CN")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    screen = window.show_screen(key)
    window.sidebar.setFocus()
    qtbot.keyClick(window.sidebar, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    box = getattr(screen, "search_box", None) or screen.search
    assert QApplication.focusWidget() is box


def test_esc_clears_the_check_in_search_then_closes_the_window(app, qtbot):
    from app.activities import events
    from ui.activities.checkin import CheckinScreen

    event = events.save_event(events.EventInput("salon", "人才沙龙", datetime(2026, 3, 1, 1)))
    screen = show(qtbot, CheckinScreen(event.id))
    qtbot.keyClicks(screen.search, "zw")
    qtbot.keyClick(screen.search, Qt.Key.Key_Escape)
    assert screen.isVisible() and screen.search.text() == ""
    qtbot.keyClick(screen.search, Qt.Key.Key_Escape)
    assert not screen.isVisible()


def test_the_demand_form_moves_on_with_enter_saves_with_ctrl_s_and_asks_on_esc(
        make_window, qtbot, monkeypatch):
    asked = []
    window = make_window("zh_CN")
    view = window.show_screen("demands")
    view.new_button.click()
    form = view.active_dialog
    qtbot.waitUntil(form.isVisible)
    org = organization("泉州鲤城纺织有限公司")
    title = form.fields["title"]
    type_text(qtbot, title, "鞋底耐磨材料改进")
    qtbot.keyClick(title, Qt.Key.Key_Return)
    assert form.isVisible() and not refusals(form)  # Enter moved on, did not submit
    assert form.focusWidget() is not title
    form.fields["organization"].set_record(org, "泉州鲤城纺织有限公司")
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: (
        asked.append(args[2]), QMessageBox.StandardButton.Cancel)[1])
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert asked and form.isVisible()  # typed text is not thrown away without asking
    qtbot.keyClick(form, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    wait_for_writes()
    assert not form.isVisible(), refusals(form)
    assert models.Demand.get_by_id(form.saved.id).title == "鞋底耐磨材料改进"


def test_ctrl_z_in_a_record_window_undoes_and_the_status_bar_says_what(make_window, qtbot):
    window = make_window("zh_CN")
    org = organization("泉州海天材料科技股份有限公司")
    page = RecordPage("organization", org, window)
    qtbot.addWidget(page)
    page.show()
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    window.register_actions.update()
    qtbot.keyClick(page, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    wait_for_writes()
    row = models.Organization.get_or_none(models.Organization.id == org)
    assert row is None or row.deleted_at is not None
    assert window.statusBar().currentMessage().startswith("已撤销：")
