"""Typing as the officer does: Latin letters and digits as key presses, Chinese as what an input
method commits (QTest cannot press keys for characters outside ASCII)."""

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from tests.ui.waiting import wait_for_writes


def type_text(qtbot, widget, text: str) -> None:
    widget.setFocus()
    for part in _runs(text):
        if part.isascii():
            qtbot.keyClicks(widget, part)
        else:
            event = QInputMethodEvent()
            event.setCommitString(part)
            QApplication.sendEvent(widget, event)


def _runs(text: str) -> list[str]:
    runs: list[str] = []
    for char in text:
        if runs and runs[-1][-1].isascii() == char.isascii():
            runs[-1] += char
        else:
            runs.append(char)
    return runs


def save_person_form_when_shown(qtbot, page, fill) -> None:
    """Once ``page`` shows its person form (a modal dialog: the test cannot wait for it), call
    ``fill(form)`` and save it with Ctrl+S, as the officer would."""
    from ui.register.forms import PersonForm

    def act():
        forms = [f for f in page.findChildren(PersonForm) if f.isVisible()]
        if not forms:
            QTimer.singleShot(50, act)
            return
        fill(forms[0])
        qtbot.keyClick(forms[0], Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
        wait_for_writes()
        if forms[0].isVisible():  # refused: closed, so that the test goes on to see why
            forms[0].done(0)

    QTimer.singleShot(50, act)
