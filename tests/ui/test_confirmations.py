"""Nothing is removed before the officer says yes: a "No" leaves everything as it was."""

import pytest
from PySide6.QtWidgets import QMessageBox

from app.activities import events
from app.register.views import save_view, saved_views
from db import models
from tests.ui.waiting import wait_for_writes
from ui.activities.event_page import EventPage


@pytest.fixture
def answers(monkeypatch):
    """Answers the confirmation questions in turn, recording what was asked."""
    asked, replies = [], []

    def question(_parent, title, text, *_args):
        asked.append(title)
        return replies.pop(0)

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked, replies


def test_removing_participants_and_an_outcome_asks_first(qtbot, demo, answers):
    asked, replies = answers
    page = EventPage()
    qtbot.addWidget(page)
    event_id = models.Outcome.select().first().event_id
    page.show_event(event_id)
    before = len(events.participants(event_id)), len(events.outcomes(event_id))
    page.participants.selectRow(0)
    page.outcomes.selectRow(0)
    replies += [QMessageBox.StandardButton.No, QMessageBox.StandardButton.No]
    page.remove_participants()
    page.delete_outcome()
    assert asked == ["Remove participants", "Delete outcome"]
    assert (len(events.participants(event_id)), len(events.outcomes(event_id))) == before
    replies += [QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.Yes]
    page.participants.selectRow(0)
    page.remove_participants()
    wait_for_writes()
    page.outcomes.selectRow(0)  # the page was shown again
    page.delete_outcome()
    wait_for_writes()
    assert (len(events.participants(event_id)), len(events.outcomes(event_id))) == (
        before[0] - 1, before[1] - 1)


def test_deleting_a_saved_view_asks_first(make_window, qtbot, answers):
    asked, replies = answers
    save_view("commissioners", "到期提醒", {"expiring": True})
    window = make_window("en")
    view = window.show_screen("commissioners")
    view.views.setCurrentRow(0)
    replies.append(QMessageBox.StandardButton.No)
    view.delete_current_view()
    wait_for_writes()
    assert asked == ["Delete view"] and len(saved_views("commissioners")) == 1
    replies.append(QMessageBox.StandardButton.Yes)
    view.delete_current_view()
    wait_for_writes()
    assert saved_views("commissioners") == []
