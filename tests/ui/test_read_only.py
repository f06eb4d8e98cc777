"""A reader's connection (``server init``'s read-only role): the window says why nothing can be
changed, and the forms and settings cannot save."""

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from app.data import session
from tests.app.registry_helpers import person
from ui.main_window import MainWindow
from ui.register.forms import PersonForm

pytestmark = [pytest.mark.gui, pytest.mark.postgresql_only]


def test_a_readers_window_says_why_and_does_not_offer_to_save(app, qtbot, office_server,
                                                              screenshot):
    urls, names = office_server
    session.open_session(urls["ann"])
    zhang = person("张伟")
    session.close_session()
    info = session.open_session(urls["lead"])
    window = MainWindow(info, start="settings")
    qtbot.addWidget(window)
    window.resize(1200, 760)
    window.show()
    qtbot.waitExposed(window)
    assert window.read_only_banner.isVisible()
    assert names["lead"] in window.read_only_banner.text()
    assert not window.merge_action.isEnabled() and not window.undo_action.isEnabled()
    settings_view = window.screens["settings"]
    assert not settings_view.save_button.isEnabled()
    settings_view.save()  # Ctrl+S: says why instead of failing
    assert settings_view.message.text() == session.read_only_reason()
    window.set_language("zh_CN")  # switches, without saving the choice in the shared database
    assert "只能查看和打印" in window.read_only_banner.text()
    screenshot(window, "read_only_zh_CN")
    form = PersonForm(zhang)
    qtbot.addWidget(form)
    assert not form.buttons.button(QDialogButtonBox.StandardButton.Save).isEnabled()
    assert "只能查看和打印" in form.message.text()
    window.close()
