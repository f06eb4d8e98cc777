"""The Windows fit that can be checked anywhere: where the data lives on Windows, paths with
Chinese characters and spaces in the user's name, and a field package named on the command line
(how a double-click on one starts the program)."""

from __future__ import annotations

from pathlib import Path, PureWindowsPath

import platformdirs
import platformdirs.windows
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader

from app import cli
from app.core import settings
from tests.conftest import REPO
from tests.test_cli import main_py

LOCAL = r"C:\Users\张 伟\AppData\Local"


def test_on_windows_the_data_lives_under_localappdata_where_readme_says(monkeypatch):
    """README's table, as platformdirs answers on Windows (its folder overrides stand in for
    the shell's answer); backups go beside the database (the test below)."""
    monkeypatch.setattr(platformdirs, "PlatformDirs", platformdirs.windows.Windows)
    monkeypatch.setenv("WIN_PD_OVERRIDE_LOCAL_APPDATA", LOCAL)
    monkeypatch.setenv("WIN_PD_OVERRIDE_APPDATA", r"C:\Users\张 伟\AppData\Roaming")
    found = {
        "commissioners.db": settings.default_database_path(),
        "device.json": settings._device_file(),
        r"Cache\locale": Path(platformdirs.user_cache_dir(settings.APP_NAME, appauthor=False),
                              "locale"),
        r"Logs\commissioner-desk.log": settings.log_path(),
    }
    readme = (REPO / "README.md").read_text("utf-8")
    for where, path in found.items():
        assert PureWindowsPath(path) == PureWindowsPath(LOCAL, "CommissionerDesk", where)
        assert f"`%LOCALAPPDATA%\\CommissionerDesk\\{where}`" in readme


@pytest.fixture
def chinese_home(tmp_path):
    """The user 张 伟: the platform's folders under a name with Chinese characters and a space."""
    home = tmp_path / "张 伟"
    return home, {"HOME": str(home), "XDG_DATA_HOME": str(home / ".local" / "share"),
                  "XDG_CONFIG_HOME": str(home / ".config"),
                  "XDG_CACHE_HOME": str(home / ".cache"), "XDG_STATE_HOME": str(home / ".state")}


@pytest.mark.sqlite_only("the user's data folder holds a database file")
def test_a_user_named_with_chinese_and_a_space_demo_backup_report_package_self_test(
        chinese_home):
    home, env = chinese_home
    data = home / ".local" / "share" / "CommissionerDesk"

    def run(*args):
        done = main_py(*args, env_extra=env)
        assert done.returncode == 0, done.stderr
        return done

    run("demo")  # no --db: the default database in the user's data folder
    assert (data / "commissioners.db").is_file()
    run("backup")
    [made] = (data / "backups").glob("*.db")
    assert (made.parent / (made.name + ".sha256")).is_file()
    out = home / "报表 文件夹" / "名册 2025.pdf"
    out.parent.mkdir()
    run("report", "roster", "--out", out)
    assert "科技特派员" in PdfReader(out).pages[0].extract_text()
    (home / "现场 采集").mkdir()
    run("package", "export", "--out", home / "现场 采集" / "沙龙 签到.cdpkg")
    assert (home / "现场 采集" / "沙龙 签到.cdpkg").is_file()
    assert "self-test: ok" in run("--self-test").stdout
    assert list((home / ".cache" / "CommissionerDesk" / "locale").glob("zh_CN-*.mo"))


def test_a_package_named_alone_is_opened_by_the_gui_not_taken_for_a_command():
    args = cli.parse_arguments(["沙龙 签到.cdpkg"])
    assert (args.command, args.package) == (None, "沙龙 签到.cdpkg")
    args = cli.parse_arguments(["--db", "办公 室.db", "--lang", "en", "-v", r"D:\现场\包.CDPKG"])
    assert (args.command, args.db, args.lang, args.package) == (
        None, "办公 室.db", "en", r"D:\现场\包.CDPKG")
    # On the laptop the package is the database; and the package command keeps its file.
    assert cli.parse_arguments(["--db", "沙龙.cdpkg"]).package is None
    args = cli.parse_arguments(["package", "import", "沙龙.cdpkg"])
    assert (args.command, args.file, args.package) == ("package", "沙龙.cdpkg", None)


@pytest.mark.parametrize("argv", [["notes.txt"], ["沙龙.cdpkg", "check"]])
def test_other_words_where_the_command_goes_are_refused_with_usage(argv, capsys):
    with pytest.raises(SystemExit) as stopped:
        cli.parse_arguments(argv)
    assert stopped.value.code == 2
    assert "usage" in capsys.readouterr().err


@given(st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1).filter(
    lambda name: not name.startswith("-")), st.sampled_from([".cdpkg", ".CDPKG", ".Cdpkg"]))
def test_any_package_name_reaches_the_gui_exactly(name, suffix):
    """Oracle: the path as the system passed it, character for character, or nothing."""
    args = cli.parse_arguments(["--lang", "zh_CN", name + suffix])
    assert (args.command, args.package, args.lang) == (None, name + suffix, "zh_CN")

