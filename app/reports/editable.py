"""The editable versions of the reports, which offices correct before they send them: Excel
workbooks of the table reports in their printed layout, Word documents of the prose reports.

The report modules give the same rows and texts as to their PDF; this module only lays them out.
Fonts are named, not embedded (宋体 for text, 黑体 for headings), so that Word and Excel on the
officer's PC use their own.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, Twips
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from app.core.i18n import _, format_date
from app.reports.layout import (
    BINDING,
    MARGIN,
    GroupRow,
    Heading,
    Row,
    party_texts,
    signature_texts,
)

TEXT_FONT = "宋体"
HEADING_FONT = "黑体"


# Excel ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sheet:
    """A table report as printed: its columns, rows and what stands under the table."""

    header: Sequence[str]
    rows: Sequence[Row | GroupRow]
    widths: Sequence[float]  # relative, as in the PDF
    text_columns: frozenset[int] = frozenset()  # ID numbers, phones: kept as text, never numbers
    intro: str = ""  # the line above the table
    below: Sequence[tuple[str, Sequence[Sequence[str]]]] = field(default_factory=tuple)
    # (heading, rows: the first one a header) of each table under the main one
    notes: Sequence[str] = ()


_THIN = Side(style="thin", color="5A6470")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD_FILL = PatternFill("solid", fgColor="E4E7EB")
_GROUP_FILL = PatternFill("solid", fgColor="F2F4F6")
_SHADE_FILL = PatternFill("solid", fgColor="FFF6D6")


def write_xlsx(path: str, sheet: Sheet, heading: Heading, *, wide: bool,
               confidential: bool = False) -> None:
    """The sheet with its title merged across the columns, the header row frozen and repeated on
    every printed page, A4 page setup, the totals and notes under the table."""
    book = Workbook()
    ws = book.active
    ws.title = heading.title[:31]
    columns = len(sheet.header)
    last = get_column_letter(columns)

    def line(row: int, value: str, font: Font, align: str = "left", height: float = 0) -> None:
        ws.merge_cells(f"A{row}:{last}{row}")
        cell = ws.cell(row, 1, value)
        cell.font, cell.alignment = font, Alignment(horizontal=align, vertical="center",
                                                   wrap_text=True)
        if height:
            ws.row_dimensions[row].height = height

    line(1, heading.title, Font(name=HEADING_FONT, size=16, bold=True), "center", 28)
    row = 2
    if heading.period:
        line(row, heading.period, Font(name=TEXT_FONT, size=11), "center")
        row += 1
    line(row, "    ".join((_("Issuing unit: {unit}").format(unit=heading.issuing_unit),
                           _("Date: {date}").format(date=format_date(heading.generated, "long")))),
         Font(name=TEXT_FONT, size=10))
    row += 1
    if sheet.intro:
        line(row, sheet.intro, Font(name=TEXT_FONT, size=9), height=28)
        row += 1
    header_row = row
    _table_row(ws, row, sheet.header, header=True)
    ws.freeze_panes = ws.cell(row + 1, 1)
    ws.print_title_rows = f"{row}:{row}"
    for values in sheet.rows:
        row += 1
        if isinstance(values, GroupRow):
            ws.merge_cells(f"A{row}:{last}{row}")
            cell = ws.cell(row, 1, values.label)
            cell.font, cell.fill, cell.border = Font(name=HEADING_FONT, size=10), _GROUP_FILL, _BOX
        else:
            _table_row(ws, row, values.cells, text_columns=sheet.text_columns,
                       fill=_SHADE_FILL if values.shaded else None)
    for title, table in sheet.below:
        row += 2
        line(row, title, Font(name=HEADING_FONT, size=11))
        for number, values in enumerate(table):
            row += 1
            _table_row(ws, row, values, header=number == 0)
    row += 1
    for note in [*sheet.notes, *signature_texts(heading)]:
        row += 1
        line(row, note, Font(name=TEXT_FONT, size=10))
    unit = sum(sheet.widths) / (150 if wide else 100)  # characters across an A4 page
    for column, width in enumerate(sheet.widths, start=1):
        ws.column_dimensions[get_column_letter(column)].width = max(4, width / unit)
    ws.row_dimensions[header_row].height = 30
    setup = ws.page_setup
    setup.paperSize = ws.PAPERSIZE_A4
    setup.orientation = "landscape" if wide else "portrait"
    setup.fitToWidth, setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = (MARGIN if wide else BINDING) / 72  # inches
    ws.page_margins.right = ws.page_margins.top = ws.page_margins.bottom = MARGIN / 72
    ws.oddFooter.center.text = _("Page {page} of {pages}").format(page="&P", pages="&N")
    if confidential:
        ws.oddHeader.right.text = _("Internal material · keep confidential")
    book.save(path)


def number_format(value: Decimal | int) -> str:
    """Excel's format showing a number with the decimals it carries, as the PDF prints it:
    ``Decimal("0.50")`` → ``#,##0.00``."""
    places = -value.as_tuple().exponent if isinstance(value, Decimal) else 0
    return "#,##0" + ("." + "0" * places if places > 0 else "")


def _table_row(ws, row: int, values: Sequence[str | Decimal | int], *, header: bool = False,
               text_columns: frozenset[int] = frozenset(), fill=None) -> None:
    """A row of cells; a Decimal or int is written as a number (a score, an amount), which Excel
    can sum."""
    for column, value in enumerate(values, start=1):
        cell = ws.cell(row, column, value)
        if isinstance(value, Decimal | int) and not isinstance(value, bool):
            cell.number_format = number_format(value)
        cell.border = _BOX
        cell.alignment = Alignment(wrap_text=True, vertical="center",
                                   horizontal="center" if header else None)
        cell.font = Font(name=HEADING_FONT if header else TEXT_FONT, size=10 if header else 9)
        if header:
            cell.fill = _HEAD_FILL
        elif fill is not None:
            cell.fill = fill
        if column - 1 in text_columns:
            cell.number_format = "@"


# Word -------------------------------------------------------------------------------------------


class WordReport:
    """A Word document built the way a report's PDF story is: title block, sections, paragraphs,
    tables (header row repeated on each page), signatures; page numbers in the footer."""

    def __init__(self, heading: Heading, *, wide: bool = False, confidential: bool = False):
        self.heading = heading
        self.doc = Document()
        section = self.doc.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        if wide:
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = Mm(297), Mm(210)
        margin = Twips(math.ceil(MARGIN * 20))  # Word keeps margins in twips: never less
        section.left_margin = margin if wide else Twips(math.ceil(BINDING * 20))
        section.right_margin = section.top_margin = section.bottom_margin = margin
        self._fonts(self.doc.styles["Normal"], TEXT_FONT, 10.5)
        for name in ("Title", "Heading 1", "Heading 2"):
            self._fonts(self.doc.styles[name], HEADING_FONT, None)
        self._footer(section)
        if confidential:
            mark = section.header.paragraphs[0]
            mark.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            mark.add_run(_("Internal material · keep confidential")).bold = True
        self.doc.core_properties.title = heading.title
        self.doc.core_properties.author = heading.issuing_unit
        title = self.doc.add_paragraph(heading.title, style="Title")
        title.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if heading.period:
            self.doc.add_paragraph(heading.period).alignment = WD_ALIGN_PARAGRAPH.CENTER
        self.doc.add_paragraph("    ".join((
            _("Issuing unit: {unit}").format(unit=heading.issuing_unit),
            _("Date: {date}").format(date=format_date(heading.generated, "long")))))

    @staticmethod
    def _fonts(style, name: str, size: float | None) -> None:
        style.font.name = name
        if size:
            style.font.size = Pt(size)
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        fonts.set(qn("w:eastAsia"), name)

    @staticmethod
    def _field(paragraph, code: str) -> None:
        run = paragraph.add_run()
        for kind, text in (("begin", None), (None, code), ("separate", None), ("end", None)):
            if kind:
                element = OxmlElement("w:fldChar")
                element.set(qn("w:fldCharType"), kind)
            else:
                element = OxmlElement("w:instrText")
                element.set(qn("xml:space"), "preserve")
                element.text = text
            run._r.append(element)

    def _footer(self, section) -> None:
        """第 x 页 共 y 页 with Word's own fields, so it stays right after editing."""
        paragraph = section.footer.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        before, middle, after = _("Page {page} of {pages}").replace("{page}", "\0").replace(
            "{pages}", "\0").split("\0")
        paragraph.add_run(before)
        self._field(paragraph, "PAGE")
        paragraph.add_run(middle)
        self._field(paragraph, "NUMPAGES")
        paragraph.add_run(after)

    def section(self, title: str) -> None:
        self.doc.add_heading(title, level=2)

    def text(self, value: str, note: bool = False) -> None:
        paragraph = self.doc.add_paragraph(value)
        if note:
            for run in paragraph.runs:
                run.font.size = Pt(9)

    def nothing(self, message: str) -> None:
        self.doc.add_paragraph(message)

    def paragraphs(self, value: str, boxed: bool = False) -> None:
        """The officer's own text: a normal, editable paragraph per line, indented two
        characters (an empty one to write in when there is none yet)."""
        lines = [line.strip() for line in value.splitlines() if line.strip()]
        for line in lines or ([""] if boxed else []):
            self.doc.add_paragraph(line).paragraph_format.first_line_indent = Pt(21)

    def table(self, header: Sequence[str], rows: Sequence[Sequence[str]],
              widths: Sequence[float] = (), align: Sequence[str] = ()) -> None:
        table = self.doc.add_table(rows=1, cols=len(header))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for cell, value in zip(table.rows[0].cells, header, strict=True):
            cell.text = value
            for run in cell.paragraphs[0].runs:
                run.bold = True
        repeat = OxmlElement("w:tblHeader")  # the header row on every page
        repeat.set(qn("w:val"), "true")
        table.rows[0]._tr.get_or_add_trPr().append(repeat)
        for values in rows:
            for cell, value in zip(table.add_row().cells, values, strict=True):
                cell.text = value

    def key_values(self, pairs: Sequence[tuple[str, str]]) -> None:
        table = self.doc.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        for name, value in pairs:
            cells = table.add_row().cells
            cells[0].text, cells[1].text = name, value
            for run in cells[0].paragraphs[0].runs:
                run.bold = True

    def charts(self, charts) -> None:
        """A chart's figures as a table, which an office can chart in Word itself."""
        for chart in charts:
            self.doc.add_paragraph(chart.title).runs[0].bold = True
            if any(chart.values):
                self.table(list(chart.labels), [[f"{v:g}" for v in chart.values]])
            else:
                self.nothing(chart.empty)

    def photos(self, paths: Sequence[str]) -> None:
        for path in paths:
            self.doc.add_picture(path, width=Mm(80))

    def signatures(self) -> None:
        seal, *names = signature_texts(self.heading)
        self.doc.add_paragraph()
        self.doc.add_paragraph(seal)
        self.doc.add_paragraph("        ".join(names))

    def parties(self, parties: Sequence[str]) -> None:
        self.doc.add_paragraph()
        for sign, when in party_texts(parties):
            paragraph = self.doc.add_paragraph(sign + "    " + when)
            paragraph.paragraph_format.space_before = Pt(18)

    def save(self, path: str) -> None:
        self.doc.save(path)
