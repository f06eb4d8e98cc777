from PySide6.QtCore import Qt

from app.core import i18n, settings
from app.data import session
from tests.ui.waiting import wait_for_writes
from ui.settings import SettingsView


def test_settings_are_saved_and_survive_a_restart(make_window, qtbot, database):
    window = make_window("zh_CN")
    view = window.show_screen("settings")
    assert isinstance(view, SettingsView)
    assert view.issuing_unit.text() == "泉州市鲤城区科学技术局"
    view.compiler.setText("王敏")
    view.expiring_days.setValue(90)
    view.default_street.setCurrentIndex(view.default_street.findText("金龙街道"))
    view.device_name.setText("活动笔记本")
    view.language.setCurrentIndex(view.language.findData("en"))
    window.activateWindow()
    view.compiler.setFocus()
    qtbot.waitUntil(view.compiler.hasFocus)
    qtbot.keyClick(view.compiler, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    wait_for_writes()
    assert window.sidebar.item(0).text() == "Dashboard"  # the language switched at once
    assert view.message.text() == "Settings saved."

    window.close()
    session.close_session()
    session.open_session(database.target)
    assert (settings.get("compiler"), settings.get("expiring_days"),
            settings.get("default_street"), settings.get("language")) == (
        "王敏", 90, "jinlong", "en")
    assert settings.device()["name"] == "活动笔记本"
    i18n.set_language("en")
    again = SettingsView()
    qtbot.addWidget(again)
    assert again.compiler.text() == "王敏"
    assert again.default_street.currentText() == "Jinlong Subdistrict"


def test_the_issuing_unit_is_required(make_window, screenshot):
    window = make_window("zh_CN")
    view = window.show_screen("settings")
    view.issuing_unit.clear()
    view.save_button.click()
    assert view.message.text() == "每份报表都印有发文单位，请填写。"
    assert settings.get("issuing_unit") == "泉州市鲤城区科学技术局"
    view.load()
    screenshot(window, "settings_zh_CN")
