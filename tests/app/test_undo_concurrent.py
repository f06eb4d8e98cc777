"""Undo refuses when a colleague touched the same fields since, also when the colleague's save is
under way while the undo starts: the check is made inside the undo's write transaction."""

from __future__ import annotations

import threading
from dataclasses import replace

from app.core.errors import UserError
from app.history import undo as history
from app.register import people
from db import changelog
from tests.app.registry_helpers import other_computer, person
from tests.connections import on_another_connection


def test_undo_waits_for_a_colleagues_save_under_way_and_then_refuses():
    history.mark_start()
    zhang = person(mobile="13800138000")
    people.save_person(replace(people.get_person(zhang), mobile="13900139000"))
    written, commit = threading.Event(), threading.Event()

    def colleague():
        with changelog.batch("theirs"):
            people.save_person(replace(people.get_person(zhang), mobile="13700137000"))
            written.set()
            commit.wait(10)

    with other_computer():  # the colleague's batch is opened as theirs
        other = on_another_connection(colleague)
        assert written.wait(10)
    outcome: list = []

    def undo():
        try:
            outcome.append(history.undo())
        except UserError as error:
            outcome.append(error.message)

    mine = on_another_connection(undo)
    mine.join(0.5)
    commit.set()
    other.join(10)
    mine.join(10)
    assert len(outcome) == 1 and "has changed the same data (Person Mobile)" in outcome[0]
    assert people.get_person(zhang).mobile == "13700137000"
