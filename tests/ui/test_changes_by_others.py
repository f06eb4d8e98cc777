"""An open window notices what another program wrote to its database (a colleague on the shared
server): on the light poll of the change log, and when the officer comes back to the window."""

from __future__ import annotations

from datetime import date, timedelta
from functools import partial

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.core.changes import Changes
from app.data import session
from app.register import people
from tests.app.registry_helpers import appoint, individual, organization, person
from tests.connections import on_another_connection
from tests.ui.waiting import wait_for_writes
from ui import ops

pytestmark = pytest.mark.gui


def _write_elsewhere(work) -> None:
    """Writes through a connection of their own, not through the runner: as another program
    on the same database."""
    on_another_connection(work).join(30)


def _new_commissioner_in_force() -> None:
    today = date.today()
    commissioner = individual(person("林一"))
    appoint(commissioner, year=today.year, start=today - timedelta(days=30),
            end=today + timedelta(days=300), status="active")


def test_the_open_list_shows_what_another_program_added_after_the_poll(make_window, qtbot):
    organization("泉州甲公司")
    window = make_window("en", start="organizations")
    view = window.screens["organizations"]
    qtbot.waitUntil(lambda: view.model.total == 1)
    _write_elsewhere(lambda: organization("泉州乙公司"))
    qtbot.wait(200)
    assert view.model.total == 1  # nothing heard of it yet
    window.others.timer.timeout.emit()
    qtbot.waitUntil(lambda: view.model.total == 2)
    assert window.others.timer.interval() <= 30_000  # not a whole day


def test_the_dashboard_counts_again_when_the_officer_comes_back(make_window, qtbot):
    window = make_window("en", start="dashboard")
    view = window.screens["dashboard"]
    qtbot.waitUntil(lambda: view.tiles["commissioners"].figure.text() == "0")
    _write_elsewhere(_new_commissioner_in_force)
    qtbot.wait(200)
    assert view.tiles["commissioners"].figure.text() == "0"
    with qtbot.waitSignal(view.figures_shown, timeout=10_000):
        QApplication.instance().applicationStateChanged.emit(Qt.ApplicationState.ApplicationActive)
    assert view.tiles["commissioners"].figure.text() == "1"


def test_own_writes_are_not_announced_twice(make_window, qtbot):
    window = make_window("en", start="organizations")
    announced: list[Changes] = []
    ops.hub().changes_made.connect(announced.append)
    ops.run(partial(people.save_organization, people.OrganizationData(name="泉州甲公司")),
            parent=window)
    wait_for_writes()
    assert window.others.seen == session.newest_change()
    window.others.look()
    ops.hub().changes_made.disconnect(announced.append)
    assert [c.anything for c in announced] == [False]


def test_the_dashboard_counts_again_when_the_day_changes(make_window, qtbot):
    window = make_window("en", start="dashboard")
    view = window.screens["dashboard"]
    qtbot.waitUntil(lambda: view.tiles["commissioners"].figure.text() == "0")
    window._day = date.today() - timedelta(days=1)  # the program was left open overnight
    with qtbot.waitSignal(view.figures_shown, timeout=10_000):
        window.day_timer.timeout.emit()


@pytest.mark.postgresql_only
def test_the_poll_survives_a_lost_connection(make_window, qtbot, postgres_server):
    """The server restarted, or the network dropped: each look finds nothing and the window
    stays (a raise in a timer's slot would reach the crash dialog)."""
    window = make_window("en", start="organizations")
    postgres_server.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        f"WHERE datname = '{postgres_server.name}' AND pid <> pg_backend_pid()")
    window.others.look()  # the server's goodbye
    window.others.look()  # a connection known closed
    assert window.isVisible()
