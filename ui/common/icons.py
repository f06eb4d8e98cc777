"""Icons by name, from one set: the platform style's standard icons for now."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QIconEngine, QPainter
from PySide6.QtWidgets import QApplication, QStyle

_SP = QStyle.StandardPixmap
_NAMES = {
    "dashboard": _SP.SP_ComputerIcon,
    "commissioners": _SP.SP_DirHomeIcon,
    "organizations": _SP.SP_DirIcon,
    "workstations": _SP.SP_DriveNetIcon,
    "demands": _SP.SP_FileDialogDetailedView,
    "events": _SP.SP_FileDialogListView,
    "service_logs": _SP.SP_FileIcon,
    "agreements": _SP.SP_FileLinkIcon,
    "assessment": _SP.SP_DialogYesButton,
    "reports": _SP.SP_DialogSaveButton,
    "settings": _SP.SP_FileDialogContentsView,
    "undo": _SP.SP_ArrowBack,
    "redo": _SP.SP_ArrowForward,
    "open": _SP.SP_DialogOpenButton,
    "about": _SP.SP_MessageBoxInformation,
    "keyboard": _SP.SP_MessageBoxQuestion,
    "quit": _SP.SP_DialogCloseButton,
    "demo": _SP.SP_DialogApplyButton,
    "package": _SP.SP_DriveFDIcon,
    "merge": _SP.SP_BrowserReload,
    "empty": _SP.SP_DialogCancelButton,
    "duplicates": _SP.SP_FileDialogNewFolder,
    "audit": _SP.SP_FileDialogInfoView,
    "import": _SP.SP_ArrowDown,
    "export": _SP.SP_ArrowUp,
    "backup": _SP.SP_DriveHDIcon,
    "calendar": _SP.SP_TitleBarUnshadeButton,
}


def icon(name: str) -> QIcon:
    return QApplication.style().standardIcon(_NAMES[name])


class _AppIconEngine(QIconEngine):
    """The program's own icon, drawn at the size asked for: a blue tile with 科 (science)."""

    def paint(self, painter: QPainter, rect, _mode, _state) -> None:
        size = min(rect.width(), rect.height())
        tile = QRectF(rect.x(), rect.y(), size, size)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#1565c0"))
        painter.drawRoundedRect(tile, size * 0.18, size * 0.18)
        font = QFont(QApplication.font())
        font.setPixelSize(max(8, int(size * 0.68)))
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QColor("white"))
        painter.drawText(tile, Qt.AlignmentFlag.AlignCenter, "科")
        painter.restore()

    def availableSizes(self, _mode=None, _state=None) -> list[QSize]:
        return [QSize(size, size) for size in (16, 24, 32, 48, 64, 128, 256)]

    def clone(self) -> QIconEngine:
        return _AppIconEngine()


def app_icon() -> QIcon:
    """Sharp at every size, and drawn only when a size is first shown (not at start-up)."""
    return QIcon(_AppIconEngine())
