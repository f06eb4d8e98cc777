"""Two officers have one person's form open; the second to save is shown both values of the
field they both changed and asked which to keep."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from app.register import people
from db import models
from tests.ui.test_register_forms import save, show, type_into
from tests.ui.waiting import wait_for_writes
from ui.register.forms import PersonForm

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
    wait_for_writes()
    assert mine.result() == mine.DialogCode.Accepted
    stored = models.Person.get_by_id(record)
    wanted = "13900000003" if keep == "Yours" else "13900000002"
    assert (stored.mobile, stored.position, stored.notes) == (wanted, "研究员", "他们的备注")


def test_a_demand_page_open_for_hours_edits_what_is_stored_now(qtbot):
    """The edit form of a demand reads the demand again when it opens (the page may show what
    it read hours ago), and asks when a colleague saves the same field while it is open."""
    from PySide6.QtWidgets import QWidget

    from app.demands import queries as demand_queries
    from app.demands.lifecycle import DemandInput, edit
    from tests.app import demand_helpers as h
    from ui.demands.dialogs import demand_form

    demand = h.demand(h.organization("泉州鲤城纺织有限公司"), title="旧标题", description="旧说明")
    page_read = demand_queries.demand_detail(demand, date.today())  # the page, long ago

    def colleague_saves(**changes) -> None:
        row = models.Demand.get_by_id(demand)
        values = {f: getattr(row, f) for f in ("title", "description", "industry_field", "kind",
                                               "budget", "claim_deadline", "expected_finish",
                                               "max_accepted")}
        edit(demand, DemandInput(**{**values, "organization_id": row.organization_id,
                                    **changes}))

    colleague_saves(description="同事改的说明")
    parent = QWidget()
    qtbot.addWidget(parent)
    form = demand_form(parent, page_read)
    assert form.fields["description"].toPlainText() == "同事改的说明"
    colleague_saves(title="同事的标题")
    form.fields["title"].setText("我的标题")
    form.save()
    wait_for_writes()
    asked = form.conflicts
    assert asked is not None and asked.isVisible()
    assert _cells(asked.table) == [["Demand", "Title", "旧标题", "同事的标题", "我的标题"]]
    next(b for b in asked.findChild(QDialogButtonBox).buttons()
         if b.text() == "Save with these values").click()
    wait_for_writes()
    stored = models.Demand.get_by_id(demand)
    assert (stored.title, stored.description) == ("我的标题", "同事改的说明")


def test_an_event_page_open_for_hours_edits_what_is_stored_now(qtbot):
    from datetime import datetime, timedelta

    from app.activities import events
    from ui.activities.event_forms import EventForm

    start = datetime.now().replace(microsecond=0) + timedelta(days=3)
    event = events.save_event(events.EventInput("salon", "科技沙龙", start, place="旧地点")).id
    page_shows = events.get_event(event)  # what the page read long ago
    events.save_event(events.EventInput("salon", "科技沙龙", start, place="鲤城科技园"), event)
    form = show(qtbot, EventForm(page_shows))
    assert form.fields["place"].text() == "鲤城科技园"
    type_into(qtbot, form, "organizer", "区科技局")
    save(qtbot, form)
    assert form.result() == form.DialogCode.Accepted
    stored = events.get_event(event)
    assert (stored.place, stored.organizer) == ("鲤城科技园", "区科技局")
