"""Two officers have one person's form open; the second to save is shown both values of the
field they both changed and asked which to keep."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from app.registry import people
from db import models
from tests.ui.test_register_forms import save, show, type_into
from ui.dialogs.register_forms import PersonForm

pytestmark = pytest.mark.gui


def _cells(table) -> list[list[str]]:
    return [[table.item(r, c).text() if table.item(r, c) else "" for c in range(5)]
            for r in range(table.rowCount())]


@pytest.mark.parametrize("keep", ["Yours", "Saved since"])
def test_the_second_save_shows_both_values_and_asks(qtbot, keep, screenshot):
    record = people.save_person(people.PersonData(name="林一", mobile="13900000001")).id
    mine = show(qtbot, PersonForm(record))
    theirs = show(qtbot, PersonForm(record))
    type_into(qtbot, theirs, "mobile", "13900000002")
    theirs.fields["notes"].setPlainText("他们的备注")
    save(qtbot, theirs)
    assert theirs.result() == theirs.DialogCode.Accepted
    type_into(qtbot, mine, "mobile", "13900000003")
    type_into(qtbot, mine, "position", "研究员")
    save(qtbot, mine)
    asked = mine.conflicts
    assert asked is not None and asked.isVisible()
    assert mine.isVisible()  # nothing saved yet, the form stays open
    assert _cells(asked.table) == [["Person", "Mobile", "13900000001", "13900000002",
                                    "13900000003"]]
    stored = models.Person.get_by_id(record)
    assert (stored.mobile, stored.position) == ("13900000002", "")
    if keep == "Yours":
        screenshot(asked, "edit-conflict")
    [(_conflict, choice)] = asked.choices
    choice.setCurrentIndex(choice.findText(keep))
    next(b for b in asked.findChild(QDialogButtonBox).buttons()
         if b.text() == "Save with these values").click()
    assert mine.result() == mine.DialogCode.Accepted
    stored = models.Person.get_by_id(record)
    wanted = "13900000003" if keep == "Yours" else "13900000002"
    assert (stored.mobile, stored.position, stored.notes) == (wanted, "研究员", "他们的备注")
