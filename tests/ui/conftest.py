import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget

from tests.ui.waiting import wait_for_writes
from ui import application, ops
from ui.local_settings import qsettings
from ui.main_window import MainWindow


@pytest.fixture(scope="session")
def qapp(qapp_args):
    """The QApplication as main.py builds it (its bundled Chinese font first) for every Qt test,
    also those that never ask for ``app``: no screen depends on the machine's fonts."""
    return application.create_application(qapp_args)


@pytest.fixture
def app(qapp):
    return application.create_application()


@pytest.fixture(autouse=True)
def background_work_done(database):
    """A change a test started reports back within that test, not into the next one's screens;
    and no pool thread's job (a list loading) outlives it: one still running queried whichever
    database the next test had opened, and left a connection to it open, so that test's demo
    data, copied over the file, read as the migrated file's rows from the old -wal."""
    yield
    wait_for_writes()
    ops.wait_for_all()


@pytest.fixture(autouse=True)
def fresh_window_settings():
    """Qt keeps one settings file per process: each test starts with no remembered columns,
    widths or screen, as on a new computer."""
    qsettings().clear()


@pytest.fixture(autouse=True)
def no_key_held(qapp):
    """A key click with Ctrl leaves Qt's modifier state at Ctrl until a release without it, so a
    later test's ``selectRow`` would toggle the selection instead of selecting: each test starts
    with no key held, as a user's hands do."""
    if QGuiApplication.keyboardModifiers() != Qt.KeyboardModifier.NoModifier:
        QTest.keyRelease(QWidget(), Qt.Key.Key_Control)


@pytest.fixture
def make_window(app, qtbot, database):
    """Build a main window on the test database; closed (state saved) after the test."""
    windows = []

    def make(language="zh_CN", show_welcome=False, start="dashboard"):
        """``start``: the screen opened first (the dashboard, as on a new computer)."""
        from app.core import i18n

        i18n.set_language(language)
        application.install_qt_translator(app, language)
        window = MainWindow(database, show_welcome=show_welcome, start=start)
        qtbot.addWidget(window)
        window.resize(1200, 760)
        window.show()
        qtbot.waitExposed(window)
        windows.append(window)
        return window

    yield make
    ops.wait_for_all()


@pytest.fixture
def screenshot(screenshots):
    def save(widget, name):
        path = screenshots / f"{name}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        assert widget.grab().save(str(path))
        return path

    return save
