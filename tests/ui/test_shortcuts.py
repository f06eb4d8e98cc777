from PySide6.QtGui import QAction, QShortcut
from PySide6.QtWidgets import QApplication

from ui.activities.event_page import EventPage
from ui.screens import SCREENS
from ui.shortcuts import SHORTCUTS, ShortcutsDialog, key_text


def test_every_shortcut_of_the_window_and_its_screens_is_listed(make_window, qtbot):
    window = make_window("en")
    for key, _title, _factory in SCREENS:
        window.show_screen(key)
    page = EventPage()
    qtbot.addWidget(page)
    keys = [action.shortcut() for action in window.findChildren(QAction)]
    keys += [shortcut.key() for shortcut in window.findChildren(QShortcut)]
    keys += [shortcut.key() for shortcut in page.findChildren(QShortcut)]
    found = {key_text(k) for k in keys if not k.isEmpty()}
    assert {"Ctrl+O", "Ctrl+Q", "Ctrl+S", "F1", "F5"} <= found
    assert found - {key_text(keys) for keys, _where, _what in SHORTCUTS} == set()


def test_help_menu_lists_the_shortcuts_in_chinese(make_window, qtbot, monkeypatch, screenshot):
    window = make_window("zh_CN")
    shown = []
    monkeypatch.setattr(ShortcutsDialog, "exec", lambda self: shown.append(self))
    assert window.shortcuts_action.text() == "键盘快捷键(&K)"
    window.shortcuts_action.trigger()
    dialog = shown[0]
    qtbot.addWidget(dialog)
    table = dialog.table
    assert dialog.windowTitle() == "键盘快捷键"
    assert table.rowCount() == len(SHORTCUTS)
    rows = {table.item(r, 0).text(): table.item(r, 2).text() for r in range(table.rowCount())}
    assert rows["F9"] == "显示或隐藏尚未到场的人员"
    dialog.show()
    qtbot.waitExposed(dialog)
    QApplication.processEvents()
    screenshot(dialog, "shortcuts_zh_CN")
