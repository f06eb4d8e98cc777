"""Every text an officer reads in the Chinese interface (issue 16, items 7 and 8): each screen,
record page and form is opened on the demo data and its visible texts are read back. None may
be an internal value (snake_case codes, UUIDs, ISO timestamps with T or Z), English left
untranslated, or the translation catalog's header."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QDialog,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QTabWidget,
    QWidget,
)

from db import models
from tests.exchange.conftest import messy_workbook  # noqa: F401  (a fixture)
from ui.screens import SCREENS

IDENTIFIER = re.compile(
    r"\b[a-z]+_[a-z_]+\b"  # snake_case
    r"|\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b"  # a UUID
    r"|\d{4}-\d{2}-\d{2}T\d|\d{2}:\d{2}(:\d{2})?(\.\d+)?Z\b")  # an ISO timestamp with T or Z
ENGLISH = re.compile(r"\b[A-Za-z]{3,}\b")
# Latin words a Chinese officer's screens do carry: names of things, and file names.
ALLOWED = {"Excel", "PDF", "Word", "Ctrl", "Shift", "Alt", "Enter", "Esc", "Tab", "xlsx", "csv",
           "xls", "docx", "pdf", "SQLite", "PostgreSQL", "com", "www", "http", "https", "cdpkg",
           "Licheng", "English", "backups",  # a language's own name; the backups folder's name
           "CSV", "UTF", "GBK", "Del"}  # text encodings; the Delete key as Qt names it
PATH = re.compile(r"(?:[A-Za-z]:)?[/\\][\w./\\-]+")
HEADER = ("Project-Id-Version", "Generated-By", "Content-Type", "MIME-Version")


def texts_of(root: QWidget) -> list[tuple[str, str]]:
    """(where, text) for what ``root`` shows: labels, buttons, fields, lists, tabs, headers and
    the first rows of tables."""
    found = [(type(root).__name__ + ".windowTitle", root.windowTitle())]
    for w in root.findChildren(QWidget):
        if not w.isVisibleTo(root):
            continue
        where = f"{type(w).__name__}#{w.objectName()}"
        if isinstance(w, QLabel | QAbstractButton):
            found.append((where, w.text()))
        elif isinstance(w, QLineEdit):
            found += [(where, w.text()), (where, w.placeholderText())]
        elif isinstance(w, QPlainTextEdit):
            found.append((where, w.toPlainText()))
        elif isinstance(w, QComboBox):
            found += [(where, w.itemText(i)) for i in range(w.count())]
        elif isinstance(w, QGroupBox):
            found.append((where, w.title()))
        elif isinstance(w, QTabWidget):
            found += [(where, w.tabText(i)) for i in range(w.count())]
        if isinstance(w, QListWidget):
            found += [(where, w.item(i).text()) for i in range(min(w.count(), 40))]
        elif isinstance(w, QAbstractItemView) and w.model() is not None:
            model = w.model()
            for c in range(model.columnCount()):
                found.append((where, str(model.headerData(c, Qt.Orientation.Horizontal) or "")))
                for r in range(min(model.rowCount(), 40)):
                    found.append((where, str(model.index(r, c).data() or "")))
        found.append((where + ".toolTip", w.toolTip()))
    return found


def offending(found: list[tuple[str, str]], user_texts: set[str]) -> list[tuple[str, str]]:
    bad = []
    for where, text in found:
        plain = PATH.sub("", re.sub(r"<[^>]+>|&\w+;|\(&\w\)|&", "", text))
        if any(h in text for h in HEADER) or IDENTIFIER.search(plain):
            bad.append((where, text))
            continue
        words = set(ENGLISH.findall(plain)) - ALLOWED
        if words and not any(word in user for word in words for user in user_texts):
            bad.append((where, text))
    return bad


def register_texts() -> set[str]:
    """What the officer (or the demo) typed into the register, and the names of the database
    and its users (a server's URL, a login): may hold Latin letters."""
    from db.database import display_location
    from tests import postgres

    values = {display_location(postgres.URL or ""),
              *(user for (user,) in models.ChangeBatch.select(models.ChangeBatch.db_user).tuples())}
    for model, fields in ((models.Person, ("email", "notes", "expertise", "specialty")),
                          (models.Organization, ("name", "address", "notes")),
                          (models.Event, ("title", "place", "summary"))):
        for row in model.select():
            values.update(str(getattr(row, f) or "") for f in fields)
    return {v for v in values if v}


@pytest.fixture(autouse=True)
def no_questions(monkeypatch):
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *args, **kwargs: QMessageBox.StandardButton.Discard)


def test_every_screen_shows_only_chinese_and_values_as_labels(demo, make_window, qtbot):
    window = make_window("zh_CN")
    user = register_texts()
    bad = []
    for key, _title, _factory in SCREENS:
        screen = window.show_screen(key)
        qtbot.wait(300)
        model = getattr(screen, "model", None)
        if model is not None and hasattr(model, "loading"):
            qtbot.waitUntil(lambda m=model: not m.loading, timeout=10_000)
        bad += [(key, *b) for b in offending(texts_of(screen), user)]
    bad += [("window", *b) for b in offending(texts_of(window), user)]
    assert bad == [], "\n".join(map(str, bad))


def first(model) -> int:
    return model.select(model.id).where(model.deleted_at.is_null()).order_by(model.id).first().id


def test_every_form_and_record_page_shows_only_chinese(demo, make_window, qtbot):
    from app.activities import events
    from ui.activities.event_forms import EventForm, OutcomeForm
    from ui.register.commissioner_form import AppointmentForm, CommissionerForm
    from ui.register.forms import OrganizationForm, PersonForm, WorkstationForm
    from ui.register.record_pages import RecordPage

    make_window("zh_CN")
    user = register_texts()
    commissioner = first(models.Commissioner)
    event = first(models.Event)
    outcome = models.Outcome.select().first()
    dialogs = [
        PersonForm(first(models.Person)), OrganizationForm(first(models.Organization)),
        WorkstationForm(first(models.Workstation)), CommissionerForm(commissioner),
        AppointmentForm(commissioner, first(models.Appointment)),
        EventForm(events.get_event(event)), OutcomeForm(event),
        RecordPage("commissioner", commissioner), RecordPage("organization",
                                                             first(models.Organization)),
        RecordPage("workstation", first(models.Workstation)),
    ]
    if outcome is not None:
        dialogs.append(OutcomeForm(outcome.event_id, events.outcomes(outcome.event_id)[0]))
    bad = []
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        pages = dialog.findChildren(QTabWidget)
        for tabs in pages:
            for i in range(tabs.count()):
                tabs.setCurrentIndex(i)
                bad += [(type(dialog).__name__, *b) for b in offending(texts_of(dialog), user)]
        bad += [(type(dialog).__name__, *b) for b in offending(texts_of(dialog), user)]
        dialog.close()
    assert not bad, "\n".join(map(str, sorted(set(bad))))


def test_the_merge_preview_and_its_result_show_labels_not_values(app, qtbot, office, tmp_path,
                                                                 make_window, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    from app.exchange.package import export_package
    from tests.fieldwork import office_edits_the_same_phone, work_at_the_event
    from ui.exchange import package_dialogs

    window = make_window("zh_CN")
    package = tmp_path / "salon.cdpkg"
    export_package(package)
    office_edits_the_same_phone(office)
    work_at_the_event(package, office)
    user = register_texts()
    bad = []

    def preview(dialog):
        qtbot.waitUntil(lambda: dialog.plan is not None)
        for i in range(dialog.tabs.count()):
            dialog.tabs.setCurrentIndex(i)
            bad.extend(offending(texts_of(dialog), user))
        dialog.merge_button.click()
        qtbot.waitUntil(lambda: dialog.result is not None)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args: (str(package), ""))
    monkeypatch.setattr(package_dialogs.MergeDialog, "exec", preview)
    window.merge_package()
    bad.extend(offending([("statusBar", window.statusBar().currentMessage())], user))
    assert not bad, "\n".join(map(str, sorted(set(bad))))


def test_the_audit_trail_of_a_walk_in_shows_labels_names_and_local_times(make_window, qtbot):
    from datetime import datetime

    from app.activities import checkin, events

    window = make_window("zh_CN")  # the officer works in Chinese: batches are named in it
    event = events.save_event(events.EventInput("salon", "人才沙龙", datetime(2026, 3, 1, 1)))
    checkin.walk_in(event.id, "周洁", "13811112222", "晋江新材料有限公司")
    screen = window.show_screen("audit")
    qtbot.waitUntil(lambda: screen.model.rowCount() > 0)
    user = register_texts()
    bad = []
    for row in range(screen.model.rowCount()):
        screen.batches.selectRow(row)
        qtbot.waitUntil(lambda: screen.changes_model.rowCount() > 0)
        bad += offending(texts_of(screen), user)
        for r in range(screen.changes_model.rowCount()):
            screen.follow_record(screen.changes_model.index(r, 0))
            bad += offending([("record", screen.record_label.text())], user)
            screen.follow(None)
    assert not bad, "\n".join(map(str, sorted(set(bad))))


@pytest.fixture
def asked(monkeypatch):
    """The (title, text) of every message box asked; questions are answered No (Discard for the
    forms' unsaved-changes question), so nothing is replaced or lost."""
    said: list[tuple[str, str]] = []

    def ask(answer):
        def box(_parent, title, text, *args, **kwargs):
            said.append((title, text))
            return answer
        return box

    no = QMessageBox.StandardButton.No
    monkeypatch.setattr(QMessageBox, "question", lambda parent, title, text, *a, **k: (
        said.append((title, text)) or (QMessageBox.StandardButton.Discard
                                       if QMessageBox.StandardButton.Discard in a else no)))
    for name in ("information", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, name, ask(QMessageBox.StandardButton.Ok))
    monkeypatch.setattr(QMessageBox, "about", ask(None))
    return said


@pytest.fixture
def suggested(monkeypatch):
    """The (title, file name) every save dialog suggests; each is cancelled."""
    from pathlib import Path

    from PySide6.QtWidgets import QFileDialog

    names: list[tuple[str, str]] = []

    def save(_parent, title, path, filters, *args):
        names.append((title, Path(path).name))
        names.append((title, filters))
        return "", ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save)
    return names


def test_every_dialog_shows_only_chinese(demo, make_window, qtbot, asked, suggested,
                                         messy_workbook):  # noqa: F811
    from datetime import date, timedelta

    from app.demands import lifecycle as demands
    from app.history import recycle
    from app.register import people
    from db import database as dbmod
    from tests.app import demand_helpers as dh
    from ui import ops
    from ui.activities.checkin import CheckinScreen
    from ui.activities.service_log_forms import ServiceLogForm, TrainingForm
    from ui.demands import dialogs as demand_dialogs
    from ui.exchange.dialogs import BackupsDialog, ExportDialog
    from ui.exchange.import_dialog import ImportDialog
    from ui.exchange.package_dialogs import PrepareDialog
    from ui.history.recycle_bin import RecycleBinDialog
    from ui.register.duplicates import MergeDialog
    from ui.shortcuts import ShortcutsDialog

    window = make_window("zh_CN")
    file = dbmod.sqlite_path()  # backups of a file are named after it
    user = register_texts() | ({file.stem} if file else set())
    bad: list[tuple[str, str, str]] = []

    def look(name: str, dialog: QWidget) -> None:
        qtbot.waitExposed(dialog)
        for tabs in dialog.findChildren(QTabWidget):
            for i in range(tabs.count()):
                tabs.setCurrentIndex(i)
                bad.extend((name, *b) for b in offending(texts_of(dialog), user))
        bad.extend((name, *b) for b in offending(texts_of(dialog), user))

    def opened(name: str, dialog: QWidget) -> QWidget:
        qtbot.addWidget(dialog)
        dialog.show()
        look(name, dialog)
        return dialog

    # Import: each step, with its preview and its result.
    wizard = opened("import", ImportDialog(window))
    qtbot.mouseClick(wizard.template_button, Qt.MouseButton.LeftButton)
    wizard.path_edit.setText(str(messy_workbook))
    for step in ("mapping", "preview", "done"):
        qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not wizard.progress.isVisible(), timeout=30_000)
        ops.wait_for_all()
        if step != "mapping":
            qtbot.waitUntil(lambda: wizard.report is not None)
        look(f"import {step}", wizard)
        if step == "preview":
            qtbot.mouseClick(wizard.save_rejected_button, Qt.MouseButton.LeftButton)
    wizard.close()

    export = opened("export", ExportDialog(window))
    export.export()
    export.close()
    backups = opened("backups", BackupsDialog(window))
    backups.backup_now()
    if file:
        qtbot.waitUntil(lambda: backups.model.rowCount() > 0, timeout=10_000)
        look("backups", backups)
        backups.restore(backups.paths[0])  # asks first: answered No
    else:  # a server database is backed up on the server: the dialog says so
        qtbot.waitUntil(lambda: "服务器" in backups.message.text(), timeout=10_000)
        look("backups", backups)
    backups.close()

    person = people.save_person(people.PersonData(name="回收站测试"), allow_similar=True).id
    recycle.delete("person", [person])
    opened("recycle bin", RecycleBinDialog(window)).close()

    twin = people.save_person(people.PersonData(name="郑一鸣", mobile="13800009999"),
                              allow_similar=True).id
    other = people.save_person(people.PersonData(name="郑一鸣", mobile="13800009999"),
                               allow_similar=True).id
    opened("duplicates merge", MergeDialog("person", twin, other, window)).close()

    # The demand life cycle: new, claim, assign, reject, accept, close with the evaluation.
    today = date.today()
    opened("new demand", demand_dialogs.demand_form(window)).close()
    org = dh.organization("泉州鲤城纺织有限公司")
    zhang, li = dh.commissioner("张晓彤"), dh.commissioner("李娜娜")
    demand_id = dh.demand(org, "纺织面料染色工艺改进", today=today,
                          deadline=today + timedelta(days=30), finish=today + timedelta(days=120))
    demands.publish(demand_id, today)
    rejected = demands.claim(demand_id, li, today, "").detail
    taken = demands.claim(demand_id, zhang, today, "").detail
    page = window.show_screen("demands").open_demand(demand_id)
    qtbot.addWidget(page)
    look("demand page", page)
    for action, claim in (("claim", None), ("assign", None), ("reject", rejected)):
        demand_dialogs.start_action(page, demand_id, action, page._done,
                                    lambda error: page.message.say(error.message), claim)
        look(action, page.active_dialog)
        page.active_dialog.reject()
    demands.reject_claim(rejected, today, "专业不对口")
    demands.accept_claim(taken, today)
    demands.start_evaluation(demand_id, today)
    demand_dialogs.start_action(page, demand_id, "close", page._done,
                                lambda error: page.message.say(error.message), finished_on=today)
    look("close with evaluation", page.active_dialog)
    page.active_dialog.reject()
    page.close()

    event = first(models.Event)
    events_screen = window.show_screen("events")
    events_screen.open_event(event)
    look("event page", events_screen)
    opened("check-in", CheckinScreen(event, window)).close()
    opened("new service log", ServiceLogForm(parent=window)).close()
    opened("training", TrainingForm(window)).close()
    prepare = opened("prepare package", PrepareDialog(window))
    prepare._browse()
    prepare.close()
    opened("shortcuts", ShortcutsDialog(window)).close()
    window.show_about()
    bad.extend(("message", *b) for b in offending(
        [(title, title) for title, _text in asked] + [(title, text) for title, text in asked],
        user))
    bad.extend(("file dialog", *b) for b in offending(
        [(title, title) for title, _text in suggested] + suggested, user))
    assert len(suggested) == 2 * 4  # template, rejected rows, export, package
    assert any(title == "关于科技特派员工作台" for title, _text in asked)
    assert not bad, "\n".join(map(str, sorted(set(bad))))
