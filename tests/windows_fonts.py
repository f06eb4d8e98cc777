"""A Windows font folder for tests: real fonts (the bundled one's glyphs) under the file names
and face names of Windows' own, so choosing by file and by face (the index in a .ttc) is checked
on any machine, whatever fonts it has."""

from __future__ import annotations

from pathlib import Path

from fontTools.ttLib import TTCollection, TTFont

from app.reports.fonts import bundled_font

# file → its faces, in Windows' order: a .ttc's first face is what a report embeds.
FACES = {
    "msyh.ttc": ("Microsoft YaHei", "Microsoft YaHei UI"),
    "simsun.ttc": ("SimSun", "NSimSun"),
    "simhei.ttf": ("SimHei",),
}


def _rename(font: TTFont, family: str) -> None:
    for record in font["name"].names:
        if record.nameID in (1, 3, 4, 16):
            record.string = family
        elif record.nameID == 6:
            record.string = family.replace(" ", "")


def make_fonts_folder(folder: Path, files=tuple(FACES)) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in files:
        faces = FACES[name]
        if name.endswith(".ttc"):
            collection = TTCollection(str(bundled_font()))
            for font, family in zip(collection.fonts, faces, strict=True):
                _rename(font, family)
            collection.save(str(folder / name))
        else:
            font = TTFont(str(bundled_font()), fontNumber=0)
            _rename(font, faces[0])
            font.save(str(folder / name))
    return folder
