"""Builds the QApplication and the main window."""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import sys
import traceback
from importlib import resources
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from app.core import i18n, settings
from app.core.errors import UserError
from app.core.i18n import _
from app.data import backup, session
from ui import crash, main_window, ops
from ui.common import file_dialogs
from ui.common.icons import app_icon
from ui.main_window import show_main_window
from ui.qt_translation import install_qt_translator
from ui.screens import SCREENS

log = logging.getLogger("ui")


def chinese_font_families() -> list[str]:
    return QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)


# The face Chinese Windows draws its own interface with; in msyh.ttc beside "Microsoft YaHei".
WINDOWS_FAMILY = "Microsoft YaHei UI"


def _load_font(path: Path) -> list[str]:
    """The families of a font file loaded into the application, [] if it does not load."""
    font_id = QFontDatabase.addApplicationFont(str(path))
    if font_id < 0:
        log.error("could not load the font %s", path)
        return []
    return QFontDatabase.applicationFontFamilies(font_id)


@functools.cache
def bundled_font_family() -> str | None:
    """Load the bundled Chinese font (once) and return its family, or None if it cannot load."""
    with resources.as_file(resources.files("resources").joinpath(
            "fonts", "wqy-microhei.ttc")) as path:
        families = _load_font(path)
    return families[0] if families else None


def interface_font_family(fonts_folder: Path | None = None) -> str | None:
    """Microsoft YaHei UI where Windows has it (``msyh.ttc`` in its font folder), as the
    system's own dialogs; else the bundled font. Never a font only found by name: the screens
    look the same wherever the file is the same."""
    folder = settings.windows_fonts_folder() if fonts_folder is None else fonts_folder
    yahei = folder / "msyh.ttc"
    if yahei.is_file():
        if WINDOWS_FAMILY in QFontDatabase.families():
            return WINDOWS_FAMILY  # installed: loading its 20 MB again would slow the start
        families = _load_font(yahei)
        if families:
            return WINDOWS_FAMILY if WINDOWS_FAMILY in families else families[0]
    return bundled_font_family()


def use_interface_font(fonts_folder: Path | None = None) -> None:
    """Put the interface font first, then the bundled one, whatever else the system has: no
    character shows as a box, even on a machine without a Chinese font."""
    chosen = [family for family in (interface_font_family(fonts_folder), bundled_font_family())
              if family is not None]
    font = QApplication.font()
    font.setFamilies([*dict.fromkeys(chosen),
                      *(other for other in font.families() if other not in chosen)])
    QApplication.setFont(font)


def create_application(argv: list[str] | None = None) -> QApplication:
    if QApplication.instance() is None:
        # Qt 6 follows each monitor's scale; 150 % stays 1.5 instead of rounding to 2.
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName(settings.APP_NAME)
    app.setOrganizationName(settings.APP_NAME)
    use_interface_font()
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
    info = start_session(args.db, read_only=args.read_only, self_test=args.self_test,
                         package=args.package)
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
    door = FrontDoor(app)
    door.follow(window)
    main_window.on_shown[:] = [door.follow]
    QTimer.singleShot(0, window.raise_)
    if args.package:
        QTimer.singleShot(0, functools.partial(offer_package, window, args.package))
    # The first start of the day: a copy and an integrity check, off the UI thread.
    if not info.read_only:
        ops.run_in_background(lambda: backup.automatic("auto"), writes=True)
    status = app.exec()
    door.close()
    if not info.read_only:
        backup.automatic("exit")
    session.close_session()
    return status


def start_session(target: str | None, *, read_only: bool = False, self_test: bool = False,
                  package: str | None = None) -> session.SessionInfo | None:
    """Open the database at start. When it does not open, before anything else: a second start
    on a database this program already shows brings that window to the front (which offers
    ``package``, if given); otherwise the officer is told why and offered the newest intact
    backups, another file, or quitting. None: nothing to show (quit)."""
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
        if kind == "in-use" and _bring_first_to_front(target, package):
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
    """The same name for the same database in every process of this user, another for another
    user of the same PC (Windows names its pipes machine-wide). Windows paths are compared
    without regard to case, as Windows finds the file."""
    where = target if "://" in target else os.path.normcase(Path(target).expanduser().resolve())
    key = f"{Path.home()}\n{where}".encode()
    return "CommissionerDesk-" + hashlib.sha256(key).hexdigest()[:24]


class FrontDoor(QObject):
    """Where a second start of the program knocks: on the database the main window shows, it
    brings that window to the front, and opens the field package the second start was given
    (a double-click on a package while the program runs). Follows the window to another
    database (File → Open database)."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.server = QLocalServer(self)
        # Only this user's processes may connect (the socket file's mode; the pipe's ACL).
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._accept)
        self.window = None

    def follow(self, window) -> None:
        self.window = window
        name = _server_name(window.info.target)
        if self.server.isListening() and self.server.serverName() == name:
            return
        self.server.close()
        if window.info.read_only:
            return  # a reader beside the program that holds the file: that one answers
        # Left by a crash (a socket file on Linux): this process holds the database now, so
        # no other program answers for it.
        QLocalServer.removeServer(name)
        if self.server.listen(name):
            log.info("a second start on %s finds this window at %s", window.info.location, name)
        else:
            log.warning("no local server %s: %s", name, self.server.errorString())

    def close(self) -> None:
        self.server.close()

    def _accept(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            socket.readyRead.connect(functools.partial(self._read, socket))
            socket.disconnected.connect(socket.deleteLater)
            self._read(socket)

    def _read(self, socket: QLocalSocket) -> None:
        if not socket.canReadLine():
            return
        try:
            asked = json.loads(bytes(socket.readLine().data()).decode("utf-8"))
            if not isinstance(asked, dict):
                raise ValueError(asked)
        except ValueError:
            log.warning("a second start sent what is not a request")
            socket.disconnectFromServer()
            return
        socket.write(b"ok\n")
        socket.flush()
        window = self.window
        log.info("a second start: to the front%s",
                 f", opening {asked['package']}" if asked.get("package") else "")
        bring_to_front(window)
        if asked.get("package"):
            QTimer.singleShot(0, functools.partial(offer_package, window, asked["package"]))


def bring_to_front(window) -> None:
    window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
    window.show()
    window.raise_()
    window.activateWindow()
    # Windows gives the foreground only to whom the foreground process allows it (the second
    # start does); otherwise the taskbar button flashes.
    QApplication.alert(window)


def _allow_foreground() -> None:
    """The second start is the foreground process (the officer just started it): it lets the
    first take the foreground, which Windows refuses to a background process otherwise."""
    if sys.platform == "win32":
        import ctypes  # Windows only

        ASFW_ANY = -1
        ctypes.windll.user32.AllowSetForegroundWindow(ASFW_ANY)


def _bring_first_to_front(target: str, package: str | None = None) -> bool:
    """True when the program that holds the database shows it and answered that its window
    comes forward (and opens ``package``)."""
    _allow_foreground()
    socket = QLocalSocket()
    socket.connectToServer(_server_name(target))
    if not socket.waitForConnected(2000):
        return False
    # The first runs elsewhere: a relative path would be read from its folder.
    asked = {"package": str(Path(package).expanduser().absolute()) if package else None}
    socket.write(json.dumps(asked).encode("utf-8") + b"\n")
    socket.waitForBytesWritten(2000)
    while not socket.canReadLine():
        if not socket.waitForReadyRead(5000):
            return False  # a program that does not answer: the officer is told it holds the file
    socket.disconnectFromServer()
    return True


def offer_package(window, path: str | Path) -> None:
    """A field package given to the program (a double-click on it): the officer chooses to merge
    it into the register shown (at the office) or to open it and record in it (on the laptop
    at the event), as File → Merge field package and File → Open database would."""
    path = Path(path)
    if not path.is_file():
        QMessageBox.warning(window, _("Field package"),
                            _("No field package at {path}.").format(path=path))
        return
    box = QMessageBox(QMessageBox.Icon.Question, _("Field package"), _(
        "{name}: merge it into the register open here, or open it to check people in and "
        "record at the event?").format(name=path.name), parent=window)
    merge = box.addButton(_("Merge into this register"), QMessageBox.ButtonRole.AcceptRole)
    # Not into a package, nor a register open read-only.
    merge.setEnabled(window.merge_action.isEnabled())
    record = box.addButton(_("Open it to record at the event"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(merge if merge.isEnabled() else record)
    box.exec()
    if box.clickedButton() is merge:
        window.merge_package_file(path)
    elif box.clickedButton() is record:
        window.switch_database(str(path))
