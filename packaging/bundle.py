"""What the frozen program holds: read by the PyInstaller spec (``commissioner_desk.spec``), by
``build.py`` to check the folder it built, and by the tests. The standard library only, so that
the tests read it without the build's packages."""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path, PurePath

ROOT = Path(__file__).resolve().parent.parent

FOLDER = "CommissionerDesk"
# Two programs share the folder: a Windows program built without a console has no standard
# output at all (PyInstaller sets sys.stdout to None), so the commands, `--self-test` and `--help`
# would print nothing; attaching to the parent's console instead lets the prompt come back
# before the output. The windowed one is what the Start menu and a double-clicked package open.
GUI_NAME = "CommissionerDesk"
CLI_NAME = "cdesk"

# Python's UTF-8 mode: on Windows, output into a pipe or file (the workflow's log, `cdesk search …
# > list.txt`) is otherwise in the ANSI code page, which cannot hold Chinese on an English system
# (UnicodeEncodeError) nor every rare character of a name on a Chinese one (GBK). Every file the
# program opens names its encoding, and its subprocesses' output is read as bytes.
PYTHON_OPTIONS = ("X utf8_mode=1",)

# Our own packages, whole: the screens (ui/screens.py) and the commands (app/cli) are imported by
# name, which PyInstaller's analysis does not follow; `resources` is only named to
# importlib.resources.
PACKAGES = ("app", "ui", "db", "resources")

# Packages also collected as source files, beside the compiled archive: python-docx finds its
# templates as docx/parts/../templates, a path through a folder that exists only then (Linux does
# not resolve ".." past a missing folder; Windows does).
SOURCE_TOO = {"docx": "pyz+py"}

# Files the program reads through importlib.resources: (source under ROOT, folder in the bundle).
# The translations are not here: the build compiles them (CATALOGS).
DATA = (
    ("resources/fonts/wqy-microhei.ttc", "resources/fonts"),
    ("resources/fonts/wqy-microhei.LICENSE.txt", "resources/fonts"),
    ("db/migrations/*.sql", "db/migrations"),
)
# The .po catalogs compiled to .mo by the build, shipped where the .po lies in the source tree.
CATALOGS = ("zh_CN",)

# The Qt plugins kept, by system: (plugin folder, file name pattern without prefix and suffix).
# Every other plugin the PySide6 hooks collect is left out; each pattern must match a file of the
# built folder (build.py checks).
QT_PLUGINS = {
    "win32": (
        ("platforms", "qwindows"),
        ("platforms", "qoffscreen"),  # the workflow's --self-test on a runner without a desktop
        ("styles", "qmodernwindowsstyle"),  # the Windows 10/11 look; without it, Fusion
        ("imageformats", "qjpeg"),  # attached photos (PNG is built into QtGui)
    ),
    "linux": (
        ("platforms", "qxcb"),
        ("platforms", "qoffscreen"),
        ("imageformats", "qjpeg"),
        ("platforminputcontexts", "ibusplatforminputcontextplugin"),  # typing Chinese
        ("platforminputcontexts", "composeplatforminputcontextplugin"),
        ("platformthemes", "qxdgdesktopportal"),  # the desktop's file dialogs
        ("xcbglintegrations", "qxcb-glx-integration"),  # QtGui's GL context on X11
        ("printsupport", "cupsprintersupport"),  # the printers in the print dialog
    ),
}
# Qt's own translations kept: the Chinese of its dialogs (ui/qt_translation.py).
QT_TRANSLATIONS = ("qtbase_zh_CN",)
# babel's locale data kept (of its 32 MB for every locale): the languages of the program and the
# locales they inherit from.
BABEL_LOCALES = ("root", "en", "zh", "zh_Hans", "zh_Hans_CN")

# Large modules the program does not use, kept out should a dependency ever import them (none
# does today; QtOpenGL stays: QtCharts imports it).
EXCLUDES = (
    "tkinter",
    "PySide6.QtQml",
    "PySide6.QtQuick",
    "PySide6.QtWebEngineCore",
    "PySide6.Qt3DCore",
    "PySide6.QtMultimedia",
)


def plugin_stem(path: str) -> str:
    """A Qt plugin's name as QT_PLUGINS gives it: libqxcb.so and qxcb.dll are qxcb."""
    return PurePath(path).name.removeprefix("lib").split(".")[0]


def data_kept(target: str) -> bool:
    """Whether a data file the analysis collected goes into the bundle: only the translations of
    Qt and the locales of babel the program uses (target: its path in the bundle)."""
    parts = PurePath(target).parts
    name = PurePath(target).stem
    if parts[0] == "PySide6" and "translations" in parts[1:3]:
        return name in QT_TRANSLATIONS
    if parts[:2] == ("babel", "locale-data"):
        return name in BABEL_LOCALES
    return True


def platform_key() -> str:
    return "win32" if sys.platform == "win32" else "linux"


def version(pyproject: Path = ROOT / "pyproject.toml") -> str:
    with pyproject.open("rb") as handle:
        return tomllib.load(handle)["project"]["version"]


def version_numbers(text: str) -> tuple[int, ...]:
    """The four numbers of a Windows file version from a PEP 440 version ("1.2rc1" → 1, 2, 0, 0)."""
    match = re.match(r"(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:\.(\d+))?", text)
    if match is None:
        raise ValueError(f"the version {text!r} of pyproject.toml does not start with a number")
    numbers = tuple(int(part or 0) for part in match.groups())
    if any(number > 0xFFFF for number in numbers):
        raise ValueError(f"the version {text!r} has a number above 65535, which Windows cannot hold")
    return numbers


def version_resource(text: str, program: str) -> str:
    """The Windows version resource of a program, in PyInstaller's version file format."""
    numbers = version_numbers(text)
    strings = {
        "CompanyName": "Commissioner Desk",
        "FileDescription": "科技特派员工作台 Commissioner Desk",
        "FileVersion": text,
        "InternalName": program,
        "LegalCopyright": "",
        "OriginalFilename": f"{program}.exe",
        "ProductName": "科技特派员工作台",
        "ProductVersion": text,
    }
    entries = ",\n".join(f"          StringStruct({key!r}, {value!r})" for key, value in strings.items())
    return f"""VSVersionInfo(
  ffi=FixedFileInfo(filevers={numbers!r}, prodvers={numbers!r}, mask=0x3f, flags=0x0,
                    OS=0x40004, fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([StringTable('080404b0', [
{entries}])]),
    VarFileInfo([VarStruct('Translation', [0x0804, 1200])])
  ]
)
"""
