"""Two officers edit one record, each on a connection of its own: the second save of a field the
first changed since it was read shows both values and asks; the fields only one of them changed
are merged without a question."""

from __future__ import annotations

import threading
from dataclasses import replace

import pytest

from app.history import edit_conflicts as edits
from app.register import people
from db import models
from tests.connections import on_another_connection


@pytest.fixture
def person():
    return people.save_person(people.PersonData(name="林一", mobile="13900000001",
                                                department="茶叶所")).id



def _open(person_id: int) -> tuple[edits.Decisions, people.PersonData]:
    """What a form does when it opens a record."""
    decisions = edits.Decisions(edits.reading_mark())
    return decisions, people.get_person(person_id)


def _save(decisions: edits.Decisions, data: people.PersonData) -> None:
    with edits.saving(decisions):
        people.save_person(data, allow_similar=True)


def test_the_second_save_of_a_field_changed_since_asks(person):
    mine, read = _open(person)
    theirs, their_read = _open(person)
    on_another_connection(lambda: _save(theirs, replace(
        their_read, mobile="13900000002", notes="他们的备注"))).join()
    with pytest.raises(edits.EditConflictError) as raised:
        _save(mine, replace(read, mobile="13900000003", position="研究员"))
    [conflict] = raised.value.conflicts
    assert edits.describe(conflict) == edits.Shown("Person", "Mobile", "13900000001",
                                                   "13900000002", "13900000003")
    stored = models.Person.get_by_id(person)
    assert (stored.mobile, stored.position, stored.notes) == ("13900000002", "", "他们的备注")
    mine.decide(conflict, edits.MINE)
    _save(mine, replace(read, mobile="13900000003", position="研究员"))
    stored = models.Person.get_by_id(person)
    # Theirs kept where only they wrote; mine where only I did, and where I chose mine.
    assert (stored.mobile, stored.position, stored.notes, stored.department) == (
        "13900000003", "研究员", "他们的备注", "茶叶所")


def test_taking_theirs_keeps_their_value_and_saves_the_rest(person):
    mine, read = _open(person)
    theirs, their_read = _open(person)
    on_another_connection(lambda: _save(theirs, replace(their_read, mobile="13900000002"))
                           ).join()
    with pytest.raises(edits.EditConflictError) as raised:
        _save(mine, replace(read, mobile="13900000003", position="研究员"))
    mine.decide(raised.value.conflicts[0], edits.THEIRS)
    _save(mine, replace(read, mobile="13900000003", position="研究员"))
    stored = models.Person.get_by_id(person)
    assert (stored.mobile, stored.position) == ("13900000002", "研究员")


def test_a_decision_does_not_cover_a_value_saved_after_it(person):
    mine, read = _open(person)
    theirs, their_read = _open(person)
    on_another_connection(lambda: _save(theirs, replace(their_read, mobile="13900000002"))
                           ).join()
    with pytest.raises(edits.EditConflictError) as raised:
        _save(mine, replace(read, mobile="13900000003"))
    mine.decide(raised.value.conflicts[0], edits.MINE)
    again, again_read = _open(person)
    on_another_connection(lambda: _save(again, replace(again_read, mobile="13900000004"))
                           ).join()
    with pytest.raises(edits.EditConflictError) as raised:
        _save(mine, replace(read, mobile="13900000003"))
    assert raised.value.conflicts[0].theirs == "13900000004"


def test_the_same_value_saved_twice_is_no_conflict(person):
    mine, read = _open(person)
    theirs, their_read = _open(person)
    on_another_connection(lambda: _save(theirs, replace(their_read, mobile="13900000002"))
                           ).join()
    _save(mine, replace(read, mobile="13900000002", position="研究员"))
    stored = models.Person.get_by_id(person)
    assert (stored.mobile, stored.position) == ("13900000002", "研究员")


def test_the_check_is_made_inside_the_write_transaction(person):
    """The other officer's save is under way (written, not committed) when mine starts: mine
    waits for it, then sees it — a check made before the transaction would have missed it."""
    mine, read = _open(person)
    theirs, their_read = _open(person)
    written, commit = threading.Event(), threading.Event()
    from db import changelog

    def their_save():
        with edits.saving(theirs), changelog.batch("theirs"):
            people.save_person(replace(their_read, mobile="13900000002"), allow_similar=True)
            written.set()
            commit.wait(10)

    other = on_another_connection(their_save)
    assert written.wait(10)
    outcome: list = []

    def my_save():
        try:
            _save(mine, replace(read, mobile="13900000003"))
            outcome.append("saved")
        except edits.EditConflictError as error:
            outcome.append(error.conflicts[0].theirs)

    me = on_another_connection(my_save)
    me.join(0.5)
    assert me.is_alive()  # waiting for their transaction
    commit.set()
    other.join(10)
    me.join(10)
    assert outcome == ["13900000002"]
    assert models.Person.get_by_id(person).mobile == "13900000002"
