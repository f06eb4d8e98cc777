"""The CJK font of printed reports, resolved once and always embedded.

Order: the font file chosen in the setting ``report_font``; the Windows system fonts 宋体
(``simsun.ttc``), 黑体 (``simhei.ttf``), 微软雅黑 (``msyh.ttc``); the bundled WenQuanYi Micro Hei.
Only TrueType fonts are used, which reportlab embeds as subsets, so a PDF prints the same on a PC
without Asian font packs. Never a CID font such as STSong-Light: it is not embedded and prints
boxes there.
"""

from __future__ import annotations

import functools
import logging
import zlib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from app.core import settings

log = logging.getLogger("app.reports.fonts")

@dataclass(frozen=True)
class ReportFonts:
    regular: str  # registered reportlab font names
    bold: str
    regular_file: str
    bold_file: str  # same as regular_file when the font has no heavier face


def bundled_font() -> Path:
    return Path(str(resources.files("resources").joinpath("fonts", "wqy-microhei.ttc")))


def _windows_candidates() -> list[tuple[Path, Path]]:
    """(regular, bold) pairs: 宋体 printed with 黑体 as its bold, 雅黑 with its own bold face."""
    folder = settings.windows_fonts_folder()
    simhei = folder / "simhei.ttf"
    msyh_bold = folder / "msyhbd.ttc"
    return [
        (folder / "simsun.ttc", simhei if simhei.is_file() else folder / "simsun.ttc"),
        (simhei, simhei),
        (folder / "msyh.ttc", msyh_bold if msyh_bold.is_file() else folder / "msyh.ttc"),
    ]


def candidates(configured: str) -> list[tuple[Path, Path]]:
    chosen = [(Path(configured), Path(configured))] if configured else []
    # The bundled font has one weight only: its bold is the same face.
    return [*chosen, *_windows_candidates(), (bundled_font(), bundled_font())]


def _load(name: str, path: Path) -> TTFont:
    # subfontIndex picks the first face of a TrueType collection (.ttc); a .ttf ignores it.
    return TTFont(name, str(path), subfontIndex=0)


@functools.cache
def _register(regular: Path, bold: Path) -> ReportFonts:
    # Names carry the file, so switching the configured font never rebinds a name in use.
    family = f"CDesk-{regular.stem}-{zlib.crc32(str(regular).encode()):08x}"
    bold_name = f"{family}-Bold"
    pdfmetrics.registerFont(_load(family, regular))
    pdfmetrics.registerFont(_load(bold_name, bold))
    pdfmetrics.registerFontFamily(family, normal=family, bold=bold_name, italic=family,
                                  boldItalic=bold_name)
    return ReportFonts(family, bold_name, str(regular), str(bold))


def resolve() -> ReportFonts:
    """Register the first usable font family (once per configured font) and return it."""
    configured = str(settings.get("report_font") or "")
    for regular, bold in candidates(configured):
        if not regular.is_file():
            continue
        try:
            return _register(regular, bold if bold.is_file() else regular)
        except TTFError as error:  # e.g. a PostScript-outline font chosen in the settings
            log.warning("report font %s unusable: %s", regular, error)
    raise FileNotFoundError(bundled_font())
