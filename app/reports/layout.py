"""The common layout of printed reports: page, title block, tables, footer and signatures.

A4, portrait or landscape. Every page ends with ``第 x 页 共 y 页``: the canvas keeps the pages
of the one layout pass and writes the footers when it knows the total. Long tables go through
``ChunkedTable``, which cuts a page-sized ``Table`` (header row first) at a time, so building
stays linear in the number of rows and the header is on every page.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from app.core.i18n import _, format_date
from app.reports.fonts import ReportFonts
from app.reports.linebreak import HeaderText, Text

MARGIN = 15 * mm
BINDING = 25 * mm  # the left margin of a portrait page, to bind it
FOOTER_Y = 8 * mm
PAD = 3  # cell padding, points
HEADER_FILL = colors.HexColor("#E4E7EB")
GROUP_FILL = colors.HexColor("#F2F4F6")
SHADE_FILL = colors.HexColor("#FFF6D6")
RULE = colors.HexColor("#5A6470")


@dataclass(frozen=True)
class Styles:
    title: ParagraphStyle
    period: ParagraphStyle
    meta: ParagraphStyle
    heading: ParagraphStyle
    body: ParagraphStyle
    prose: ParagraphStyle  # the officer's own paragraphs: first line indented two characters
    note: ParagraphStyle
    cell: ParagraphStyle
    head: ParagraphStyle


def make_styles(fonts: ReportFonts) -> Styles:
    def style(name, size, leading, font=fonts.regular, **extra):
        return ParagraphStyle(name, fontName=font, fontSize=size, leading=leading,
                              wordWrap="CJK", **extra)

    return Styles(
        title=style("title", 18, 24, fonts.bold, alignment=TA_CENTER, spaceAfter=2),
        period=style("period", 11, 16, alignment=TA_CENTER, spaceAfter=6),
        meta=style("meta", 9, 12),
        heading=style("heading", 12, 16, fonts.bold, spaceBefore=8, spaceAfter=4, keepWithNext=1),
        body=style("body", 10, 15),
        prose=style("prose", 10, 15, firstLineIndent=20, spaceAfter=2),
        note=style("note", 8.5, 11, textColor=colors.HexColor("#333333")),
        cell=style("cell", 8, 10),
        head=style("head", 8, 10, fonts.bold, alignment=TA_CENTER),
    )


@dataclass(frozen=True)
class Kit:
    """What the story of a report is built with."""

    fonts: ReportFonts
    styles: Styles
    width: float  # of the frame, points
    height: float


def page_size(wide: bool) -> tuple[float, float]:
    return landscape(A4) if wide else A4


def left_margin(wide: bool) -> float:
    return MARGIN if wide else BINDING


def make_kit(fonts: ReportFonts, wide: bool) -> Kit:
    width, height = page_size(wide)
    return Kit(fonts, make_styles(fonts), width - left_margin(wide) - MARGIN,
               height - 2 * MARGIN - FOOTER_Y)


def text(value: str, style: ParagraphStyle, kind: type[Text] = Text) -> Paragraph:
    """A paragraph of plain text (escaped; line breaks kept), broken by the 禁则."""
    return kind(escape(value).replace("\n", "<br/>"), style)


def paragraphs(value: str, kit: Kit) -> list[Paragraph]:
    """The officer's free text, a paragraph per line, each indented two characters."""
    return [text(line.strip(), kit.styles.prose) for line in value.splitlines() if line.strip()]


def mask_id(number: str | None, full: bool = False) -> str:
    """350502198001011234 → 350502********1234, unless the officer asked for full numbers."""
    if not number:
        return ""
    if full or len(number) < 11:
        return number
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def day(value: date | None) -> str:
    """A date in a table cell: 2024-12-31, whatever the language (prose says 2024年12月31日)."""
    return value.isoformat() if value else ""


def month(value: date | None) -> str:
    return format_date(value, "yyyy.MM") if value else ""


def term(start: date | None, end: date | None) -> str:
    return f"{month(start)}–{month(end)}" if start or end else ""


def grid(rows, widths: Sequence[float], kit: Kit, commands=(), **options) -> Table:
    """A table in the report's font (reportlab's default, Helvetica, is not embedded)."""
    return Table(rows, colWidths=list(widths), style=TableStyle(
        [("FONTNAME", (0, 0), (-1, -1), kit.fonts.regular), *commands]), **options)


# Title block, headings, signatures --------------------------------------------------------


@dataclass(frozen=True)
class Heading:
    title: str
    period: str  # "" when the report has no period
    issuing_unit: str
    generated: date
    compiler: str
    reviewer: str


def title_block(heading: Heading, kit: Kit) -> list[Flowable]:
    st = kit.styles
    flow: list[Flowable] = [text(heading.title, st.title)]
    if heading.period:
        flow.append(text(heading.period, st.period))
    line = grid(
        [[text(_("Issuing unit: {unit}").format(unit=heading.issuing_unit), st.meta),
          text(_("Date: {date}").format(date=format_date(heading.generated, "long")),
               ParagraphStyle("right", parent=st.meta, alignment=2))]],
        [kit.width * 0.6, kit.width * 0.4], kit,
        [("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)],
    )
    flow += [line, Spacer(1, 4)]
    return flow


def section(title: str, kit: Kit) -> Paragraph:
    return text(title, kit.styles.heading)


def signature_texts(heading: Heading) -> list[str]:
    """The lines a report is signed and sealed on, blank to fill by hand where the settings name
    nobody."""
    blank = "_" * 14
    return [_("Issuing unit (seal): ") + blank,
            _("Compiled by: ") + (heading.compiler or blank),
            _("Reviewed by: ") + (heading.reviewer or blank),
            _("Date: ") + format_date(heading.generated, "long")]


def signatures(heading: Heading, kit: Kit) -> Flowable:
    """The seal line, then the compiler, reviewer and date, kept together on one page."""
    seal, *names = signature_texts(heading)
    table = grid([[text(seal, kit.styles.body), "", ""], [text(t, kit.styles.body) for t in names]],
                 [kit.width / 3] * 3, kit,
                 [("LEFTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 14),
                  ("SPAN", (0, 0), (-1, 0))])
    return KeepTogether([Spacer(1, 6), table])


def party_texts(parties: Sequence[str]) -> list[tuple[str, str]]:
    """For each party that signs a form by hand (科技特派员（签字）): the line to sign on and the
    date to write beside it."""
    return [(party + _(": ") + "_" * 16, _("Date: ____ year __ month __ day")) for party in parties]


def party_signatures(parties: Sequence[str], kit: Kit) -> Flowable:
    """A line per party with room to sign and date it by hand, kept together on one page."""
    table = grid([[text(sign, kit.styles.body), text(when, kit.styles.body)]
                  for sign, when in party_texts(parties)],
                 [kit.width * 0.6, kit.width * 0.4], kit,
                 [("LEFTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 22),
                  ("VALIGN", (0, 0), (-1, -1), "BOTTOM")])
    return KeepTogether([Spacer(1, 6), table])


def nothing(kit: Kit, message: str | None = None) -> Paragraph:
    return text(message or _("Nothing to report for this period."), kit.styles.body)


def key_values(pairs: Sequence[tuple[str, str]], kit: Kit, columns: int = 2) -> Table:
    """A grid of label: value pairs (a record's facts)."""
    cells = [[text(label, kit.styles.head), text(value, kit.styles.cell)] for label, value in pairs]
    rows = []
    for start in range(0, len(cells), columns):
        chunk = cells[start:start + columns]
        chunk += [["", ""]] * (columns - len(chunk))
        rows.append([cell for pair in chunk for cell in pair])
    label_width = 0.17 * kit.width
    value_width = kit.width / columns - label_width
    return grid(rows, [label_width, value_width] * columns, kit, [
        ("GRID", (0, 0), (-1, -1), 0.5, RULE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        *[("BACKGROUND", (2 * c, 0), (2 * c, -1), HEADER_FILL) for c in range(columns)],
    ])


# Tables in page-sized chunks -----------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    cells: Sequence[str | Decimal | int]  # strings in a PDF; an editable Sheet's may be numbers
    shaded: bool = False  # e.g. new this quarter
    glued: bool = False  # never starts a page (kept with the row before)


@dataclass(frozen=True)
class GroupRow:
    """A heading row across the whole table (e.g. 省级 · 个人)."""

    label: str


class ChunkedTable(Flowable):
    """Rows laid out a page at a time: each split yields one ``Table`` that fits, header first.

    Cells are plain strings where they fit their column (cheap to lay out) and CJK-wrapping
    paragraphs where they do not.
    """

    def __init__(self, header: Sequence[str], rows: Sequence[Row | GroupRow],
                 widths: Sequence[float], kit: Kit, align: Sequence[str] = (), *,
                 min_height: float = 0, words: dict[int, Sequence[str]] | None = None,
                 _shared=None, _start: int = 0):
        super().__init__()
        self.header, self.rows, self.kit = header, rows, kit
        self.widths = list(widths) if _shared else fitted(header, widths, kit, words)
        self.align = list(align) or ["LEFT"] * len(widths)
        self.min_height = min_height  # e.g. room to sign by hand
        self.start = _start
        self.shared = _shared or {"cells": {}, "heights": {}, "head": self._head()}

    # Measuring

    def _cell(self, value: str, column: int, style: ParagraphStyle):
        width = self.widths[column] - 2 * PAD
        if "\n" not in value and stringWidth(value, style.fontName, style.fontSize) <= width:
            return value
        return text(value, style)

    def _height(self, cells, style: ParagraphStyle) -> float:
        tallest = style.leading
        for column, cell in enumerate(cells):
            if isinstance(cell, Paragraph):
                tallest = max(tallest, cell.wrap(self.widths[column] - 2 * PAD, 1e6)[1])
        return tallest + 2 * PAD

    def _head(self):
        cells = [text(value, self.kit.styles.head, HeaderText) for value in self.header]
        return cells, self._height(cells, self.kit.styles.head)

    def _row(self, index: int):
        """Cells and height of one row, computed once."""
        cells = self.shared["cells"].get(index)
        if cells is None:
            row = self.rows[index]
            if isinstance(row, GroupRow):
                cells = [row.label] + [""] * (len(self.widths) - 1)
                height = self.kit.styles.cell.leading + 2 * PAD
            else:
                cells = [self._cell(v, c, self.kit.styles.cell) for c, v in enumerate(row.cells)]
                height = max(self._height(cells, self.kit.styles.cell), self.min_height)
            self.shared["cells"][index] = cells
            self.shared["heights"][index] = height
        return cells, self.shared["heights"][index]

    def _fit(self, available: float) -> tuple[int, float, bool]:
        """How many rows from ``start`` fit under the header in ``available`` points, and
        whether the page ends early to keep rows together."""
        used = self.shared["head"][1]
        end = self.start
        while end < len(self.rows):
            height = self._row(end)[1]
            if used + height > available:
                break
            used += height
            end += 1
        fitted = end
        while self.start < end and not self._may_break_before(end):
            end -= 1
        if end == self.start:
            if self._block_fits_a_page():
                return end, self.shared["head"][1], True  # all of it on the next page
            end = fitted  # longer than a page: cut it where it fills one
        if end == fitted:
            return end, used, False
        return end, self.shared["head"][1] + sum(self._row(i)[1] for i in range(self.start, end)), True

    def _may_break_before(self, index: int) -> bool:
        """A page never ends on a group's heading, nor starts with a row kept with the one
        before."""
        if index >= len(self.rows):
            return True
        row = self.rows[index]
        return not (isinstance(self.rows[index - 1], GroupRow)
                    or (isinstance(row, Row) and row.glued))

    def _block_fits_a_page(self) -> bool:
        """Whether the rows from ``start`` to the first place a page may end fit on one."""
        end, height = self.start + 1, self.shared["head"][1] + self._row(self.start)[1]
        while not self._may_break_before(end):
            height += self._row(end)[1]
            end += 1
        return height <= self.kit.height

    # Flowable protocol

    def wrap(self, availWidth, availHeight):
        end, used, _early = self._fit(availHeight)
        if end < len(self.rows):
            used = availHeight + 1  # more than fits: the frame asks for a split
        self.width, self.height = sum(self.widths), used
        return self.width, self.height

    def split(self, availWidth, availHeight):
        end, _used, early = self._fit(availHeight)
        if end == self.start:
            return []
        parts: list[Flowable] = [self._table(self.start, end)]
        if early:  # the rest starts on the next page, not in the room left on this one
            parts.append(PageBreak())
        if end < len(self.rows):
            parts.append(ChunkedTable(self.header, self.rows, self.widths, self.kit, self.align,
                                      min_height=self.min_height, _shared=self.shared, _start=end))
        return parts

    def draw(self):
        table = self._table(self.start, len(self.rows))
        table.wrapOn(self.canv, self.width, self.height)
        table.drawOn(self.canv, 0, 0)

    def _table(self, start: int, end: int) -> Table:
        head, head_height = self.shared["head"]
        data, heights = [head], [head_height]
        commands = [
            ("FONTNAME", (0, 0), (-1, -1), self.kit.fonts.regular),
            ("FONTSIZE", (0, 0), (-1, -1), self.kit.styles.cell.fontSize),
            ("LEADING", (0, 0), (-1, -1), self.kit.styles.cell.leading),
            ("GRID", (0, 0), (-1, -1), 0.4, RULE),
            ("BOX", (0, 0), (-1, -1), 0.9, RULE),
            ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            *[(p, (0, 0), (-1, -1), PAD) for p in ("LEFTPADDING", "RIGHTPADDING",
                                                   "TOPPADDING", "BOTTOMPADDING")],
            *[("ALIGN", (c, 1), (c, -1), a) for c, a in enumerate(self.align) if a != "LEFT"],
        ]
        for number, index in enumerate(range(start, end), start=1):
            cells, height = self._row(index)
            # The table holds them from now on; dropping them keeps the heap (and the time the
            # garbage collector spends on it) the size of a page, not of the whole roster.
            del self.shared["cells"][index], self.shared["heights"][index]
            data.append(cells)
            heights.append(height)
            row = self.rows[index]
            if isinstance(row, GroupRow):
                commands += [("SPAN", (0, number), (-1, number)),
                             ("BACKGROUND", (0, number), (-1, number), GROUP_FILL),
                             ("FONTNAME", (0, number), (-1, number), self.kit.fonts.bold)]
            elif row.shaded:
                commands.append(("BACKGROUND", (0, number), (-1, number), SHADE_FILL))
        return Table(data, colWidths=self.widths, rowHeights=heights, repeatRows=1,
                     style=TableStyle(commands))


class KeepWithNext(KeepTogether):
    """A heading kept with what follows it (reportlab groups them in this). A long table that
    follows starts under its heading when its header row and first rows fit there, instead of
    both moving on and leaving the rest of the page empty."""

    FIRST_ROWS = 3  # at least these under the heading, or the whole table

    def split(self, aW, aH):
        *heading, table = self._content
        if isinstance(table, ChunkedTable) and table.start < len(table.rows):
            used = sum(f.wrap(aW, aH)[1] + f.getSpaceBefore() + f.getSpaceAfter()
                       for f in heading)
            first = range(table.start, min(table.start + self.FIRST_ROWS, len(table.rows)))
            if used + table.shared["head"][1] + sum(table._row(i)[1] for i in first) <= aH:
                return list(self._content)
        return super().split(aW, aH)


def fitted(header: Sequence[str], widths: Sequence[float], kit: Kit,
           words: dict[int, Sequence[str]] | None = None) -> list[float]:
    """``widths`` with room in each column for its header's longest unbreakable piece (a header
    wraps only after "/" or between words) and for the longest of ``words`` (by column: the labels
    it may hold, such as 省级 / Provincial), taken from the columns that have room to spare."""
    head, cell = kit.styles.head, kit.styles.cell

    def widest(values, style) -> float:
        return max((stringWidth(piece, style.fontName, style.fontSize) for value in values
                    for piece in re.split(r"(?<=/)|\s+", value) if piece), default=0)

    need = [max(widest([value], head), widest((words or {}).get(c, ()), cell)) + 2 * PAD + 1
            for c, value in enumerate(header)]
    short = sum(max(0.0, n - w) for n, w in zip(need, widths, strict=True))
    spare = sum(max(0.0, w - n) for n, w in zip(need, widths, strict=True))
    if not short or spare < short:
        return list(widths)
    return [n if w <= n else w - (w - n) * short / spare for n, w in zip(need, widths, strict=True)]


def scaled(widths: Sequence[float], kit: Kit) -> list[float]:
    """Relative column widths stretched to the frame width."""
    total = sum(widths)
    return [kit.width * w / total for w in widths]


def simple_table(header: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float],
                 kit: Kit, align: Sequence[str] = ()) -> ChunkedTable:
    return ChunkedTable(header, [Row(r) for r in rows], scaled(widths, kit), kit, align)


# The document ------------------------------------------------------------------------------------


def _numbered_canvas(fonts: ReportFonts, pages: list[int], confidential: bool):
    class NumberedCanvas(Canvas):
        """Keeps each page until the total is known, then writes ``第 x 页 共 y 页``, and marks a
        page that prints ID numbers in full as confidential."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self):
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            pages.append(total)
            for state in self._pages:
                self.__dict__.update(state)
                width = self._pagesize[0]
                self.setFont(fonts.regular, 9)
                self.drawCentredString(width / 2, FOOTER_Y, _("Page {page} of {pages}").format(
                    page=self._pageNumber, pages=total))
                if confidential:
                    self.setFont(fonts.bold, 10)
                    self.drawRightString(width - MARGIN, self._pagesize[1] - MARGIN + 4 * mm,
                                         _("Internal material · keep confidential"))
                super().showPage()
            super().save()

    return NumberedCanvas


def build(path: str, story: list[Flowable], *, wide: bool, fonts: ReportFonts, title: str,
          author: str, subject: str, progress: Callable[[int], None] | None = None,
          confidential: bool = False) -> int:
    """Lay out the story into a PDF at ``path``; returns the number of pages. ``progress`` is
    told the number of each page as it is laid out; ``confidential``: the pages print ID numbers
    in full."""
    size = page_size(wide)
    left = left_margin(wide)
    doc = BaseDocTemplate(path, pagesize=size, leftMargin=left, rightMargin=MARGIN,
                          topMargin=MARGIN, bottomMargin=MARGIN + FOOTER_Y, title=title,
                          author=author, subject=subject, creator="Commissioner Desk",
                          lang="zh-CN", initialFontName=fonts.regular)
    frame = Frame(left, MARGIN + FOOTER_Y, size[0] - left - MARGIN, size[1] - 2 * MARGIN - FOOTER_Y,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")
    doc.addPageTemplates([PageTemplate("page", frames=[frame])])
    doc.keepTogetherClass = KeepWithNext
    if progress is not None:
        doc.setProgressCallBack(lambda kind, value: progress(value) if kind == "PAGE" else None)
    pages: list[int] = []
    doc.build(story, canvasmaker=_numbered_canvas(fonts, pages, confidential))
    return pages[0]
