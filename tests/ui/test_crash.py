"""An error nobody caught: the officer is told, and the details are in the log file."""

from __future__ import annotations

import logging
import sqlite3
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox

from app.core import i18n, settings
from ui import crash


def test_an_uncaught_error_in_a_slot_is_told_and_logged(app, qtbot, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # both put back after the test
    monkeypatch.setattr(logging.root, "handlers", list(logging.root.handlers))
    told = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, _title, text: told.append(text))
    crash.install()

    def broken() -> None:
        raise RuntimeError("统计出错")

    QTimer.singleShot(0, broken)
    qtbot.waitUntil(lambda: bool(told))
    assert "统计出错" in told[0] and str(settings.log_path()) in told[0]
    for handler in logging.root.handlers:
        handler.flush()
    logged = settings.log_path().read_text("utf-8")
    assert "RuntimeError: 统计出错" in logged and "in broken" in logged


def test_a_damaged_database_is_not_said_to_be_safe_and_is_told_in_chinese():
    i18n.set_language("zh_CN")
    told = crash.message(sqlite3.DatabaseError("database disk image is malformed"))
    assert "已损坏" in told and "malformed" not in told
    assert "安全" not in told
    assert "安全" in crash.message(RuntimeError("统计出错"))
