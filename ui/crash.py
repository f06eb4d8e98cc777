"""An error nobody caught, in the GUI: the officer is told in their language what happened —
that what was saved is safe only when that is known — and the details go to the log file for
whoever supports them (a program started without a console has nowhere else to write them)."""

from __future__ import annotations

import logging
import sys
from logging.handlers import RotatingFileHandler

from PySide6.QtWidgets import QApplication, QMessageBox

from app.core import logs, settings
from app.core.i18n import _
from app.data import session

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


def report(error: BaseException) -> None:
    """Tell the officer of an error no code handled (a change that failed on the write lane)."""
    _report(type(error), error, error.__traceback__)


def _report(kind, error, trace) -> None:
    log.critical("unexpected error", exc_info=(kind, error, trace))
    if QApplication.instance() is None or _state["telling"]:
        return
    _state["telling"] = True  # one message at a time, however many errors follow
    try:
        QMessageBox.critical(QApplication.activeWindow(), _("Unexpected error"), message(error))
    finally:
        _state["telling"] = False


def message(error: BaseException) -> str:
    """What the officer reads: the database's own problems as such (a damaged file is not said to
    be safe), anything else as a fault of the program, which cannot have touched what was saved
    (each change is written, whole, when it is saved)."""
    details = _("The details were written to {path}; please send that file to whoever supports "
                "you.").format(path=settings.log_path())
    problem = session.explain(error)
    if problem is not None:
        return f"{logs.mask_passwords(str(problem))}\n\n{details}"
    return _("Something went wrong in the program: {error}\n\nWhat you saved is safe: each "
             "change is written to the database when you save it. {details}").format(
        error=logs.mask_passwords(str(error)), details=details)
