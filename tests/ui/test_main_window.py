from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontInfo, QFontMetrics
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from app.core import i18n, settings
from tests.ui.waiting import wait_for_writes
from ui import application
from ui.main_window import MainWindow, qsettings
from ui.screens import SCREENS


def sidebar_texts(window):
    return [window.sidebar.item(row).text() for row in range(window.sidebar.count())]


def test_qt_draws_chinese_with_the_bundled_font(app):
    """First in the application's font on every machine, so no screen depends on a system
    Chinese font (a fresh server has none)."""
    bundled = application.bundled_font_family()
    assert bundled in application.chinese_font_families()
    assert QFontInfo(app.font()).family() == bundled
    assert QFontMetrics(app.font()).inFontUcs4(ord("鲤"))


def show_commissioners(window, qtbot):
    screen = window.show_screen("commissioners")
    qtbot.waitUntil(lambda: not screen.model.loading)


def test_main_window_in_chinese(make_window, qtbot, demo, screenshot):
    window = make_window("zh_CN")
    assert sidebar_texts(window)[:3] == ["工作概览", "科技特派员", "单位"]
    assert window.file_menu.title() == "文件(&F)"
    show_commissioners(window, qtbot)
    screenshot(window, "main_window_zh_CN")


def test_main_window_in_english(make_window, qtbot, demo, screenshot):
    window = make_window("en")
    assert sidebar_texts(window)[:3] == ["Dashboard", "Commissioners", "Organizations"]
    show_commissioners(window, qtbot)
    screenshot(window, "main_window_en")


def test_switching_language_retranslates_at_once_and_is_remembered(make_window):
    window = make_window("zh_CN")
    window.language_actions["en"].trigger()
    assert i18n.language() == "en"
    assert sidebar_texts(window)[1] == "Commissioners"
    assert window.windowTitle().startswith("Commissioner Desk")
    wait_for_writes()
    assert settings.get("language") == "en"
    window.language_actions["zh_CN"].trigger()
    assert sidebar_texts(window)[1] == "科技特派员"


def test_qt_dialog_buttons_are_chinese(make_window, qtbot):
    make_window("zh_CN")
    box = QMessageBox(QMessageBox.Icon.Question, "t", "t",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    qtbot.addWidget(box)
    buttons = box.findChild(QDialogButtonBox)
    texts = {b.text().replace("&", "") for b in buttons.buttons()}
    assert any("是" in t for t in texts), texts


def test_every_screen_opens(make_window):
    window = make_window("zh_CN")
    for key, _title, _factory in SCREENS:
        assert window.show_screen(key) is window.stack.currentWidget()


def test_welcome_page_on_an_empty_database(make_window, qtbot, screenshot):
    window = make_window("zh_CN", show_welcome=True)
    assert window.stack.currentWidget() is window.welcome
    screenshot(window, "welcome_zh_CN")
    qtbot.mouseClick(window.welcome.empty_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.screens["dashboard"]


def test_window_geometry_is_kept(make_window, qtbot, database):
    window = make_window("en")
    window.resize(798, 500)
    window.close()
    assert qsettings().value("main/geometry") is not None
    again = MainWindow(database)
    qtbot.addWidget(again)
    assert (again.width(), again.height()) == (798, 500)


def test_undo_follows_every_change_the_runner_announces(make_window, qtbot):
    from app.core import changes
    from db import changelog, models
    from ui import ops

    window = make_window("en")
    assert not window.undo_action.isEnabled()

    def write():  # on the write lane, from no screen
        with changelog.batch("Add 后台单位"):
            models.Organization(name="后台单位").save()
            return changes.made("organization")

    ops.run(write, parent=None)
    qtbot.waitUntil(window.undo_action.isEnabled)
    assert window.undo_action.text() == "&Undo Add 后台单位"
    window.undo_action.trigger()
    wait_for_writes()
    assert not models.Organization.select().exists()


def test_reopens_on_the_screen_shown_last(make_window, qtbot, database):
    window = make_window("en")
    window.show_screen("events")
    window.close()
    again = MainWindow(database)
    qtbot.addWidget(again)
    assert again.stack.currentWidget() is again.screens["events"]
    assert set(again.screens) == {"events"}  # the dashboard was not built on the way


def test_start_screen_asked_for_wins_and_builds_nothing_else(make_window, qtbot, database):
    window = make_window("en")
    window.show_screen("events")
    window.close()
    again = MainWindow(database, start="commissioners")
    qtbot.addWidget(again)
    assert list(again.screens) == ["commissioners"]


def test_demands_past_their_deadline_expire_once_the_window_shows(app, qtbot, database):
    from app.data import session
    from app.demands import lifecycle as demands
    from db.models import Demand
    from tests.app import demand_helpers as h

    due = h.demand(h.organization("泉州鲤城纺织有限公司"))
    demands.publish(due, date(2025, 3, 1))  # its claims closed on 2025-03-31
    session.close_session()
    info = session.open_session(database.target, expire=False)
    assert Demand.get_by_id(due).status == "published"  # opening did not wait for it
    i18n.set_language("en")
    window = application.show_main_window(info, start="demands")
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: Demand.get_by_id(due).status == "expired")
    qtbot.waitUntil(lambda: "1 demand expired" in window.statusBar().currentMessage())
    board = window.screens["demands"]  # shown, so refreshed at once
    qtbot.waitUntil(lambda: board.model.data(board.model.index(0, board.model.STATUS))
                    == "Expired")
