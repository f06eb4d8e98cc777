"""Builds the QApplication and the main window."""

from __future__ import annotations

import logging
import sys
import traceback
from importlib import resources

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QMessageBox

from app import i18n, session, settings
from app.i18n import N_, _
from ui import crash, ops
from ui.icons import app_icon

log = logging.getLogger("ui")

_translators: list[QTranslator] = []

# Qt's own texts that its zh_CN catalog lacks (Qt changed them, adding shortcut keys), served
# from ours: (context, source text).
QT_GAPS = {("QFileDialog", N_("&Look in:")), ("QFileDialog", N_("Files of &type:"))}


class QtGaps(QTranslator):
    def translate(self, context, source, disambiguation=None, n=-1):
        del disambiguation, n
        # None (a null string) passes the text on to Qt's catalog; "" would translate it to ""
        return _(source) if (context, source) in QT_GAPS else None

    def isEmpty(self) -> bool:
        return False


def install_qt_translator(app: QApplication, language: str) -> None:
    """Qt's own texts (dialog buttons, file dialogs) in the chosen language."""
    for old in _translators:
        app.removeTranslator(old)
    _translators.clear()
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China)
                       if language == "zh_CN" else QLocale(QLocale.Language.English))
    if language == "en":
        return
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(f"qtbase_{language}", folder):
        app.installTranslator(translator)
        _translators.append(translator)
    else:
        log.warning("Qt's %s translations not found in %s", language, folder)
    gaps = QtGaps(app)
    app.installTranslator(gaps)  # searched before the one installed earlier
    _translators.append(gaps)


def chinese_font_families() -> list[str]:
    return QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)


def ensure_chinese_font() -> None:
    """Load the bundled Chinese font when the system has none, so text never shows as boxes."""
    if chinese_font_families():
        return
    font_file = resources.files("resources").joinpath("fonts", "wqy-microhei.ttc")
    with resources.as_file(font_file) as path:
        font_id = QFontDatabase.addApplicationFont(str(path))
    if font_id < 0:
        log.error("could not load the bundled Chinese font %s", font_file)
        return
    family = QFontDatabase.applicationFontFamilies(font_id)[0]
    font = QApplication.font()
    font.setFamilies([family, *font.families()])
    QApplication.setFont(font)


def create_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName(settings.APP_NAME)
    app.setOrganizationName(settings.APP_NAME)
    ensure_chinese_font()
    app.setFont(QFont(app.font().families(), 10))
    app.setWindowIcon(app_icon())
    return app


_windows: list = []  # the main window, kept referenced here


def show_main_window(info: session.SessionInfo, start: str | None = None):
    """The main window on ``start``, by default the screen shown when it last closed."""
    from ui.main_window import MainWindow

    window = MainWindow(info, show_welcome=session.is_empty(), start=start)
    window.show()
    _windows[:] = [window]
    # Opened without expiring: the window shows first, and lists refresh when it is written.
    window.expire_demands()
    return window


def switch_database(window, target: str):
    """Close the window and its database, and open another (back to the old one on failure)."""
    previous = window.info.target
    window.close()
    session.close_session()
    try:
        info = session.open_session(target, expire=False)
    except Exception as error:
        info = session.open_session(previous, expire=False)
        QMessageBox.critical(None, _("Commissioner Desk"),
                             _("The database could not be opened:\n{error}").format(error=error))
    return show_main_window(info)


def self_test(window) -> int:
    """Open every screen once; any exception, even inside a slot, fails the run."""
    from ui.views import SCREENS

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
    try:
        info = session.open_session(args.db, expire=False)
    except Exception as error:
        i18n.set_language(args.lang or i18n.DEFAULT_LANGUAGE)
        install_qt_translator(app, i18n.language())
        message = _("The database could not be opened:\n{error}").format(error=error)
        if args.self_test:
            print(message, file=sys.stderr)
        else:
            QMessageBox.critical(None, _("Commissioner Desk"), message)
        return 1
    language = args.lang or settings.get("language")
    i18n.set_language(language)
    install_qt_translator(app, language)
    window = show_main_window(info)
    if args.self_test:
        status = self_test(window)
        window.close()
        session.close_session()
        return status
    QTimer.singleShot(0, window.raise_)
    from app import backup  # not needed before the window shows

    # The first start of the day: a copy and an integrity check, off the UI thread.
    ops.run_in_background(lambda: backup.automatic("auto"), writes=True)
    status = app.exec()
    backup.automatic("exit")
    session.close_session()
    return status
