"""The interface on Chinese Windows draws with Microsoft YaHei UI, as the system's own dialogs;
elsewhere, or when the file does not load, with the bundled font."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFontInfo
from PySide6.QtWidgets import QApplication

from ui import application


@pytest.mark.sqlite_only("fonts are the process's: once YaHei UI is loaded, it stays known, so a "
                        "second run cannot see a file that does not load fall back")
def test_microsoft_yahei_ui_where_windows_has_it_else_the_bundled_font(app, windows_fonts,
                                                                     tmp_path):
    bundled = application.bundled_font_family()
    assert application.interface_font_family(tmp_path) == bundled  # no msyh.ttc
    (tmp_path / "msyh.ttc").write_bytes(b"ttcf" + bytes(100))
    assert application.interface_font_family(tmp_path) == bundled  # one that does not load
    # The UI face of the collection, not its first ("Microsoft YaHei").
    assert application.interface_font_family(windows_fonts) == "Microsoft YaHei UI"
    before = QApplication.font()
    try:
        application.use_interface_font(windows_fonts)
        assert QApplication.font().families()[:2] == ["Microsoft YaHei UI", bundled]
        assert QFontInfo(QApplication.font()).family() == "Microsoft YaHei UI"
    finally:
        QApplication.setFont(before)
