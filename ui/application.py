"""Builds the QApplication and the main window."""

from __future__ import annotations

import functools
import hashlib
import logging
import sys
import traceback
from importlib import resources
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from app.core import i18n, settings
from app.core.errors import UserError
from app.core.i18n import _
from app.data import backup, session
from ui import crash, ops
from ui.common import file_dialogs
from ui.common.icons import app_icon
from ui.main_window import show_main_window
from ui.qt_translation import install_qt_translator
from ui.screens import SCREENS

log = logging.getLogger("ui")


def chinese_font_families() -> list[str]:
    return QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)


@functools.cache
def bundled_font_family() -> str | None:
    """Load the bundled Chinese font (once) and return its family, or None if it cannot load."""
    font_file = resources.files("resources").joinpath("fonts", "wqy-microhei.ttc")
    with resources.as_file(font_file) as path:
        font_id = QFontDatabase.addApplicationFont(str(path))
    if font_id < 0:
        log.error("could not load the bundled Chinese font %s", font_file)
        return None
    return QFontDatabase.applicationFontFamilies(font_id)[0]


def use_bundled_font() -> None:
    """Put the bundled Chinese font first, whatever fonts the system has: the screens look the
    same on every machine and no character shows as a box, even on one without a Chinese font."""
    family = bundled_font_family()
    if family is None:
        return
    font = QApplication.font()
    font.setFamilies([family, *(other for other in font.families() if other != family)])
    QApplication.setFont(font)


def create_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName(settings.APP_NAME)
    app.setOrganizationName(settings.APP_NAME)
    use_bundled_font()
    app.setFont(QFont(app.font().families(), 10))
    app.setWindowIcon(app_icon())
    return app


def self_test(window) -> int:
    """Open every screen once; any exception, even inside a slot, fails the run."""
    errors: list[str] = []
    previous_hook = sys.excepthook
    sys.excepthook = lambda *exc: errors.append("".join(traceback.format_exception(*exc)))
    try:
        for key, _title, _factory in SCREENS:
            window.show_screen(key)
            QApplication.processEvents()
        original = i18n.language()
        for language in (*(code for code in i18n.LANGUAGES if code != original), original):
            window.set_language(language)
            QApplication.processEvents()
    except Exception:
        errors.append(traceback.format_exc())
    finally:
        sys.excepthook = previous_hook
    for error in errors:
        print(error, file=sys.stderr)
    print("self-test: " + ("failed" if errors else f"ok, {len(SCREENS)} screens opened"))
    return 1 if errors else 0


def run_gui(args) -> int:
    app = create_application()
    crash.install()
    i18n.set_language(args.lang or i18n.DEFAULT_LANGUAGE)  # until the database says otherwise
    install_qt_translator(app, i18n.language())
    info = start_session(args.db, read_only=args.read_only, self_test=args.self_test)
    if info is None:
        return 1 if args.self_test else 0
    language = args.lang or settings.get("language")
    i18n.set_language(language)
    install_qt_translator(app, language)
    window = show_main_window(info)
    if args.self_test:
        status = self_test(window)
        window.close()
        session.close_session()
        return status
    server = _answer_second_starts(window, info.target)
    QTimer.singleShot(0, window.raise_)
    # The first start of the day: a copy and an integrity check, off the UI thread.
    if not info.read_only:
        ops.run_in_background(lambda: backup.automatic("auto"), writes=True)
    status = app.exec()
    server.close()
    if not info.read_only:
        backup.automatic("exit")
    session.close_session()
    return status


def start_session(target: str | None, *, read_only: bool = False,
                  self_test: bool = False) -> session.SessionInfo | None:
    """Open the database at start. When it does not open, before anything else: a second start
    on a database this program already shows brings that window to the front; otherwise the
    officer is told why and offered the newest intact backups, another file, or quitting.
    None: nothing to show (quit)."""
    from ui.start_problem import StartProblemDialog  # only when a database does not open

    target = str(target or settings.default_database_path())
    while True:
        try:
            return session.open_session(target, expire=False,
                                        access="read-only" if read_only else "write")
        except Exception as error:
            problem = session.explain(error, target)
            if problem is None:
                log.exception("the database did not open")
                problem = UserError(_("The database could not be opened:\n{error}").format(
                    error=error))
        kind = getattr(problem, "kind", "")
        if kind == "in-use" and _bring_first_to_front(target):
            return None
        if self_test:
            print(problem, file=sys.stderr)
            return None
        offers = []
        if kind in ("damaged", "database", "not-database", "unopenable") and "://" not in target:
            offers = backup.intact_backups(Path(target).expanduser().parent / "backups")
        if kind == "damaged":
            problem = _("The database {path} is damaged. Restore an intact backup (the damaged "
                        "file is kept aside), open another file, or quit.").format(path=target)
        dialog = StartProblemDialog(str(problem), offers)
        if dialog.exec() != StartProblemDialog.DialogCode.Accepted:
            return None
        if dialog.choice == "open":
            chosen, _filter = QFileDialog.getOpenFileName(
                None, _("Open database"), str(file_dialogs.start_folder("database")),
                _("Databases (*.db)"))
            if chosen:
                file_dialogs.remember("database", chosen)
                target = chosen
            continue
        try:
            kept = backup.restore(dialog.chosen, target)
        except UserError as error:
            QMessageBox.critical(None, _("Commissioner Desk"), str(error))
            continue
        QMessageBox.information(None, _("Commissioner Desk"), _(
            "Restored from {file}. The damaged database was moved aside to {damaged}.").format(
            file=dialog.chosen.name, damaged=kept.path) if kept.reason == "damaged" else _(
            "Restored from {file}. The data as it was before is kept in {safety}.").format(
            file=dialog.chosen.name, safety=kept.path))


def _server_name(target: str) -> str:
    """The same name for the same database file in every process of this user."""
    where = target if "://" in target else str(Path(target).expanduser().resolve())
    return "CommissionerDesk-" + hashlib.sha256(where.encode("utf-8")).hexdigest()[:24]


def _answer_second_starts(window, target: str) -> QLocalServer:
    """A second start on this database connects here: this window comes to the front."""
    server = QLocalServer(window)
    name = _server_name(target)
    QLocalServer.removeServer(name)  # left by a crash: this process holds the database now
    if not server.listen(name):
        log.warning("no local server %s: %s", name, server.errorString())

    def to_front() -> None:
        while server.hasPendingConnections():
            server.nextPendingConnection().deleteLater()
        window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
        window.show()
        window.raise_()
        window.activateWindow()

    server.newConnection.connect(to_front)
    return server


def _bring_first_to_front(target: str) -> bool:
    """True when the program that holds the database shows it and was asked to come forward."""
    socket = QLocalSocket()
    socket.connectToServer(_server_name(target))
    if not socket.waitForConnected(2000):
        return False
    socket.disconnectFromServer()
    return True
