"""The scheme editor (issue 21): a scheme edited and saved, a wrong one refused with the reason and
nothing stored, a frozen one read-only and refused when it froze while open, copied to a year,
exported and imported; and its picture."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QInputDialog

from app.assessment import schemes
from db import changelog, models
from tests.ui.waiting import wait_for_writes
from ui.assessment.scheme_editor import ItemsTable, SchemeDialog

pytestmark = pytest.mark.gui


def freeze(year: int, subject_type: str) -> None:
    """As a finished round leaves the scheme it used."""
    with changelog.batch("freeze"):
        row = models.AssessmentScheme.get(year=year, subject_type=subject_type)
        row.frozen = True
        row.save()


def save_button(dialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Save)


def test_a_scheme_is_edited_and_a_wrong_one_refused(make_window, qtbot):
    make_window("en")
    dialog = SchemeDialog(2025, "individual")
    qtbot.addWidget(dialog)
    dialog.show()
    items = dialog.fields["items"]
    assert items.rowCount() == len(schemes.default_scheme("individual", 2025).items)
    assert items.item(0, ItemsTable.LABEL).text() == schemes.item_label(
        schemes.default_scheme("individual", 2025).items[0])
    # 15 → 16 points: the items add up to 101
    items.item(0, ItemsTable.MAX).setText("16")
    dialog.save()
    wait_for_writes()
    assert dialog.isVisible()
    assert "101" in dialog.errors["items"].text()
    assert models.AssessmentScheme.select().count() == 0
    items.item(0, ItemsTable.MAX).setText("15")
    dialog.fields["excellent_quota_pct"].setText("thirty")
    dialog.save()
    wait_for_writes()
    assert "thirty" in dialog.message.text() and models.AssessmentScheme.select().count() == 0
    dialog.fields["excellent_quota_pct"].setText("30")
    dialog.fields["funds"].lines["pass"].setText("0.2")
    items.item(0, ItemsTable.LABEL).setText("服务方式与频次")
    dialog.save()
    wait_for_writes()
    assert not dialog.isVisible(), dialog.message.text()
    stored = schemes.scheme_for(2025, "individual")
    assert stored.id is not None and stored.excellent_quota_pct == Decimal(30)
    assert stored.funds == {"excellent": Decimal(1), "good": Decimal("0.5"),
                            "pass": Decimal("0.2")}
    assert stored.items[0].label == "服务方式与频次"
    # the labels left as shown keep their default's source text (they follow the language)
    assert stored.items[1:] == schemes.default_scheme("individual", 2025).items[1:]


def test_a_frozen_scheme_is_read_only_and_refused_if_it_froze_while_open(make_window, qtbot):
    make_window("en")
    schemes.save_scheme(schemes.default_scheme("team", 2025))
    dialog = SchemeDialog(2025, "team")
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.frozen_note.isVisibleTo(dialog) and save_button(dialog).isEnabled()
    freeze(2025, "team")  # the round finished meanwhile
    dialog.fields["min_days_to_pass"].setText("3")
    dialog.save()
    wait_for_writes()
    assert dialog.isVisible() and "finished" in dialog.message.text()
    assert schemes.scheme_for(2025, "team").min_days_to_pass == 5
    dialog.mark_pristine()  # closed without asking whether to discard the edit
    dialog.close()

    dialog = SchemeDialog(2025, "team")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.frozen_note.isVisible() and not save_button(dialog).isEnabled()
    items = dialog.fields["items"]
    assert items.editTriggers() == ItemsTable.EditTrigger.NoEditTriggers
    assert not items.cellWidget(0, ItemsTable.SOURCE).isEnabled()
    assert dialog.fields["min_days_to_pass"].isReadOnly()
    assert not dialog.add_button.isEnabled()
    # another type of the same year is not frozen
    dialog.fields["subject_type"].setCurrentIndex(
        dialog.fields["subject_type"].findData("individual"))
    assert not dialog.frozen_note.isVisibleTo(dialog) and save_button(dialog).isEnabled()


def test_copy_to_year_export_and_import(make_window, qtbot, monkeypatch, tmp_path):
    make_window("en")
    schemes.save_scheme(schemes.default_scheme("team", 2025))
    freeze(2025, "team")
    dialog = SchemeDialog(2025, "team")
    qtbot.addWidget(dialog)
    dialog.show()
    monkeypatch.setattr(QInputDialog, "getInt", lambda *args: (2026, True))
    dialog.copy_to_year()
    wait_for_writes()
    assert dialog.fields["year"].value() == 2026 and not schemes.scheme_for(2026, "team").frozen
    assert save_button(dialog).isEnabled()

    path = tmp_path / "schemes.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: (str(path), ""))
    dialog.export()
    qtbot.waitUntil(lambda: "Exported" in dialog.message.text())
    assert path.exists()
    path.write_text(path.read_text(encoding="utf-8").replace('"2026"', '"2026x"'),
                    encoding="utf-8")
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args: (str(broken), ""))
    dialog.import_file()
    wait_for_writes()
    assert dialog.message.isVisibleTo(dialog) and "Imported" not in dialog.message.text()


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_scheme_editor_picture(make_window, qtbot, language, screenshot):
    make_window(language)
    dialog = SchemeDialog(2025, "individual")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    screenshot(dialog, f"assessment/scheme_editor_{language}")
