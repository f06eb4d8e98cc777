"""The register's forms, driven through their widgets."""

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.core import i18n
from app.register import commissioners as cs
from app.register import people
from app.search import lists as search
from db import models
from tests.app.registry_helpers import credit_code, organization, person, resident_id
from tests.ui.register_typing import type_text
from tests.ui.waiting import wait_for_writes
from ui import application
from ui.register.commissioner_form import AppointmentForm, CommissionerForm
from ui.register.forms import OrganizationForm, PersonForm

pytestmark = pytest.mark.gui


@pytest.fixture(autouse=True)
def discard_answers(monkeypatch):
    """Answers "Discard" when a form asks before throwing changes away; records the asking."""
    asked = []

    def question(*args, **kwargs):
        asked.append(args[1:3])
        return QMessageBox.StandardButton.Discard

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


def counts():
    return {m._meta.table_name: m.select().count()
            for m in (*models.EDITABLE_MODELS, models.ChangeLog)}


def show(qtbot, form):
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    return form


def type_into(qtbot, form, name, text):
    widget = form.fields[name]
    widget.clear()
    type_text(qtbot, widget, text)


def save(qtbot, form):
    qtbot.keyClick(form, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    wait_for_writes()


# The offscreen platform cannot raise the completer's popup or let it grab the keyboard.
offscreen_popups = pytest.mark.qt_log_ignore("This plugin does not support raise",
                                             "This plugin does not support grabbing")


def pick(qtbot, picker, text):
    """Type into a record picker and choose the first completion, as the officer does."""
    type_text(qtbot, picker, text)
    popup = picker.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    popup.setCurrentIndex(picker.completer().completionModel().index(0, 0))
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: picker.record_id is not None)


def new_person(qtbot, name, mobile, id_number=""):
    form = show(qtbot, PersonForm())
    type_into(qtbot, form, "name", name)
    type_into(qtbot, form, "mobile", mobile)
    if id_number:
        type_into(qtbot, form, "id_number", id_number)
    save(qtbot, form)
    assert form.saved is not None, [e.text() for e in form.errors.values() if e.isVisible()]
    return form.saved.id


def test_enter_moves_to_the_next_field_and_the_id_fills_birth_date_and_gender(qtbot):
    form = show(qtbot, PersonForm())
    type_text(qtbot, form.fields["name"], "张伟")
    qtbot.keyClick(form.fields["name"], Qt.Key.Key_Return)
    assert form.focusWidget() is form.fields["id_number"]
    qtbot.keyClicks(form.fields["id_number"], resident_id().lower())
    save(qtbot, form)
    got = people.get_person(form.saved.id)
    assert (got.birth_date, got.gender) == (date(1980, 5, 1), "male")


def test_an_invalid_id_number_is_refused_next_to_the_field_and_nothing_is_written(qtbot):
    i18n.set_language("zh_CN")
    before = counts()
    form = show(qtbot, PersonForm())
    type_into(qtbot, form, "name", "张伟")
    number = resident_id()
    type_into(qtbot, form, "id_number", number[:-1] + ("1" if number[-1] != "1" else "2"))
    save(qtbot, form)
    assert form.saved is None and form.isVisible()
    assert form.errors["id_number"].isVisible()
    assert "校验位" in form.errors["id_number"].text()
    assert form.focusWidget() is form.fields["id_number"]
    assert counts() == before


def test_a_duplicate_mobile_warns_links_to_the_existing_record_and_may_be_saved_anyway(qtbot):
    first = new_person(qtbot, "张伟", "13800138000")
    form = show(qtbot, PersonForm())
    type_into(qtbot, form, "name", "李娜")
    type_into(qtbot, form, "mobile", "138 0013 8000")
    save(qtbot, form)
    assert form.saved is None
    assert form.message.isVisible() and "13800138000" not in form.message.text()
    assert f'href="person:{first}"' in form.message.text()
    with qtbot.waitSignal(form.open_existing) as opened:
        form.message.linkActivated.emit(f"person:{first}")
    assert opened.args == ["person", first]
    assert form.save_anyway.isVisible()
    qtbot.mouseClick(form.save_anyway, Qt.MouseButton.LeftButton)
    wait_for_writes()
    assert form.saved is not None and models.Person.select().count() == 2


@offscreen_popups
def test_an_employer_typed_but_not_picked_is_refused(qtbot):
    organization()
    form = show(qtbot, PersonForm())
    type_into(qtbot, form, "name", "张伟")
    type_into(qtbot, form, "employer_id", "海天")
    form.fields["employer_id"].completer().popup().hide()
    save(qtbot, form)
    assert form.saved is None and form.errors["employer_id"].isVisible()


def test_escape_closes_and_asks_first_when_something_was_typed(qtbot, discard_answers):
    form = show(qtbot, PersonForm())
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert not form.isVisible() and discard_answers == []
    form = show(qtbot, PersonForm())
    type_into(qtbot, form, "name", "张伟")
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert not form.isVisible() and len(discard_answers) == 1
    assert models.Person.select().count() == 0


def appoint_through_form(qtbot, commissioner_id, level, start, end, served=None):
    form = show(qtbot, AppointmentForm(commissioner_id))
    form.fields["level"].setCurrentIndex(form.fields["level"].findData(level))
    form.fields["year"].setValue(start.year)
    form.fields["term_start"].set_value(start)
    form.fields["term_end"].set_value(end)
    type_into(qtbot, form, "doc_number", f"闽科农〔{start.year}〕1号")
    if served:
        pick(qtbot, form.fields["served"].picker, served)
        qtbot.mouseClick(form.fields["served"].add_button, Qt.MouseButton.LeftButton)
    streets = form.fields["streets"]
    streets.item(0).setCheckState(Qt.CheckState.Checked)
    save(qtbot, form)
    assert form.saved is not None, [e.text() for e in form.errors.values() if e.isVisible()]


@offscreen_popups
def test_create_an_individual_a_team_and_a_legal_person_each_with_two_levels(qtbot):
    zhang = new_person(qtbot, "张伟", "13800138000", resident_id())
    new_person(qtbot, "李娜", "13912345678")
    new_person(qtbot, "王芳", "13912345679")
    org_form = show(qtbot, OrganizationForm())
    type_into(qtbot, org_form, "name", "泉州海天材料科技股份有限公司")
    type_into(qtbot, org_form, "uscc", credit_code().lower())
    save(qtbot, org_form)
    assert org_form.saved is not None

    individual = show(qtbot, CommissionerForm(kind="individual"))
    pick(qtbot, individual.fields["person"], "zw")
    save(qtbot, individual)

    team = show(qtbot, CommissionerForm(kind="team"))
    assert not team.fields["person"].isVisible() and team.fields["team_name"].isVisible()
    type_into(qtbot, team, "team_name", "新材料科技特派员团队")
    pick(qtbot, team.fields["leader"], "ln")
    pick(qtbot, team.fields["members"].picker, "wangfang")
    team.fields["members"].dates[0].set_value(date(2024, 3, 1))
    qtbot.mouseClick(team.fields["members"].add_button, Qt.MouseButton.LeftButton)
    save(qtbot, team)

    legal = show(qtbot, CommissionerForm(kind="legal_person"))
    pick(qtbot, legal.fields["organization"], "海天")
    save(qtbot, legal)

    made = [individual.saved.id, team.saved.id, legal.saved.id]
    for commissioner_id in made:
        appoint_through_form(qtbot, commissioner_id, "provincial", date(2024, 1, 1),
                             date(2026, 12, 31), served="海天")
        appoint_through_form(qtbot, commissioner_id, "municipal", date(2025, 1, 1),
                             date(2027, 12, 31))
    got = [cs.get_commissioner(i) for i in made]
    assert [(c.kind, c.name) for c in got] == [
        ("individual", "张伟"), ("team", "新材料科技特派员团队"),
        ("legal_person", "泉州海天材料科技股份有限公司")]
    assert got[0].person_id == zhang
    assert [(m.person_name, m.joined_on) for m in got[1].members] == [("王芳", date(2024, 3, 1))]
    for commissioner_id in made:
        held = cs.appointments_of(commissioner_id, today=date(2025, 6, 1))
        assert sorted(a.level for a in held) == ["municipal", "provincial"]
        provincial = next(a for a in held if a.level == "provincial")
        assert [s.organization_name for s in provincial.served] == ["泉州海天材料科技股份有限公司"]
        assert len(provincial.street_names) == 1
    rows = search.page(search.ListQuery("commissioners", filters={"level": "municipal"})).rows
    assert len(rows) == 3


def test_a_team_without_leader_shows_the_error_at_the_leader(qtbot):
    person("王芳")
    team = show(qtbot, CommissionerForm(kind="team"))
    type_into(qtbot, team, "team_name", "团队")
    save(qtbot, team)
    assert team.errors["leader"].isVisible() and team.saved is None


def test_the_form_in_chinese(app, qtbot, screenshot):
    i18n.set_language("zh_CN")
    application.install_qt_translator(app, "zh_CN")
    employer = organization()
    zhang = person(mobile="13800138000", employer_id=employer, id_number=resident_id())
    form = show(qtbot, PersonForm(zhang))
    type_into(qtbot, form, "mobile", "1380013")
    save(qtbot, form)
    assert form.errors["mobile"].isVisible()
    assert form.form.labelForField(form.fields["mobile"].parentWidget()).text() == "手机"
    assert form.buttons.button(form.buttons.StandardButton.Save).text() == "保存"
    form.resize(560, 760)
    screenshot(form, "register_person_form_zh_CN")
    application.install_qt_translator(app, "en")


@offscreen_popups
def test_team_form_in_chinese(app, qtbot, screenshot):
    i18n.set_language("zh_CN")
    application.install_qt_translator(app, "zh_CN")
    person("李娜")
    person("王芳")
    form = show(qtbot, CommissionerForm(kind="team"))
    type_into(qtbot, form, "team_name", "新材料科技特派员团队")
    pick(qtbot, form.fields["leader"], "ln")
    pick(qtbot, form.fields["members"].picker, "wf")
    form.fields["members"].dates[0].set_value(date(2024, 3, 1))
    qtbot.mouseClick(form.fields["members"].add_button, Qt.MouseButton.LeftButton)
    assert form.fields["members"].items.item(0).text().startswith("王芳")
    assert form.form.labelForField(form.fields["leader"].parentWidget()).text() == "团队负责人"
    form.resize(620, 760)
    qtbot.wait(50)
    screenshot(form, "register_team_form_zh_CN")
    save(qtbot, form)
    assert form.saved is not None
    application.install_qt_translator(app, "en")
