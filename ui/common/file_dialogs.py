"""Every file dialog of the program, through one place that decides where it starts: the folder
last used for that kind of file, else the user's documents — never the database's own folder.

A file dialog that lists the database's folder opens and closes the files it shows (icons, MIME
types); in this process that drops SQLite's POSIX locks on the database (see db.writer_lock),
so the dialogs are kept away from it unless the officer goes there.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

from app.core import settings
from ui.local_settings import qsettings

_database_folder: list[Path] = []  # the folder of the open database file, when there is one


def set_database(target: str | None) -> None:
    """The database the program has open (a file path or a URL)."""
    _database_folder[:] = ([Path(target).expanduser().resolve().parent]
                           if target and "://" not in target else [])


def documents() -> Path:
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found and Path(found).is_dir() else Path.home()


def start_folder(kind: str) -> Path:
    """Where a dialog for ``kind`` of file ("report", "export", "package", "backup"…) starts."""
    last = qsettings().value(f"file_dialogs/{kind}", "", str)
    avoid = {*_database_folder, settings.default_database_path().parent}
    if last and Path(last).is_dir() and Path(last).resolve() not in avoid:
        return Path(last)
    return documents()


def remember(kind: str, chosen: str) -> None:
    folder = Path(chosen) if Path(chosen).is_dir() else Path(chosen).parent
    qsettings().setValue(f"file_dialogs/{kind}", str(folder))


def open_file(parent: QWidget | None, kind: str, title: str, filters: str) -> str:
    """A file to read, or "" when the officer cancelled."""
    path, _filter = QFileDialog.getOpenFileName(parent, title, str(start_folder(kind)), filters)
    if path:
        remember(kind, path)
    return path


def open_files(parent: QWidget | None, kind: str, title: str, filters: str) -> list[str]:
    paths, _filter = QFileDialog.getOpenFileNames(parent, title, str(start_folder(kind)), filters)
    if paths:
        remember(kind, paths[0])
    return paths


def save_file(parent: QWidget | None, kind: str, title: str, name: str, filters: str) -> str:
    """Where to write a file suggested as ``name`` (a bare name, or a path whose folder is kept
    unless it is the database's), or "" when cancelled."""
    suggested = Path(name)
    folder = start_folder(kind) if (not suggested.is_absolute() or suggested.parent.resolve() in
                                    {*_database_folder}) else suggested.parent
    path, chosen = QFileDialog.getSaveFileName(parent, title, str(folder / suggested.name),
                                               filters)
    if path and not Path(path).suffix and (suffix := re.search(r"\*(\.\w+)", chosen)):
        path += suffix.group(1)  # a name typed without its extension gets the chosen filter's
    if path:
        remember(kind, path)
    return path


def folder(parent: QWidget | None, kind: str, title: str, current: str = "") -> str:
    """A folder (the backup folder…), starting at ``current`` when it is set."""
    start = current if current and Path(current).is_dir() else str(start_folder(kind))
    path = QFileDialog.getExistingDirectory(parent, title, start)
    if path:
        remember(kind, path)
    return path
