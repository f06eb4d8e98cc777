"""Issue #16, daily comfort: what the officer sees on first start and after a language switch."""

from __future__ import annotations

import pytest

from ui.views.events import EventTableModel

pytestmark = pytest.mark.gui


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_event_kinds_and_times_fit_on_first_start(make_window, demo, language):
    window = make_window(language, start="events")
    table = window.screens["events"].table
    assert window.screens["events"].model.rowCount() > 0
    for column in (EventTableModel.KIND, EventTableModel.WHEN):
        assert table.columnWidth(column) >= table.sizeHintForColumn(column) > 0, column


def test_a_language_switch_from_the_menu_shows_in_the_settings(make_window):
    window = make_window("zh_CN", start="settings")
    box = window.screens["settings"].language
    assert box.currentData() == "zh_CN"
    window.language_actions["en"].trigger()
    assert box.currentData() == "en"
    window.language_actions["zh_CN"].trigger()
    assert box.currentData() == "zh_CN"
