"""Switching the language with several screens open changes every text on them at once."""

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTabWidget,
)

from ui import ops
from ui.screens import SCREENS

CJK = re.compile(r"[\u4e00-\u9fff]")
KEYS = [key for key, _title, _factory in SCREENS]


def texts(widget) -> list[str]:
    """What the screen itself says: labels, buttons, headers, tabs, placeholders, titles."""
    found = [w.text() for w in widget.findChildren(QLabel) if "<" not in w.text()]
    found += [w.text() for w in widget.findChildren(QAbstractButton)]
    found += [w.toolTip() for w in widget.findChildren(QAbstractButton)]
    found += [w.placeholderText() for w in widget.findChildren(QLineEdit)]
    found += [w.title() for w in widget.findChildren(QGroupBox)]
    for tabs in widget.findChildren(QTabWidget):
        found += [tabs.tabText(i) for i in range(tabs.count())]
    for header in widget.findChildren(QHeaderView):
        model = header.model()
        if model is not None and header.orientation() == Qt.Orientation.Horizontal:
            found += [str(model.headerData(c, Qt.Orientation.Horizontal) or "")
                      for c in range(header.count())]
    return [t for t in found if t]


def combo_texts(widget) -> list[str]:
    """The first choice of each combo box: "All …" and the like, never data."""
    return [box.itemText(0) for box in widget.findChildren(QComboBox) if box.count()]


def open_all(window, qtbot):
    for key in KEYS:
        window.show_screen(key)
        ops.wait_for_all()
        QApplication.processEvents()
    qtbot.wait(50)
    ops.wait_for_all()
    QApplication.processEvents()
    return {key: window.screens[key] for key in KEYS}


@pytest.mark.parametrize(("first", "then"), [("zh_CN", "en"), ("en", "zh_CN")])
def test_switching_language_changes_every_open_screen(make_window, qtbot, demo, first, then):
    window = make_window(first)
    screens = open_all(window, qtbot)
    before = {key: texts(screen) for key, screen in screens.items()}
    window.set_language(then)
    ops.wait_for_all()
    QApplication.processEvents()
    switched = {key: texts(screen) + combo_texts(screen) for key, screen in screens.items()}
    for key in KEYS:
        assert switched[key][:len(before[key])] != before[key], f"{key} did not change"
    fresh = make_window(then)
    built = {key: texts(screen) + combo_texts(screen)
             for key, screen in open_all(fresh, qtbot).items()}
    for key in KEYS:
        missed = sorted(set(switched[key]) - set(built[key]))
        assert missed == [], f"{key} kept texts of the other language: {missed}"


def test_nothing_chinese_left_after_switching_to_english(make_window, qtbot, demo):
    window = make_window("zh_CN")
    screens = open_all(window, qtbot)
    window.set_language("en")
    QApplication.processEvents()
    for key, screen in screens.items():
        chinese = [t for t in texts(screen) if CJK.search(t)]
        assert chinese == [], f"{key}: {chinese}"


def test_an_event_has_a_title_not_a_rank(make_window):
    """"Title" of a person is 职称; an event's is 活动名称 (a message of its own)."""
    window = make_window("zh_CN")
    model = window.show_screen("events").model
    assert model.headerData(model.TITLE, Qt.Orientation.Horizontal) == "活动名称"


def test_an_open_record_page_follows_the_switch(make_window, qtbot, demo):
    from ui.register.record_pages import RecordPage, open_page

    window = make_window("zh_CN")
    screen = window.show_screen("commissioners")
    qtbot.waitUntil(lambda: not screen.model.loading)
    open_page("commissioner", screen.model.row_id(0), screen)
    page = screen.findChild(RecordPage)
    qtbot.waitExposed(page)
    assert page.tabs.tabText(0) == "基本情况"
    window.set_language("en")
    assert page.tabs.tabText(0) == "Profile"
    assert page.edit_button.text() == "Edit…"
    page.close()
