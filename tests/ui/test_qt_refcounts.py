"""The Qt binding must not leak or over-release Python objects in what every screen calls.

PySide6 6.12.0 released a reference to None on each call of a void method under Python 3.11,
so a long session (or a long test run) ended with "Fatal Python error: deallocating None".
"""

import sys

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QWidget


def test_void_methods_keep_none_alive(app):
    widget, label, action = QWidget(), QLabel(), QAction()
    before = sys.getrefcount(None)
    for _ in range(1000):
        widget.setEnabled(True)
        label.setText("科技特派员")
        action.setChecked(False)
    assert sys.getrefcount(None) - before > -100
