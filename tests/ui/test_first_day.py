"""The officer's first day (issue 16): what a new officer meets in the first hours, driven
through the real widgets."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app import session


def test_welcome_page_stays_until_the_officer_chooses(make_window, qtbot, screenshot):
    window = make_window("zh_CN", show_welcome=True)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    qtbot.wait(1500)
    assert window.stack.currentWidget() is window.welcome
    window.sidebar.setFocus(Qt.FocusReason.TabFocusReason)  # Tab into the sidebar: no choice
    qtbot.wait(50)
    assert window.stack.currentWidget() is window.welcome
    screenshot(window, "welcome_zh_CN")
    window.file_menu.aboutToShow.emit()
    assert window.demo_action.isEnabled() and window.demo_action.text() == "载入演示数据(&D)"
    window.demo_action.trigger()
    qtbot.waitUntil(lambda: not session.is_empty(), timeout=60_000)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.screens.get("dashboard"))
    window.file_menu.aboutToShow.emit()
    assert not window.demo_action.isEnabled()  # demo data only goes into an empty register
