"""An error nobody caught, in the GUI: the officer is told in their language that what was saved
is safe, and the details go to the log file for whoever supports them (a program started
without a console has nowhere else to write them)."""

from __future__ import annotations

import logging
import sys
from logging.handlers import RotatingFileHandler

from PySide6.QtWidgets import QApplication, QMessageBox

from app import logs, settings
from app.i18n import _

log = logging.getLogger("ui")
_state = {"telling": False}


def install() -> None:
    path = settings.log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    except OSError as error:
        log.warning("no log file at %s: %s", path, error)
    else:
        handler.setFormatter(logs.Formatter())
        logging.getLogger().addHandler(handler)
    sys.excepthook = _report


def _report(kind, error, trace) -> None:
    log.critical("unexpected error", exc_info=(kind, error, trace))
    if QApplication.instance() is None or _state["telling"]:
        return
    _state["telling"] = True  # one message at a time, however many errors follow
    try:
        QMessageBox.critical(
            QApplication.activeWindow(), _("Unexpected error"),
            _("Something went wrong: {error}\n\nWhat you saved is safe: each change is written "
              "to the database when you save it. The details were written to {path}; please "
              "send that file to whoever supports you.").format(
                error=logs.mask_passwords(str(error)), path=settings.log_path()))
    finally:
        _state["telling"] = False
