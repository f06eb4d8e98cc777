"""The main window: sidebar of screens, menus, status bar, language switch."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QStyledItemDelegate,
    QVBoxLayout,
    QWidget,
)

from app.core import i18n, settings
from app.core.changes import Changes
from app.core.errors import UserError
from app.core.i18n import _, ngettext
from app.data import session
from app.data.session import SessionInfo
from app.exchange.package import open_package
from ui import ops
from ui.common import file_dialogs
from ui.common.fonts import set_points
from ui.common.icons import icon
from ui.exchange.actions import DataActions
from ui.local_settings import qsettings
from ui.qt_translation import install_qt_translator
from ui.register.actions import RegisterActions
from ui.screens import SCREENS

APP_VERSION = "0.1.0"
_KEYS = [key for key, _title, _factory in SCREENS]



class WelcomePage(QWidget):
    """Shown on the first start with an empty database."""

    demo_requested = Signal()
    empty_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.title = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        set_points(self.title, 20, bold=True)
        self.text = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.text.setWordWrap(True)
        self.demo_button = QPushButton(icon("demo"), "")
        self.empty_button = QPushButton(icon("empty"), "")
        for button in (self.demo_button, self.empty_button):
            button.setMinimumHeight(40)
        self.demo_button.clicked.connect(self.demo_requested)
        self.empty_button.clicked.connect(self.empty_requested)
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.demo_button)
        buttons.addWidget(self.empty_button)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.addStretch()
        layout.addWidget(self.title)
        layout.addWidget(self.text)
        layout.addSpacing(16)
        layout.addLayout(buttons)
        layout.addStretch()
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(_("Welcome to Commissioner Desk"))
        self.text.setText(_("The database is empty. Load the demo data of Licheng district to "
                            "look around, or start with an empty register."))
        self.demo_button.setText(_("Load demo data"))
        self.empty_button.setText(_("Start empty"))


class _RoomyItems(QStyledItemDelegate):
    """The sidebar's entries with room around them, easy to hit."""

    def sizeHint(self, option, index) -> QSize:
        return super().sizeHint(option, index) + QSize(8, 12)


class MainWindow(QMainWindow):
    language_changed = Signal(str)

    def __init__(self, info: SessionInfo, show_welcome: bool = False, start: str | None = None):
        """``start``: the screen to open on; by default the one shown when the window last
        closed."""
        super().__init__()
        self.info = info
        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        set_points(self.sidebar, 11)
        self.sidebar.setItemDelegate(_RoomyItems(self.sidebar))
        self.sidebar.setIconSize(QSize(20, 20))
        self.sidebar.setFixedWidth(180)
        self.stack = QStackedWidget()
        # Screens are built when first shown: each one loads its data, and at province scale
        # building all of them at start would take far longer than showing one.
        self.screens: dict[str, QWidget] = {}
        for key, _title, _factory in SCREENS:
            item = QListWidgetItem(icon(key), "")
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.sidebar.addItem(item)
        self.welcome = WelcomePage()
        self.welcome.demo_requested.connect(self.load_demo)
        self.welcome.empty_requested.connect(lambda: self.show_screen("dashboard"))
        self.stack.addWidget(self.welcome)
        # A screen opens when its entry is selected (a click, the arrow keys), not when the
        # sidebar merely takes the focus: Qt then makes the first entry current without
        # selecting it, which would replace the welcome page before the officer chose.
        self.sidebar.itemSelectionChanged.connect(
            lambda: self._on_row(self.sidebar.currentRow()))

        # On the laptop the database is a field package: said above every screen, so that no
        # one takes it for the office register.
        self.package = open_package()
        self.package_banner = QLabel(wordWrap=True, objectName="packageBanner")
        self.package_banner.setStyleSheet(
            "background: #fff3cd; color: #5c4400; padding: 8px 12px; font-weight: bold;")
        self.package_banner.setVisible(self.package is not None)
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.package_banner)
        layout = QHBoxLayout()
        layout.setSpacing(0)
        layout.addWidget(self.sidebar)
        content = QVBoxLayout()
        content.setContentsMargins(0, 0, 0, 0)
        # A reader's connection: every form and action that writes is off, and this says why.
        self.read_only_banner = QLabel(wordWrap=True)
        self.read_only_banner.setObjectName("readOnlyBanner")
        self.read_only_banner.setStyleSheet("background: #fff4ce; padding: 6px;")
        self.read_only_banner.setVisible(bool(info.read_only))
        content.addWidget(self.read_only_banner)
        content.addWidget(self.stack, 1)
        layout.addLayout(content, 1)
        column.addLayout(layout, 1)
        self.setCentralWidget(central)
        # The first screen starts loading its data (on a worker thread) before the rest of the
        # window is built.
        if show_welcome:
            self.stack.setCurrentWidget(self.welcome)
            self.welcome.demo_button.setFocus()
        else:
            self.show_screen(start or self._last_screen())

        self.db_label = QLabel()
        self.statusBar().addPermanentWidget(self.db_label)
        self._build_menus()
        self._translate_texts()
        self.register_actions = RegisterActions(self)
        self.data_actions = DataActions(self)
        if info.read_only:
            for action in (self.merge_action, self.undo_action, self.redo_action):
                action.setEnabled(False)
                action.setToolTip(session.read_only_reason())
        self._restore_state()
        # Demands past their claim deadline expire at start and when the day changes while the
        # program stays open, whichever screen is shown.
        self._day = date.today()
        self.day_timer = QTimer(self, interval=60_000)
        self.day_timer.timeout.connect(self.check_day)
        self.day_timer.start()
        self.others = ops.OthersWatch(self)

    # Navigation ---------------------------------------------------------------------------

    def show_screen(self, key: str) -> QWidget:
        row = _KEYS.index(key)
        if self.sidebar.item(row).isSelected():
            self._on_row(row)  # shown again: refreshed
        else:
            self.sidebar.setCurrentRow(row)  # refreshed once, through itemSelectionChanged
        return self.screens[key]

    def _on_row(self, row: int) -> None:
        if row < 0 or not self.sidebar.item(row).isSelected():
            return
        key, _title, factory = SCREENS[row]
        screen = self.screens.get(key)
        if screen is None:
            screen = self.screens[key] = factory()
            screen.setObjectName(f"screen_{key}")
            self.stack.addWidget(screen)
        self.stack.setCurrentWidget(screen)
        refresh = getattr(screen, "refresh", None)
        if refresh is not None:
            refresh()

    def find(self) -> None:
        """To the search box of the screen shown (a list's, a board's)."""
        screen = self.stack.currentWidget()
        box = getattr(screen, "search_box", None) or getattr(screen, "search", None)
        if isinstance(box, QLineEdit):
            box.setFocus(Qt.FocusReason.ShortcutFocusReason)
            box.selectAll()

    # Menus -------------------------------------------------------------------------------

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.open_action = QAction(icon("open"), "", self)
        self.open_action.setShortcut(QKeySequence.StandardKey.Open)
        self.open_action.triggered.connect(self.open_database)
        self.prepare_action = QAction(icon("package"), "", self)
        self.prepare_action.triggered.connect(self.prepare_package)
        self.merge_action = QAction(icon("merge"), "", self)
        self.merge_action.triggered.connect(self.merge_package)
        self.file_menu.addAction(self.open_action)
        self.file_menu.addSeparator()
        self.file_menu.addActions([self.prepare_action, self.merge_action])
        for action in (self.prepare_action, self.merge_action):  # only the office does these
            action.setEnabled(self.package is None)
        self.file_menu.addSeparator()
        self.demo_action = QAction(icon("demo"), "", self)
        self.demo_action.triggered.connect(self.load_demo)
        self.file_menu.addAction(self.demo_action)
        self.file_menu.aboutToShow.connect(
            lambda: self.demo_action.setEnabled(session.is_empty()))
        self.file_menu.addSeparator()
        self.quit_action = QAction(icon("quit"), "", self)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))  # Qt's standard Quit is empty on Windows
        self.quit_action.triggered.connect(self.close)
        self.file_menu.addAction(self.quit_action)

        self.edit_menu = bar.addMenu("")
        self.undo_action = QAction(icon("undo"), "", self)
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo_action.setEnabled(False)
        self.redo_action = QAction(icon("redo"), "", self)
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        self.redo_action.setEnabled(False)
        self.edit_menu.addActions([self.undo_action, self.redo_action])
        self.find_action = QAction(self)
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        self.find_action.triggered.connect(self.find)
        self.edit_menu.addSeparator()
        self.edit_menu.addAction(self.find_action)

        self.view_menu = bar.addMenu("")
        self.language_menu = self.view_menu.addMenu("")
        self.language_group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for code, name in (("zh_CN", "简体中文"), ("en", "English")):
            action = QAction(name, self, checkable=True)
            action.setChecked(code == i18n.language())
            action.triggered.connect(lambda _checked=False, c=code: self.set_language(c))
            self.language_group.addAction(action)
            self.language_menu.addAction(action)
            self.language_actions[code] = action

        self.help_menu = bar.addMenu("")
        self.shortcuts_action = QAction(icon("keyboard"), "", self)
        self.shortcuts_action.setShortcut(QKeySequence.StandardKey.HelpContents)
        self.shortcuts_action.triggered.connect(self.show_shortcuts)
        self.help_menu.addAction(self.shortcuts_action)
        self.about_action = QAction(icon("about"), "", self)
        self.about_action.triggered.connect(self.show_about)
        self.help_menu.addAction(self.about_action)

    # Language ----------------------------------------------------------------------------

    def set_language(self, code: str) -> None:
        """Switch every open screen at once, and remember the choice in the database."""
        i18n.set_language(code)
        if not self.info.read_only:
            ops.run(partial(settings.save, {"language": code}), parent=self)
        install_qt_translator(QApplication.instance(), code)
        self.language_actions[code].setChecked(True)
        self.retranslate()
        self.language_changed.emit(code)

    def retranslate(self) -> None:
        self._translate_texts()
        for screen in (*self.screens.values(), self.welcome):
            screen.retranslate()
        for page in self.findChildren(QDialog):  # record pages left open beside the window
            if page.isVisible() and hasattr(page, "retranslate"):
                page.retranslate()

    def _translate_texts(self) -> None:
        """The window's own texts (its screens and pages translate themselves when built)."""
        where = self.info.location
        if self.package is not None:
            where = _("Field package") + " — " + where
            self.package_banner.setText(self._package_text())
        self.setWindowTitle(_("Commissioner Desk") + " — " + where)
        for row, (_key, title, _factory) in enumerate(SCREENS):
            self.sidebar.item(row).setText(_(title))
        # Wide enough for the longest title of this language, never narrower than 180.
        self.sidebar.setFixedWidth(max(180, self.sidebar.sizeHintForColumn(0)
                                       + 2 * self.sidebar.frameWidth() + 8))
        self.file_menu.setTitle(_("&File"))
        self.open_action.setText(_("&Open database…"))
        self.open_action.setToolTip(_("Open another database file or field package"))
        self.prepare_action.setText(_("&Prepare field package…"))
        self.merge_action.setText(_("&Merge field package…"))
        self.demo_action.setText(_("Load &demo data"))
        self.demo_action.setToolTip(_("Only into an empty database"))
        self.quit_action.setText(_("&Quit"))
        self.edit_menu.setTitle(_("&Edit"))
        self.undo_action.setText(_("&Undo"))
        self.redo_action.setText(_("&Redo"))
        self.find_action.setText(_("&Find in the list"))
        self.view_menu.setTitle(_("&View"))
        self.language_menu.setTitle(_("&Language"))
        self.help_menu.setTitle(_("&Help"))
        self.shortcuts_action.setText(_("&Keyboard shortcuts"))
        self.about_action.setText(_("&About Commissioner Desk"))
        self.db_label.setText(_("Database: {location}").format(location=self.info.location))
        self.read_only_banner.setText(session.read_only_reason())

    def _package_text(self) -> str:
        events = [_("{title} ({start})").format(title=title, start=i18n.format_datetime(start,
                                                                                     "short"))
                  for title, start in self.package.events]
        return _("This is a field package prepared on {date} by {device}, not the office "
                 "register. Record the events here, then bring this file back to the office "
                 "and merge it there (File → Merge field package…). Events: {events}").format(
            date=i18n.format_datetime(self.package.exported_at, "short"),
            device=self.package.exported_by, events=i18n.join_list(events) or _("none"))

    def show_shortcuts(self) -> None:
        from ui.shortcuts import ShortcutsDialog  # loaded when first opened: the window shows sooner

        ShortcutsDialog(self).exec()

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            _("About Commissioner Desk"),
            _("<h3>Commissioner Desk {version}</h3><p>Register of science and technology "
              "commissioners for a district science and technology bureau.</p>"
              "<p>Database: {location}<br>Schema version: {schema}<br>Device: {device}</p>")
            .format(version=APP_VERSION, location=self.info.location,
                    schema=self.info.schema_version, device=self.info.device_name),
        )

    # Databases and field packages --------------------------------------------------------

    def open_database(self) -> None:
        from ui.exchange.package_dialogs import (
            PACKAGE_FILTER,  # loaded when first opened: the window shows sooner
        )

        path = file_dialogs.open_file(
            self, "database", _("Open database"),
            _("Databases and field packages ({patterns})").format(
                patterns="*.db " + PACKAGE_FILTER))
        if path:
            self.switch_database(path)

    def switch_database(self, target: str) -> MainWindow:
        """This window closed, and a new one on ``target`` (on this database if that fails)."""
        return switch_database(self, target)

    def prepare_package(self) -> None:
        from ui.exchange.package_dialogs import (
            PrepareDialog,  # loaded when first opened: the window shows sooner
        )

        dialog = PrepareDialog(self)
        if dialog.exec():
            self.statusBar().showMessage(dialog.result_text, 10_000)

    def merge_package(self) -> None:
        from ui.exchange.package_dialogs import (
            PACKAGE_FILTER,  # loaded when first opened: the window shows sooner
        )

        path = file_dialogs.open_file(
            self, "package", _("Merge field package"),
            _("Field packages ({pattern})").format(pattern=PACKAGE_FILTER))
        if path:
            self.merge_package_file(path)

    def merge_package_file(self, path: str | Path) -> None:
        from ui.exchange.package_dialogs import MergeDialog  # when first merged: a sooner window

        dialog = MergeDialog(path, self)
        if dialog.exec() and dialog.result is not None:
            self.statusBar().showMessage(_("Merged: {summary}. Edit → Undo takes it back.").format(
                summary=dialog.result.plan.summary_text()), 15_000)
            if dialog.result.missing_files:
                QMessageBox.warning(self, _("Merge field package"), _(
                    "These attachment files were not beside the package: {files}. Copy the "
                    "laptop's \"attachments\" folder next to the package and merge it again to "
                    "bring them.").format(files=i18n.join_list(dialog.result.missing_files)))
            self._on_row(self.sidebar.currentRow())

    def expire_demands(self) -> None:
        """On the write lane: thousands may be due after a long pause."""
        ops.run(session.expire_demands, parent=self, on_done=self.demands_expired)

    def check_day(self) -> None:
        if date.today() != self._day:
            self._day = date.today()
            self.expire_demands()
            ops.anything_changed()  # what is in force, due or expired is counted for the new day

    def demands_expired(self, changes: Changes) -> None:
        if ids := changes.ids("demand"):
            self.statusBar().showMessage(ngettext(
                "{count} demand expired: its claim deadline passed without an accepted claim.",
                "{count} demands expired: their claim deadline passed without an accepted claim.",
                len(ids)).format(count=len(ids)), 15_000)

    # Demo data ---------------------------------------------------------------------------

    def load_demo(self) -> None:
        from app import demo  # the demo data: loaded when it is asked for

        if not session.is_empty():  # the menu entry is disabled then; a last check
            return
        self.welcome.setEnabled(False)
        self.demo_action.setEnabled(False)
        self.statusBar().showMessage(_("Loading demo data…"))

        def done(_changes) -> None:
            self.welcome.setEnabled(True)
            self.statusBar().showMessage(_("Demo data loaded."), 5000)
            self.show_screen("dashboard")

        def failed(error: UserError) -> None:
            self.welcome.setEnabled(True)
            self.statusBar().clearMessage()
            QMessageBox.warning(self, _("Demo data"), error.message)

        ops.run(demo.load, parent=self, title=_("Loading demo data…"), on_done=done,
                on_error=failed)

    # Window state ------------------------------------------------------------------------

    def _last_screen(self) -> str:
        key = qsettings().value("main/screen")
        return key if key in _KEYS else "dashboard"

    def _restore_state(self) -> None:
        store = qsettings()
        geometry = store.value("main/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1200, 760)
        state = store.value("main/state")
        if state is not None:
            self.restoreState(state)

    def closeEvent(self, event) -> None:
        store = qsettings()
        store.setValue("main/geometry", self.saveGeometry())
        store.setValue("main/state", self.saveState())
        if self.sidebar.currentRow() >= 0 and self.stack.currentWidget() is not self.welcome:
            store.setValue("main/screen", SCREENS[self.sidebar.currentRow()][0])
        ops.wait_for_all()
        super().closeEvent(event)


_windows: list = []  # the main window, kept referenced here
# Called with each main window shown (the application's front door follows its database).
on_shown: list[Callable[[MainWindow], None]] = []


def show_main_window(info: session.SessionInfo, start: str | None = None):
    """The main window on ``start``, by default the screen shown when it last closed."""
    file_dialogs.set_database(info.target)
    window = MainWindow(info, show_welcome=session.is_empty(), start=start)
    window.show()
    _windows[:] = [window]
    for follow in on_shown:
        follow(window)
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
