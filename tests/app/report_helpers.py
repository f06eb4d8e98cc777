"""Reading a PDF the way its reader does, and a small register for the report tests.

Only Python packages of the project's lock read the PDFs: pypdfium2 (the PDF engine of Chrome,
shipped in its wheel) for the text and the page images a reader sees, pypdf for the fonts, and
fontTools for the glyphs inside the embedded font programs.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pypdfium2 as pdfium
from fontTools.ttLib import TTFont
from PIL import Image
from pypdf import PdfReader
from pypdf.generic import ContentStream, DictionaryObject

from app.activities.common import commissioner_names
from app.register import commissioners as cs
from tests.app import registry_helpers as rh

LAYOUT_CELL = 4.0  # points of page width per character column in layout_text


def _pages(path: Path) -> Iterator[pdfium.PdfPage]:
    document = pdfium.PdfDocument(path)
    try:
        yield from document
    finally:
        document.close()


def page_texts(path: Path) -> list[str]:
    """The text of each page as a reader selects it, whitespace removed (a wrapped cell reads as
    one string)."""
    return ["".join(page.get_textpage().get_text_range().split()) for page in _pages(path)]


def layout_text(path: Path) -> str:
    """The text of every page in lines as printed, the pieces of a line placed in columns by their
    position and at least one space apart, each page ended by a form feed (as ``pdftotext
    -layout``)."""
    pages = []
    for page in _pages(path):
        text = page.get_textpage()
        pieces = [(text.get_rect(n), text.get_text_bounded(*text.get_rect(n)).strip())
                  for n in range(text.count_rects())]
        lines: list[list[tuple[float, str]]] = []
        bottom = None
        for (left, low, _right, top), piece in sorted(pieces, key=lambda item: -item[0][3]):
            # A piece whose middle is below the current line starts the next one.
            if bottom is None or (low + top) / 2 < bottom:
                lines.append([])
                bottom = low
            lines[-1].append((left, piece))
        rows = []
        for line in lines:
            row = ""
            for left, piece in sorted(line):
                column = round(left / LAYOUT_CELL)
                row += " " * max(column - len(row), 1 if row else 0) + piece
            rows.append(row)
        pages.append("\n".join(rows) + "\n\f")
    return "".join(pages)


def page_image(path: Path, number: int = 1, dpi: int = 80) -> Image.Image:
    """Page ``number`` (from 1) drawn as a reader shows it."""
    document = pdfium.PdfDocument(path)
    try:
        return document[number - 1].render(scale=dpi / 72).to_pil()
    finally:
        document.close()


def _streams(path: Path) -> Iterator[tuple[ContentStream, DictionaryObject]]:
    """Every content stream with its resources: each page's, and each form's it may draw."""
    reader = PdfReader(path)

    def walk(content: ContentStream, resources: DictionaryObject):
        yield content, resources
        for xobject in resources.get("/XObject", {}).values():
            xobject = xobject.get_object()
            if xobject["/Subtype"] == "/Form":
                yield from walk(ContentStream(xobject, reader),
                                xobject.get("/Resources", resources).get_object())

    for page in reader.pages:
        if (content := page.get_contents()) is not None:
            yield from walk(content, page["/Resources"].get_object())


def _descriptor(font: DictionaryObject) -> tuple[str, DictionaryObject | None]:
    """The font's type as ``pdffonts`` names it, and the descriptor that holds its program."""
    subtype = font["/Subtype"]
    if subtype == "/Type3":  # its glyphs are drawings inside the PDF
        return "Type 3", None
    if subtype == "/Type0":
        descendant = font["/DescendantFonts"][0].get_object()
        kind = {"/CIDFontType0": "CID Type 0", "/CIDFontType2": "CID TrueType"}[descendant["/Subtype"]]
        descriptor = descendant.get("/FontDescriptor")
    else:
        kind = {"/Type1": "Type 1", "/MMType1": "Type 1", "/TrueType": "TrueType"}[subtype]
        descriptor = font.get("/FontDescriptor")
    descriptor = descriptor.get_object() if descriptor is not None else None
    if descriptor is not None and "/FontFile3" in descriptor:
        program = descriptor["/FontFile3"].get_object().get("/Subtype")
        kind += " (OT)" if program == "/OpenType" else "C"
    return kind, descriptor


def fonts(path: Path) -> list[dict[str, str]]:
    """Each font of the document once, as ``pdffonts`` lists it: name, type and whether its
    program is embedded ("yes"/"no")."""
    found = {}
    for _content, resources in _streams(path):
        for reference in resources.get("/Font", {}).values():
            font = reference.get_object()
            if id(font) in found:
                continue
            kind, descriptor = _descriptor(font)
            embedded = kind == "Type 3" or (descriptor is not None and any(
                key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")))
            found[id(font)] = {"name": str(font.get("/BaseFont", "[none]")).removeprefix("/"),
                               "type": kind, "emb": "yes" if embedded else "no"}
    return list(found.values())


def _to_unicode(font: DictionaryObject) -> dict[int, str]:
    """The character of each code, from the font's /ToUnicode map (its bfchar and bfrange
    entries; the array form of bfrange, which the reports never write, is refused)."""
    cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
    chars = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        for code, text in re.findall(r"<(\w+)>\s*<(\w+)>", block):
            chars[int(code, 16)] = bytes.fromhex(text).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
        assert "[" not in block, "an array in a /ToUnicode bfrange"
        for first, last, text in re.findall(r"<(\w+)>\s*<(\w+)>\s*<(\w+)>", block):
            start = bytes.fromhex(text).decode("utf-16-be")
            for offset in range(int(last, 16) - int(first, 16) + 1):
                chars[int(first, 16) + offset] = start[:-1] + chr(ord(start[-1]) + offset)
    return chars


class _Program:
    """A simple TrueType font of the PDF: its ToUnicode map and its embedded font program."""

    def __init__(self, font: DictionaryObject):
        self.name = str(font["/BaseFont"]).removeprefix("/")
        kind, descriptor = _descriptor(font)
        assert kind == "TrueType" and descriptor is not None and "/FontFile2" in descriptor, (
            f"{self.name} is a {kind} font, not an embedded TrueType font")
        self.chars = _to_unicode(font)
        self.program = TTFont(io.BytesIO(descriptor["/FontFile2"].get_object().get_data()))
        # A symbolic TrueType font maps codes through its (3,0) cmap at 0xF000 or its (1,0) cmap.
        cmap = self.program["cmap"]
        self.tables = [(table.cmap, base) for table, base in
                       ((cmap.getcmap(3, 0), 0xF000), (cmap.getcmap(1, 0), 0)) if table]
        assert self.tables, f"{self.name} has no cmap for its codes"

    def draws(self, code: int) -> bool:
        """Whether the program has a glyph of its own for ``code``: not .notdef (a box), and with
        an outline unless its character is whitespace."""
        glyph = next((table[base + code] for table, base in self.tables if base + code in table),
                     ".notdef")
        return glyph != ".notdef" and (self.chars[code].isspace()
                                       or self.program["glyf"][glyph].numberOfContours != 0)


def printed_glyphs(path: Path) -> dict[str, bool]:
    """Each character the document prints, and whether every embedded font program it is printed
    with draws it (see ``_Program.draws``)."""
    programs: dict[int, _Program] = {}
    printed: dict[str, bool] = {}
    for content, resources in _streams(path):
        font = None
        for operands, operator in content.operations:
            if operator == b"Tf":
                font = resources["/Font"][operands[0]].get_object()
            elif operator in (b"Tj", b"TJ", b"'", b'"'):
                if id(font) not in programs:
                    programs[id(font)] = _Program(font)
                program = programs[id(font)]
                shown = operands[-1] if operator == b"TJ" else [operands[-1]]
                for string in shown:
                    if isinstance(string, str | bytes):
                        for code in string.original_bytes:
                            char = program.chars[code]
                            printed[char] = printed.get(char, True) and program.draws(code)
    return printed


def people(count: int, level: str = "provincial", start: date = date(2025, 2, 1),
           end: date = date(2027, 12, 31)) -> list[int]:
    """``count`` individual commissioners with ID numbers, appointed at ``level``."""
    employer = rh.organization("泉州市鲤城区海天材料科技股份有限公司（测试派出单位）")
    served = rh.organization("福建省泉州市鲤城区江南高新技术电子信息园区某某精密制造有限公司")
    ids = []
    for n in range(count):
        someone = rh.person(f"测试{n:03d}", id_number=rh.resident_id(seq=f"{n:03d}"),
                            gender="male" if n % 2 else "female", birth_date=date(1980, 5, 1),
                            employer_id=employer, title_name="高级工程师",
                            mobile=f"1390000{n:04d}")
        commissioner = rh.individual(someone, industry_fields=("textile", "materials"))
        cs.save_appointment(cs.AppointmentData(
            commissioner_id=commissioner, level=level, year=start.year, term_start=start,
            term_end=end, served=(cs.ServedData(served, date(2025, 3, 1)),),
            street_ids=(rh.street_id(),)))
        ids.append(commissioner)
    return ids


def commissioner_name(commissioner_id: int) -> str:
    """The name a commissioner is printed under."""
    return commissioner_names([commissioner_id])[commissioner_id]


def text_lines(path: Path) -> list[str]:
    """Every line of text as drawn, in order: a paragraph's line, a cell's line, a footer."""
    return [line.strip() for page in PdfReader(path).pages
            for line in page.extract_text().split("\n") if line.strip()]


def line_starts(path: Path) -> dict[str, float]:
    """Where each line of text begins on its page (x, points), by its text (as ``text_lines``).
    The line's position is read at its last piece: the first may precede the line's move."""
    starts: dict[str, float] = {}
    for page in PdfReader(path).pages:
        pieces: list[str] = []

        def visit(text, cm, tm, *_args, pieces=pieces):
            pieces.append(text)
            if text.endswith("\n"):
                starts.setdefault("".join(pieces).strip(), cm[0] * tm[4] + cm[2] * tm[5] + cm[4])
                pieces.clear()

        page.extract_text(visitor_text=visit)
    return starts
