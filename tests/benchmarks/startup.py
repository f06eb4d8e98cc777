"""Start-up and memory: the application against a bare PySide6 window, each in a new process.

Run by the harness as ``python -m tests.benchmarks.startup app|bare|floor STARTED [DB]``: the
child prints the seconds from ``STARTED`` (the parent's clock when it spawned the process) until
the window is shown with its table filled, and its peak resident memory. ``app`` is the main
window on the commissioner list's first page, opened as ``main.py --db DB`` opens it; ``bare`` a
QMainWindow holding an empty ``QTableView``; ``floor`` the bare window after loading what any
program on this stack loads before it can show a list of the register (printed, not a figure):
Qt's enums, peewee (which imports psycopg2 when it is installed), the schema's models and
babel's Chinese dates.
"""

from __future__ import annotations

import importlib
import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

STARTUP_RATIO = 1.5
RSS_LIMIT_MB = 300


def _bare() -> None:
    from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setCentralWidget(QTableView())
    window.show()
    app.processEvents()


def _floor() -> None:
    from datetime import date

    from babel.dates import format_date

    import db.models  # noqa: F401  (peewee, and psycopg2 through it)

    format_date(date.today(), "short", locale="zh_CN")
    from PySide6.QtCore import Qt  # after the data layer, in the program's order (see _app)

    Qt.ItemDataRole  # noqa: B018  (the first use of the namespace creates all its enums)
    _bare()


def _app(db: str) -> None:
    # What `python main.py` imports first: the CLI, and with it the data layer, before Qt. The
    # order counts: PySide6's import hook reads the source of every module imported after it.
    importlib.import_module("main")
    from PySide6.QtWidgets import QApplication

    from app.core import i18n, settings
    from app.data import session
    from ui.application import create_application, install_qt_translator, show_main_window

    app = create_application()
    info = session.open_session(db, expire=False)  # as run_gui: expired once the window shows
    i18n.set_language(settings.get("language"))
    install_qt_translator(app, i18n.language())
    window = show_main_window(info, start="commissioners")  # the list, without the dashboard
    model = window.screens["commissioners"].model
    while model.loading or not model.rowCount():
        QApplication.processEvents()
        time.sleep(0.001)
    app.processEvents()


def _child(mode: str, started: float, db: str | None) -> None:
    if mode == "app":
        _app(db)
    else:
        {"bare": _bare, "floor": _floor}[mode]()
    shown = time.time() - started
    # VmHWM, not getrusage: ru_maxrss survives exec, so a child would report its parent's peak.
    status = Path("/proc/self/status").read_text()
    peak_mb = int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024
    print(json.dumps({"seconds": shown, "rss_mb": peak_mb}))
    sys.stdout.flush()
    os._exit(0)  # the figure is taken; closing the window and database is not part of it


def _run(mode: str, db: str | None, env: dict) -> dict:
    command = [sys.executable, "-m", "tests.benchmarks.startup", mode, repr(time.time())]
    done = subprocess.run(command + ([db] if db else []), capture_output=True, text=True,
                          check=True, env=env)
    return json.loads(done.stdout.strip().splitlines()[-1])


def figures(db_path, size: dict) -> list:
    """``startup`` and ``rss_peak``; the runs alternate so that both see the same machine."""
    from tests.benchmarks.harness import Figure  # not in the children: it imports the app

    # Started as an installed program starts: from compiled modules, which the warm-up runs
    # write (where PYTHONDONTWRITEBYTECODE is set, every start would compile the whole app).
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(Path(db_path).parent / "pycache")
    _run("bare", None, env)
    _run("app", str(db_path), env)
    bare, ours, floor = [], [], []
    for _i in range(size["repeat"]):
        bare.append(_run("bare", None, env))
        ours.append(_run("app", str(db_path), env))
        floor.append(_run("floor", None, env))
    seconds = statistics.median(r["seconds"] for r in ours)
    baseline = statistics.median(r["seconds"] for r in bare)
    least = statistics.median(r["seconds"] for r in floor)
    print(f"startup floor: {least:.3f} s, ratio {least / baseline:.2f} (the bare window after "
          "Qt's enums, peewee, the models and babel)", flush=True)
    rss = max(r["rss_mb"] for r in ours)
    return [Figure("startup", round(seconds, 3), "s", round(baseline, 3),
                   f"ratio <= {STARTUP_RATIO}", seconds <= STARTUP_RATIO * baseline),
            Figure("rss_peak", round(rss, 1), "MB",
                   round(max(r["rss_mb"] for r in bare), 1), f"<= {RSS_LIMIT_MB} MB",
                   rss <= RSS_LIMIT_MB)]


if __name__ == "__main__":
    _child(sys.argv[1], float(sys.argv[2]), sys.argv[3] if len(sys.argv) > 3 else None)
