"""Finishing touches: what an empty list says, and the program's own icon."""

import pytest
from PySide6.QtWidgets import QApplication

from ui import ops
from ui.widgets.empty_state import EmptyState

LISTS = ["commissioners", "organizations", "workstations", "events", "service_logs", "demands"]


def shown_hint(window, key, qtbot):
    screen = window.show_screen(key)
    ops.wait_for_all()
    QApplication.processEvents()
    qtbot.wait(20)
    return screen.findChild(EmptyState)


@pytest.mark.parametrize("key", LISTS)
def test_an_empty_list_says_what_to_do_next(make_window, qtbot, key):
    window = make_window("zh_CN")
    if key == "demands":
        window.show_screen(key).tabs.setCurrentIndex(1)
    hint = shown_hint(window, key, qtbot)
    assert hint.isVisibleTo(window)
    assert "新建" in hint.text()
    window.set_language("en")
    assert "“New…”" in hint.text()


def test_empty_state_screenshot(make_window, qtbot, screenshot):
    window = make_window("zh_CN")
    shown_hint(window, "commissioners", qtbot)
    screenshot(window, "empty_commissioners_zh_CN")


@pytest.mark.parametrize("key", ["commissioners", "events", "service_logs"])
def test_a_list_with_rows_has_no_hint(make_window, qtbot, demo, key):
    window = make_window("zh_CN")
    screen = window.show_screen(key)
    model = screen.model
    if getattr(model, "loading", False):
        qtbot.waitUntil(lambda: not model.loading)
    hint = shown_hint(window, key, qtbot)
    assert model.rowCount() > 0
    assert not hint.isVisibleTo(window)


def test_the_program_has_its_own_icon(app):
    icon = app.windowIcon()
    assert not icon.isNull()
    assert {size.width() for size in icon.availableSizes()} >= {16, 32, 256}
    picture = icon.pixmap(64, 64).toImage()
    assert picture.pixelColor(32, 4).name() == "#1565c0"


def test_toolbar_buttons_explain_themselves_in_the_chosen_language(make_window):
    window = make_window("zh_CN")
    logs = window.show_screen("service_logs")
    reports = window.show_screen("reports")
    buttons = [*logs.buttons.values(), reports.zoom_out_button, reports.zoom_in_button,
               reports.fit_button, reports.print_button, reports.save_button]
    assert all(button.toolTip() for button in buttons)
    assert logs.buttons["approve"].toolTip() == "将选中的日志标为已审核"
    window.set_language("en")
    assert reports.save_button.toolTip() == "Save the report as a PDF file"
