"""Waiting in a test as the officer waits: a change runs on the write lane (``ui.ops.run``), and
its dialog closes or its error shows when it reports back on the UI thread."""

import time

from PySide6.QtTest import QTest

from ui import ops


def wait_for_writes(timeout: float = 10.0) -> None:
    """Until every change run through ``ui.ops`` has reported back (processing Qt's events
    meanwhile, as ``qtbot.waitUntil`` does, for helpers that have no ``qtbot``)."""
    deadline = time.monotonic() + timeout
    while ops.busy():
        assert time.monotonic() < deadline, "a change did not finish in time"
        QTest.qWait(10)


def refusals(form) -> str:
    """What a form (``ui.common.form``) shows refused: its fields' error lines and its message."""
    return " | ".join(label.text() for label in (*form.errors.values(), form.message)
                      if not label.isHidden())
