"""Every sidebar screen on the demo data, photographed in both languages and in pseudo-translation.

The pictures (docs/screenshots/screens/ and pseudo/, written by ``python -m tests.screenshots``)
are to be looked at; the asserts catch what a picture would show: a label whose text does not fit
its widget, or a screen that needs a window wider than 1200 px.
"""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QHeaderView, QLabel, QWidget

from ui import ops
from ui.screens import SCREENS

KEYS = [key for key, _title, _factory in SCREENS]


def settle(qtbot, screen):
    """Let the screen's first pages load and its layout settle."""
    model = getattr(screen, "model", None)
    for _ in range(3):
        ops.wait_for_all()
        QApplication.processEvents()
        if model is not None and getattr(model, "loading", False):
            qtbot.waitUntil(lambda: not model.loading)
        qtbot.wait(50)


def cut_off(screen) -> list[str]:
    """Visible labels, buttons and column titles narrower than the text they must show."""
    found = []
    for widget in screen.findChildren(QLabel) + screen.findChildren(QAbstractButton):
        if not widget.isVisibleTo(screen) or not widget.text():
            continue
        if isinstance(widget, QLabel) and (widget.wordWrap() or "<" in widget.text()):
            continue
        if widget.width() + 1 < widget.sizeHint().width():
            found.append(f"{type(widget).__name__} {widget.text()!r}: "
                         f"{widget.width()} < {widget.sizeHint().width()}")
    for header in screen.findChildren(QHeaderView):
        if header.orientation() != Qt.Orientation.Horizontal or not header.isVisibleTo(screen):
            continue
        for section in range(header.count()):
            if (header.sectionResizeMode(section) == QHeaderView.ResizeMode.Interactive
                    and not header.isSectionHidden(section)
                    and header.sectionSize(section) < header.sectionSizeHint(section)):
                title = header.model().headerData(section, Qt.Orientation.Horizontal)
                found.append(f"column {title!r}: {header.sectionSize(section)} < "
                             f"{header.sectionSizeHint(section)}")
    return found


def widest(screen) -> list[str]:
    """The widgets that ask for the most room, to say what widens the window."""
    sizes = sorted(((w.minimumSizeHint().width(), type(w).__name__, w.objectName())
                    for w in screen.findChildren(QWidget) if w.isVisibleTo(screen)), reverse=True)
    return [f"{name} {obj!r}: {width}" for width, name, obj in sizes[:8]]


@pytest.mark.parametrize("language", ["zh_CN", "en"])
@pytest.mark.parametrize("key", KEYS)
def test_screen_in_both_languages(make_window, qtbot, demo, key, language, screenshot):
    window = make_window(language)
    screen = window.show_screen(key)
    settle(qtbot, screen)
    screenshot(window, f"screens/{key}_{language}")
    assert cut_off(screen) == []
    assert window.minimumSizeHint().width() <= 1200, widest(screen)


@pytest.mark.parametrize("key", KEYS)
def test_screen_in_pseudo_translation(make_window, qtbot, demo, key, screenshot, monkeypatch):
    monkeypatch.setenv("CDESK_PSEUDO_I18N", "1")
    window = make_window("en")
    screen = window.show_screen(key)
    settle(qtbot, screen)
    screenshot(window, f"pseudo/{key}")
    assert cut_off(screen) == []
    assert window.minimumSizeHint().width() <= 1200, widest(screen)
