"""The dashboard on the demo data: its figures, the period selector, and every tile, link and bar
opening the list behind it, filtered."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from app.core import i18n
from app.dashboard import figures as dashboard
from app.dashboard.figures import Period, figures
from ui import ops

pytestmark = pytest.mark.gui
TODAY = date.today()


@pytest.fixture
def board(make_window, demo, qtbot):
    """The main window on the dashboard, its figures shown."""

    def make(language="en"):
        window = make_window(language)
        view = window.screens["dashboard"]
        with qtbot.waitSignal(view.figures_shown, timeout=10_000):
            window.show_screen("dashboard")
        return window, view

    yield make
    i18n.set_language("en")


def choose(qtbot, view, period: Period) -> None:
    with qtbot.waitSignal(view.figures_shown, timeout=10_000):
        view.set_period(period)
    assert view.figures.period == period


def figure(view, name: str) -> str:
    return view.tiles[name].figure.text()


def register_list(window, qtbot, key: str):
    view = window.screens[key]
    assert window.stack.currentWidget() is view
    qtbot.waitUntil(lambda: not view.model.loading)
    return view


def test_figures_of_the_current_quarter(board, qtbot):
    _window, view = board()
    expected = figures(Period.current(TODAY), TODAY)
    assert view.period() == Period.current(TODAY)
    assert view.period_box.currentText() == i18n.format_quarter(TODAY.year, (TODAY.month + 2) // 3)
    assert figure(view, "commissioners") == str(expected.commissioners_in_force)
    assert figure(view, "demands") == str(expected.open_demands)
    assert figure(view, "events") == str(expected.events)
    assert len(view.appointments_chart.chart().axes()[0].categories()) == 8
    qtbot.waitUntil(lambda: view.tables["expired"].rows.rowCount() > 0)
    assert view.titles["expired"].text().endswith(f"({view.tables['expired'].rows.rowCount()})")


def test_the_period_selector_changes_the_figures(board, qtbot):
    _window, view = board()
    choose(qtbot, view, Period(2024))
    assert view.period_kind.currentText() == "Year"
    assert figure(view, "appointed") == "20"  # 5 provincial and 15 municipal
    assert 'Provincial <a href="provincial">5</a>' in view.tiles["appointed"].details.text()
    assert figure(view, "events") == "4"
    assert view.period_box.currentText() == "2024"
    assert view.events_chart.chart().axes()[0].categories()[0] == "Jan"
    choose(qtbot, view, Period(TODAY.year, (TODAY.month + 2) // 3))
    assert view.period_kind.currentText() == "Quarter"
    assert figure(view, "appointed") != "20"
    assert len(view.events_chart.chart().axes()[0].categories()) == 3


def test_clicking_the_commissioners_tile_opens_the_commissioners_in_force(board, qtbot):
    window, view = board()
    expected = view.figures.commissioners_in_force
    qtbot.mouseClick(view.tiles["commissioners"], Qt.MouseButton.LeftButton)
    listed = register_list(window, qtbot, "commissioners")
    assert listed.filters() == {"status": "in_force"}
    assert listed.filter_widgets["status"].currentText() == "In force"
    assert listed.model.total == expected > 0


def test_a_past_period_opens_the_commissioners_in_force_at_its_end(board, qtbot):
    window, view = board()
    choose(qtbot, view, Period(2024))
    expected = view.figures.commissioners_in_force
    qtbot.mouseClick(view.tiles["commissioners"], Qt.MouseButton.LeftButton)
    listed = register_list(window, qtbot, "commissioners")
    chip = listed.filter_widgets["in_force_on"]
    assert listed.filters() == {"in_force_on": "2024-12-31"}
    assert chip.isVisible() and chip.isChecked() and chip.text() == "In force on Dec 31, 2024"
    assert listed.model.total == expected > 0
    chip.click()  # unchecked: the day filter goes
    qtbot.waitUntil(lambda: not listed.model.loading)
    assert listed.filters() == {} and not chip.isVisible()
    assert listed.model.total > expected


def test_a_bar_of_a_past_quarter_opens_the_commissioners_in_force_at_its_end(board, qtbot):
    window, view = board()
    first = view.figures.appointments_by_quarter[0]
    view.appointments_chart.sets["provincial"].clicked.emit(0)
    listed = register_list(window, qtbot, "commissioners")
    assert listed.filters() == {"in_force_on": first.as_of.isoformat(), "level": "provincial"}
    then = figures(Period(first.year, first.quarter), TODAY)
    assert listed.model.total == sum(then.commissioners["provincial", kind]
                                     for kind in ("individual", "team", "legal_person")) > 0


def test_a_level_and_kind_link_filters_both(board, qtbot):
    window, view = board()
    expected = view.figures.commissioners["municipal", "individual"]
    view.tiles["commissioners"].details.linkActivated.emit("municipal/individual")
    listed = register_list(window, qtbot, "commissioners")
    assert listed.filters() == {"status": "in_force", "level": "municipal", "kind": "individual"}
    assert listed.model.total == expected > 0


def test_workstation_status_link(board, qtbot):
    window, view = board()
    view.tiles["workstations"].details.linkActivated.emit("operating")
    listed = register_list(window, qtbot, "workstations")
    assert listed.filters() == {"status": "operating"}
    assert listed.model.total == view.figures.workstations["operating"] > 0
    window.show_screen("dashboard")
    qtbot.mouseClick(view.tiles["workstations"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: listed.filters() == {} and not listed.model.loading)
    assert str(listed.model.total) == figure(view, "workstations")


def test_demand_tile_link_and_bar(board, qtbot):
    window, view = board()
    qtbot.mouseClick(view.tiles["demands"], Qt.MouseButton.LeftButton)
    demands = window.screens["demands"]
    assert window.stack.currentWidget() is demands
    assert not demands.overdue_box.isChecked()
    window.show_screen("dashboard")
    view.tiles["demands"].details.linkActivated.emit("overdue")
    assert demands.overdue_box.isChecked()
    assert demands.model.rowCount() == view.figures.overdue_demands > 0
    window.show_screen("dashboard")
    choose(qtbot, view, Period(2025))
    claimed = list(view.figures.demands_by_state).index("claimed")
    view.states_chart.sets["demands"].clicked.emit(len(view.figures.demands_by_state) - 1 - claimed)
    assert window.stack.currentWidget() is demands
    assert demands.filters().status == "claimed"
    assert demands.filters().year == 2025
    assert not demands.filters().overdue_only


def test_event_bar_and_tiles(board, qtbot):
    window, view = board()
    choose(qtbot, view, Period(2024))
    kind, months = next((k, m) for k, m in view.figures.events_by_month.items() if any(m.values()))
    view.events_chart.sets[kind].clicked.emit(list(months.values()).index(1))
    events = window.screens["events"]
    assert window.stack.currentWidget() is events
    assert (events.kind.currentData(), events.year.value()) == (kind, 2024)
    assert events.model.rowCount() == sum(months.values())
    window.show_screen("dashboard")
    qtbot.mouseClick(view.tiles["events"], Qt.MouseButton.LeftButton)
    assert (events.kind.currentData(), events.year.value()) == (None, 2024)
    assert events.model.rowCount() == 4
    window.show_screen("dashboard")
    qtbot.mouseClick(view.tiles["service_days"], Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.screens["service_logs"]
    assert window.screens["service_logs"].year.value() == 2024


def test_an_appointments_bar_opens_that_level(board, qtbot):
    window, view = board()
    view.appointments_chart.sets["provincial"].clicked.emit(7)
    listed = register_list(window, qtbot, "commissioners")
    assert listed.filters() == {"status": "in_force", "level": "provincial"}
    assert listed.model.total == sum(view.figures.commissioners["provincial", kind]
                                     for kind in ("individual", "team", "legal_person"))


def test_language_switch_and_screenshots(board, qtbot, screenshot):
    window, view = board("zh_CN")
    assert view.heading.text() == "工作概览"
    assert view.tiles["commissioners"].caption.text() == "在任科技特派员"
    assert view.period_kind.currentText() == "季度"
    assert "省级" in view.tiles["commissioners"].details.text()
    window.resize(1280, 1500)
    qtbot.wait(100)
    screenshot(window, "dashboard_zh_CN")
    window.set_language("en")
    assert view.heading.text() == "Dashboard"
    assert view.tiles["commissioners"].caption.text() == "Commissioners in force"
    assert view.period_kind.currentText() == "Quarter"
    assert "Provincial" in view.tiles["commissioners"].details.text()
    assert view.states_chart.chart().axes()[0].categories()[-1] == "Published"
    qtbot.wait(100)
    screenshot(window, "dashboard_en")


def test_an_empty_database_shows_zeros(make_window, qtbot):
    window = make_window("en")
    view = window.screens["dashboard"]
    with qtbot.waitSignal(view.figures_shown, timeout=10_000):
        window.show_screen("dashboard")
    assert [figure(view, name) for name in view.tiles] == ["0", "0", "0", "0", "0", "0"]
    assert not view.tiles["commissioners"].details.isVisible()
    assert view.events_chart.sets == {}
    assert view.appointments_chart.sets == {}


def test_a_failed_count_is_said(make_window, qtbot, monkeypatch):
    window = make_window("en")
    view = window.screens["dashboard"]
    ops.wait_for_all()

    def broken(_period, _today):
        raise OSError("disk I/O error")

    monkeypatch.setattr(dashboard, "figures", broken)
    view.set_period(Period(TODAY.year))
    qtbot.waitUntil(lambda: view.status.text() == "Could not count: disk I/O error")
