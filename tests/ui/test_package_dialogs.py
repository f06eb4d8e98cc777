from PySide6.QtWidgets import QDialog

from app.core import i18n
from app.exchange import merge
from db import models
from tests.fieldwork import office_edits_the_same_phone, work_at_the_event
from ui import application
from ui.exchange.package_dialogs import MergeDialog, PrepareDialog


def test_prepare_dialog_writes_the_package_of_the_events_ahead(app, qtbot, office, tmp_path):
    dialog = PrepareDialog()
    qtbot.addWidget(dialog)
    assert dialog.events.count() == 1  # the coming salon, not last year's training
    dialog.path.setText(str(tmp_path / "salon.cdpkg"))
    dialog.export()
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted)
    assert (tmp_path / "salon.cdpkg").is_file()
    assert "salon.cdpkg" in dialog.result_text


def test_merge_preview_settles_questions_and_merges(app, qtbot, office, tmp_path, screenshot):
    from app.exchange.package import export_package

    i18n.set_language("zh_CN")
    application.install_qt_translator(app, "zh_CN")
    package = tmp_path / "salon.cdpkg"
    export_package(package)
    office_edits_the_same_phone(office)
    work_at_the_event(package, office)

    dialog = MergeDialog(package)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.plan is not None)
    assert dialog.tabs.count() == 5  # conflicts, duplicates, new, updated, waiting
    assert "1" in dialog.tabs.tabText(0) and dialog.merge_button.isEnabled()
    screenshot(dialog, "merge_preview_zh_CN")
    [(_conflict, choice)] = dialog.conflict_choices
    choice.setCurrentIndex(choice.findData(merge.PACKAGE))
    dialog.merge_button.click()
    qtbot.waitUntil(lambda: dialog.result is not None)
    assert models.Person.get_by_id(office["guests"][1]).mobile == "13700000001"
    assert models.Participant.select().where(models.Participant.status == "attended").count() == 7
    assert dialog.result.plan.questions == 0


def test_merge_preview_names_each_record_not_merged_and_why(app, qtbot, office, tmp_path):
    from tests.app.test_package_hostile import package_with_bad_values

    dialog = MergeDialog(package_with_bad_values(office, tmp_path))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.plan is not None)
    tab = dialog.tabs.count() - 1
    assert dialog.tabs.tabText(tab) == "Not merged (5)"
    shown = dialog.tabs.widget(tab)
    rows = {(shown.item(r, 1).text(), shown.item(r, 2).text()) for r in range(shown.rowCount())}
    assert ("来宾3", "Gender: Please choose a value.") in rows and len(rows) == 5
