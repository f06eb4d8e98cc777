"""The frozen build's lists (packaging/bundle.py) against the source tree and the installed
packages, and its Windows version resource. The build itself runs in .ci/run (the frozen program
is started there); these catch a file, package or plugin the lists miss without building."""

from __future__ import annotations

import importlib.util
import re
import shutil
from datetime import date, datetime
from pathlib import Path

import babel.localedata
import pytest
from PIL import Image
from PySide6.QtCore import QLibraryInfo

from app.core import i18n

ROOT = Path(__file__).resolve().parent.parent


def _load(name: str):
    # by path: "packaging" is also the name of a package on PyPI that pytest imports
    spec = importlib.util.spec_from_file_location(f"cdesk_{name}", ROOT / "packaging" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bundle = _load("bundle")


def test_every_package_of_the_program_is_collected():
    """The screens and commands are imported by name, which the analysis does not follow: every
    package of ours goes in whole."""
    packages = {path.parent.name for path in ROOT.glob("*/__init__.py")} - {"tests"}
    assert packages == set(bundle.PACKAGES)


def test_every_file_the_program_reads_goes_into_the_bundle_where_the_source_tree_has_it():
    listed = set()
    for source, target in bundle.DATA:
        matches = [path for path in ROOT.glob(source) if path.is_file()]
        assert matches, f"{source} names no file"
        for path in matches:
            assert path.parent.relative_to(ROOT).as_posix() == target
        listed.update(matches)
    for package in bundle.PACKAGES:
        for path in (ROOT / package).rglob("*"):
            if not path.is_file() or path.suffix in (".py", ".pyc"):
                continue
            if path.suffix == ".po":  # compiled by the build
                assert path.relative_to(ROOT / "resources" / "locale").parts[0] in bundle.CATALOGS
            else:
                assert path in listed, f"{path.relative_to(ROOT)} is not in bundle.DATA"


def test_the_catalogs_compiled_are_those_of_the_languages():
    assert set(bundle.CATALOGS) == set(i18n.LANGUAGES) - {"en"}


def test_every_qt_plugin_kept_exists_in_pyside6():
    """This system's list only: Windows' is checked by build.py in the Windows workflow."""
    folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath))
    for kind, pattern in bundle.QT_PLUGINS[bundle.platform_key()]:
        stems = [bundle.plugin_stem(path.name) for path in (folder / kind).glob("*")]
        assert any(re.fullmatch(pattern.replace("*", ".*"), stem) for stem in stems), (kind, pattern)


def test_qt_translations_kept_exist_and_the_program_loads_them():
    folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    for name in bundle.QT_TRANSLATIONS:
        assert (folder / f"{name}.qm").is_file()
    assert 'f"qtbase_{language}"' in (ROOT / "ui" / "qt_translation.py").read_text("utf-8")
    assert bundle.data_kept("PySide6/Qt/translations/qtbase_zh_CN.qm")
    assert not bundle.data_kept("PySide6/translations/qtbase_de.qm")


def test_no_qt_module_the_program_imports_is_excluded():
    used = set()
    for folder in ("app", "ui"):
        for path in (ROOT / folder).rglob("*.py"):
            used.update(re.findall(r"PySide6\.(Qt\w+)", path.read_text("utf-8")))
    assert used
    assert not {f"PySide6.{name}" for name in used} & set(bundle.EXCLUDES)


def test_babels_locales_kept_are_enough_for_every_language(tmp_path, monkeypatch):
    """Formatting in each language with only the locale data the bundle keeps."""
    kept = tmp_path / "locale-data"
    kept.mkdir()
    for path in Path(babel.localedata._dirname).glob("*.dat"):
        if bundle.data_kept(f"babel/locale-data/{path.name}"):
            shutil.copy(path, kept)
    assert len(list(kept.iterdir())) == len(bundle.BABEL_LOCALES)
    monkeypatch.setattr(babel.localedata, "_dirname", str(kept))
    babel.localedata._cache.clear()
    original = i18n.language()
    try:
        for language in i18n.LANGUAGES:
            i18n.set_language(language)
            assert i18n.format_date(date(2025, 3, 1), "long")
            assert i18n.format_datetime(datetime(2025, 3, 1, 9, 30))
            assert i18n.format_decimal(12345.675, 2)
            assert i18n.join_list(["a", "b", "c"])
    finally:
        babel.localedata._cache.clear()
        monkeypatch.undo()
        i18n.set_language(original)


_VERSION_CLASSES = ("VSVersionInfo", "FixedFileInfo", "StringFileInfo", "StringTable",
                    "StringStruct", "VarFileInfo", "VarStruct")


def _evaluate(text: str) -> dict:
    """The version file as PyInstaller reads it (an expression of its classes), with each class
    recording its arguments."""

    def recorder(name):
        return lambda *args, **kwargs: {"class": name, "args": args, **kwargs}

    return eval(text, {"__builtins__": {}}, {name: recorder(name) for name in _VERSION_CLASSES})


def test_the_version_resource_carries_the_version_of_pyproject(tmp_path):
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[project]\nname = "x"\nversion = "2.10.3rc1"\n', encoding="utf-8")
    version = bundle.version(pyproject)
    info = _evaluate(bundle.version_resource(version, "cdesk"))
    assert info["class"] == "VSVersionInfo"
    assert info["ffi"]["filevers"] == info["ffi"]["prodvers"] == (2, 10, 3, 0)
    string_file_info, var_file_info = info["kids"]
    (table,) = string_file_info["args"][0]
    strings = {entry["args"][0]: entry["args"][1] for entry in table["args"][1]}
    assert strings["FileVersion"] == strings["ProductVersion"] == "2.10.3rc1"
    assert strings["OriginalFilename"] == "cdesk.exe"
    assert var_file_info["args"][0][0]["args"] == ("Translation", [0x0804, 1200])


def test_the_build_reads_the_version_of_this_pyproject():
    text = (ROOT / "pyproject.toml").read_text("utf-8")
    assert f'version = "{bundle.version()}"' in text


@pytest.mark.parametrize("version", ["v1.0", "1.70000"])
def test_a_version_windows_cannot_hold_is_refused(version):
    with pytest.raises(ValueError, match="version"):
        bundle.version_numbers(version)


def test_the_windows_icon_holds_the_programs_icon_at_every_size(qapp, tmp_path):
    path = tmp_path / "CommissionerDesk.ico"
    _load("icon").write_icon(path)
    with Image.open(path) as image:
        assert image.format == "ICO"
        assert image.info["sizes"] == {(n, n) for n in (16, 24, 32, 48, 64, 128, 256)}
        image.size = (32, 32)
        pixels = {colour for _count, colour in image.convert("RGB").getcolors(32 * 32)}
        assert (0x15, 0x65, 0xC0) in pixels  # the tile's blue
        assert (255, 255, 255) in pixels  # the character
