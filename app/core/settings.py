"""Settings: those that travel with the database, and the identity of this machine.

Database settings (issuing unit, windows, limits…) live in the ``setting`` table. The device's
name and id belong to the machine, not to the data: a field package copied to a laptop must not
carry the office PC's identity, so they live in the user's config folder.
"""

from __future__ import annotations

import json
import os
import platform
import uuid
from pathlib import Path
from types import MappingProxyType

import platformdirs

from app import APP_NAME
from app.core.changes import Changes
from db import changelog
from db.database import database
from db.models import Setting

DEFAULTS: dict[str, object] = {
    "issuing_unit": "泉州市鲤城区科学技术局",
    "compiler": "",
    "reviewer": "",
    "report_font": "",
    "expiring_days": 60,
    "backup_count": 10,
    "backup_folder": "",
    "attachment_limit_mb": 20,
    "default_street": "",
    "language": "zh_CN",
}


def get(key: str):
    default = DEFAULTS[key]
    row = Setting.get_or_none(Setting.key == key)
    if row is None or row.value is None:
        return default
    return type(default)(row.value)


def put(key: str, value) -> None:
    if key not in DEFAULTS:
        raise KeyError(key)
    changelog.check_writable()
    text = None if value is None else str(type(DEFAULTS[key])(value))
    Setting.insert(key=key, value=text).on_conflict(
        conflict_target=[Setting.key], update={Setting.value: text}).execute()


def save(values: dict[str, object]) -> Changes:
    """Store the settings the officer changed, all or none. Settings are not in the change log
    (not undone with the register); the ``Changes`` names the ``setting`` table for the
    screens that show one (reminders, reports)."""
    with database.atomic():
        for key, value in values.items():
            put(key, value)
    return Changes("setting", written=MappingProxyType({"setting": frozenset()}))


def database_id() -> str:
    return Setting.get(Setting.key == "database_id").value


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_database_path() -> Path:
    return data_dir() / "commissioners.db"


def log_path() -> Path:
    """The program's log: errors and their details, for whoever supports the officer."""
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)) / "commissioner-desk.log"


def windows_fonts_folder() -> Path:
    """Where Windows keeps its fonts (``%WINDIR%\\Fonts``); tests point ``WINDIR`` elsewhere."""
    return Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"


def _device_file() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "device.json"


def device() -> dict[str, str]:
    """This machine's {"id", "name"}, created on first use."""
    try:
        return json.loads(_device_file().read_text("utf-8"))
    except (OSError, ValueError):
        return _write_device({"id": str(uuid.uuid4()), "name": platform.node() or "PC"})


def set_device_name(name: str) -> None:
    """The name this machine signs its changes and field work with."""
    info = _write_device({**device(), "name": name.strip() or platform.node() or "PC"})
    changelog.configure(actor=info["name"], device_id=info["id"])


def _write_device(info: dict[str, str]) -> dict[str, str]:
    path = _device_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(info, ensure_ascii=False), "utf-8")
    return info
