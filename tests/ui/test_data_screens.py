"""Import wizard, Find duplicates with the merge dialog, Audit trail and Backups, on real widgets."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QMessageBox

from app.data import backup
from app.register import people
from db import changelog, models
from tests.exchange.conftest import (  # noqa: F401  (messy_workbook is a fixture)
    messy_workbook,
    resident_id,
    write_big_workbook,
)
from tests.ui.waiting import wait_for_writes
from ui import ops
from ui.exchange.dialogs import BackupsDialog
from ui.exchange.import_dialog import ImportDialog
from ui.history.audit import BatchModel
from ui.register.duplicates import MergeDialog

pytestmark = pytest.mark.gui


def _wait_idle(qtbot, dialog):
    qtbot.waitUntil(lambda: not dialog.progress.isVisible(), timeout=30_000)
    ops.wait_for_all()


def test_import_wizard_maps_previews_and_imports(make_window, qtbot, messy_workbook,  # noqa: F811
                                                 screenshot, qtmodeltester):
    window = make_window("zh_CN")
    dialog = ImportDialog(window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.path_edit.setText(str(messy_workbook))
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    assert dialog.step == dialog.MAPPING  # 序号 is not a known header
    boxes = dialog.mapping_page.findChildren(QComboBox)
    assert [b.currentText() for b in boxes] == ["（忽略此列）"]
    screenshot(dialog, "import_mapping_zh_CN")
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    _wait_idle(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.report is not None)
    assert dialog.step == dialog.PREVIEW and not dialog.report.applied
    assert dialog.summary.text().startswith("将新增 4  将更新 0  无变化 0  未导入 4")
    assert dialog.rows_model.rowCount() == 8
    assert dialog.save_rejected_button.isVisible()
    qtmodeltester.check(dialog.rows_model)
    assert not models.Person.select().exists()
    screenshot(dialog, "import_preview_zh_CN")

    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    _wait_idle(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.report.applied)
    assert dialog.step == dialog.DONE and dialog.next_button.text() == "关闭"
    assert dialog.summary.text().startswith("已新增 4  已更新 0  无变化 0  未导入 4")
    assert {p.name for p in models.Person.select()} == {"张三", "陈七", "周八", "吴九"}
    screenshot(dialog, "import_done_zh_CN")


def test_import_cancelled_midway_changes_nothing(make_window, qtbot, tmp_path):
    window = make_window("zh_CN")
    dialog = ImportDialog(window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.path_edit.setText(str(write_big_workbook(tmp_path / "big.xlsx", 60)))
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)  # Preview
    _wait_idle(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.report is not None)
    assert dialog.report.count("added") == 60
    seen = []

    def cancel_once_started(done, _total):
        seen.append(done)
        if done == 5:
            qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)

    dialog._progress.moved.connect(cancel_once_started)
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)  # Import
    _wait_idle(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.message.isVisible())
    assert dialog.message.text() == "导入已取消，数据未作任何改动。"
    assert 5 in seen and 60 not in seen
    assert not models.Person.select().exists()
    assert not models.ChangeBatch.select().where(models.ChangeBatch.kind == "import").exists()


def test_import_of_a_workbook_of_two_lists_asks_which_sheet(make_window, qtbot, tmp_path,
                                                             screenshot):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "鲤城"
    book.active.append(["单位名称", "地址"])
    book.active.append(["泉州甲有限公司", "鲤城区"])
    other = book.create_sheet("丰泽")
    other.append(["单位名称", "地址"])
    other.append(["泉州乙有限公司", "丰泽区"])
    path = tmp_path / "two.xlsx"
    book.save(path)
    window = make_window("zh_CN")
    dialog = ImportDialog(window, "organizations")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.path_edit.setText(str(path))
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    assert dialog.step == dialog.FILE and dialog.sheet_box.isVisible()
    assert [dialog.sheet_box.itemText(i) for i in range(dialog.sheet_box.count())] == [
        "鲤城", "丰泽"]
    screenshot(dialog, "import_sheet_zh_CN")
    dialog.sheet_box.setCurrentIndex(1)
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    _wait_idle(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.report is not None)
    assert dialog.report.sheet == "丰泽" and dialog.report.count("added") == 1
    dialog.path_edit.setText(str(path) + "x")
    assert dialog.sheet_box.isHidden()


def test_find_duplicates_and_merge(make_window, qtbot, screenshot):
    with changelog.batch("fixture"):
        unit = models.Organization.create(name="华侨大学")
        first = models.Person.create(name="张伟", employer=unit, mobile="13905951234")
        models.Person.create(name="张玮", employer=unit, id_number=resident_id(date(1980, 1, 2)),
                             email="zw@hqu.edu.cn")
    window = make_window("zh_CN")
    view = window.show_screen("duplicates")
    ops.wait_for_all()
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    assert view.model.data(view.model.index(0, 2)) == "同一单位、姓名拼音相同"
    screenshot(window, "duplicates_zh_CN")
    view.table.selectRow(0)

    dialog = MergeDialog("person", first.id, view.pairs[0].second_id, view)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.take_other() == {"id_number", "email"}  # what the kept record lacks
    dialog.choices["name"].button(2).setChecked(True)
    screenshot(dialog, "merge_records_zh_CN")
    dialog.merge()
    wait_for_writes()
    kept = people.get_person(first.id)
    assert (kept.name, kept.email, kept.mobile) == ("张玮", "zw@hqu.edu.cn", "13905951234")
    assert models.Person.live().count() == 1


def test_audit_trail_lists_filters_and_undoes(make_window, qtbot, qtmodeltester, screenshot,
                                              monkeypatch):
    people.save_organization(people.OrganizationData(name="审计测试单位"))
    people.save_person(people.PersonData(name="审计测试人"))
    window = make_window("zh_CN")
    view = window.show_screen("audit")
    qtmodeltester.check(view.model, force_py=True)
    assert view.model.rowCount() == 2
    view.table_box.setCurrentIndex(view.table_box.findData("person"))
    view.refresh()
    assert view.model.rowCount() == 1
    view.batches.selectRow(0)
    assert view.changes_model.rowCount() >= 1
    people.save_person(people.PersonData(**{**vars(people.get_person(models.Person.get().id)),
                                            "mobile": "13905951234"}))
    view.table_box.setCurrentIndex(0)
    view.refresh()
    view.batches.selectRow(1)  # the person's creation
    view.changes.doubleClicked.emit(view.changes_model.index(0, 0))
    labels = [view.model.row_at(i).label[-5:] for i in range(view.model.rowCount())]
    assert labels == ["审计测试人"] * 2  # saved twice
    assert view.record_bar.isVisible()
    view.batches.selectRow(1)
    screenshot(window, "audit_zh_CN")
    qtbot.mouseClick(view.all_records_button, Qt.MouseButton.LeftButton)
    assert view.model.rowCount() == 3
    view.table_box.setCurrentIndex(view.table_box.findData("person"))
    view.refresh()
    view.batches.selectRow(0)  # the change of mobile
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(view.undo_button, Qt.MouseButton.LeftButton)
    wait_for_writes()
    assert models.Person.get().mobile == ""
    view.table_box.setCurrentIndex(0)
    view.refresh()
    undone = view.model.row_at(1)
    assert view.model.data(view.model.index(1, BatchModel.KIND)).endswith("（已撤销）")
    qtbot.keyClicks(view.batch_edit, str(undone.id))
    qtbot.keyClick(view.batch_edit, Qt.Key.Key_Return)
    assert [view.model.row_id(i) for i in range(view.model.rowCount())] == [undone.id]
    assert view.model.data(view.model.index(0, BatchModel.BATCH)) == str(undone.id)


@pytest.mark.sqlite_only("the program's backups copy a database file; a server's are pg_dump's")
def test_backups_dialog_backs_up_and_restores(make_window, qtbot, screenshot, monkeypatch):
    people.save_organization(people.OrganizationData(name="备份前的单位"))
    window = make_window("zh_CN")
    dialog = BackupsDialog(window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.backup_button, Qt.MouseButton.LeftButton)
    ops.wait_for_all()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1)
    screenshot(dialog, "backups_zh_CN")
    people.save_organization(people.OrganizationData(name="备份后的单位"))
    dialog.table.selectRow(0)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr("ui.main_window.show_main_window", lambda info: window)
    dialog.restore_selected()
    names = {o.name for o in models.Organization.select()}
    assert names == {"备份前的单位"}
    assert sorted(b.reason for b in backup.backups()) == ["", "before-restore"]
