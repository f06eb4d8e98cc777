"""This computer's settings of the windows (layout, columns, the screen shown last), kept by Qt
in the user's configuration folder; the data's settings travel in the database (app.core.settings)."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from app.core import settings


def qsettings() -> QSettings:
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                     settings.APP_NAME, settings.APP_NAME)
