"""Issue #16: a laptop working in a field package says so in its title and in a banner with the
package's events, and does not offer to prepare or merge packages there."""

from __future__ import annotations

import pytest

from app.core import i18n
from app.data import session
from app.exchange.package import export_package
from ui import application
from ui.main_window import MainWindow

pytestmark = pytest.mark.gui


def window_on(qtbot, info) -> MainWindow:
    window = MainWindow(info, start="dashboard")
    qtbot.addWidget(window)
    window.resize(1200, 760)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_the_laptop_shows_it_works_in_a_field_package(app, qtbot, office, tmp_path, screenshot):
    i18n.set_language("zh_CN")
    application.install_qt_translator(app, "zh_CN")
    office_window = window_on(qtbot, session.open_session(office["path"]))
    assert "现场采集包" not in office_window.windowTitle()
    assert not office_window.package_banner.isVisible()
    assert office_window.merge_action.isEnabled()
    office_window.close()

    package = tmp_path / "salon.cdpkg"
    export_package(package)
    session.close_session()
    laptop = window_on(qtbot, session.open_session(package))
    assert laptop.windowTitle().startswith("科技特派员工作台 — 现场采集包 — ")
    banner = laptop.package_banner
    assert banner.isVisible() and "科技特派员人才沙龙" in banner.text()
    assert "往期培训" not in banner.text()  # last year's training did not go into the package
    assert "合并现场采集包" in banner.text()
    assert not laptop.merge_action.isEnabled() and not laptop.prepare_action.isEnabled()
    screenshot(laptop, "field_laptop_banner_zh_CN")

    i18n.set_language("en")
    laptop.retranslate()
    assert "Field package" in laptop.windowTitle() and "科技特派员人才沙龙" in banner.text()
    laptop.close()


def test_a_package_of_the_older_format_is_said_to_be_one_too(office, tmp_path):
    """A /2 package (no content checksum) is still merged, and on the laptop it is a package all
    the same: the banner and the checksum hook decide alike."""
    from app.exchange import package as pkg
    from db import database as dbmod

    path = tmp_path / "old.cdpkg"
    export_package(path)
    session.close_session()
    session.open_session(path)
    dbmod.database.execute_sql(
        'UPDATE "package_manifest" SET "value" = ? WHERE "key" = ?',
        (pkg.FORMAT.rsplit("/", 1)[0] + "/2", "format"))
    assert pkg.is_package(dbmod.database)
    assert pkg.open_package() is not None
