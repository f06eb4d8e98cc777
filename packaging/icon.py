"""The Windows icon of the programs, the shortcuts and field packages: the program's own icon
(ui/common/icons.py draws it at run time), drawn by the build at each of its sizes into a .ico."""

from __future__ import annotations

import os
import struct
from pathlib import Path


def ico(pngs: dict[int, bytes]) -> bytes:
    """An .ico holding one PNG image per size (Windows Vista and later read PNG entries)."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = len(header) + 16 * len(pngs)
    entries, images = b"", b""
    for size, png in sorted(pngs.items()):
        # width and height 0 stand for 256; 32 bits per pixel, one colour plane
        entries += struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(png),
                               offset + len(images))
        images += png
    return header + entries + images


def write_icon(path: Path) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    from ui.application import create_application
    from ui.common.icons import app_icon

    create_application([])  # the bundled Chinese font, which draws the icon's character
    icon = app_icon()
    pngs = {}
    for size in icon.availableSizes():
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        icon.pixmap(size).save(buffer, "PNG")
        pngs[size.width()] = bytes(data)
    path.write_bytes(ico(pngs))
