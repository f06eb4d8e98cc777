"""Finishing touches: what an empty list says, and the program's own icon."""

import pytest
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QPushButton, QToolBar, QToolButton

from tests.ui.test_screenshots import KEYS
from ui import ops
from ui.common.empty_state import EmptyState

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


def _keys(sequence: QKeySequence) -> str:
    return sequence.toString(QKeySequence.SequenceFormat.NativeText)


def unexplained(screen) -> list[str]:
    """Buttons and toolbar actions whose tooltip is missing, only repeats their text, or leaves
    out their shortcut."""
    found = []
    for button in screen.findChildren(QPushButton) + screen.findChildren(QToolButton):
        tip = button.toolTip()
        if button.isVisibleTo(screen) and (
                not tip or tip == button.text().replace("&", "")
                or not (button.shortcut().isEmpty() or _keys(button.shortcut()) in tip)):
            found.append(f"{type(button).__name__} {button.text()!r}: {tip!r}")
    for bar in screen.findChildren(QToolBar):
        for action in bar.actions():
            tip = action.toolTip()
            if not action.isSeparator() and (
                    tip == action.text().replace("&", "")
                    or not (action.shortcut().isEmpty() or _keys(action.shortcut()) in tip)):
                found.append(f"action {action.text()!r}: {tip!r}")
    return found


@pytest.mark.parametrize("key", KEYS)
def test_every_button_of_a_screen_explains_itself(make_window, qtbot, demo, key):
    window = make_window("zh_CN")
    screen = window.show_screen(key)
    ops.wait_for_all()
    assert unexplained(screen) == []
    window.set_language("en")
    assert unexplained(screen) == []


def test_a_tooltip_names_the_shortcut_as_the_platform_writes_it(make_window):
    window = make_window("en")
    settings = window.show_screen("settings")
    assert _keys(QKeySequence(QKeySequence.StandardKey.Save)) in settings.save_button.toolTip()
