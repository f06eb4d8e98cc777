"""The PDF side of a prose report: its content as flowables, charts and photos included."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable, Image

from app.reports import layout
from app.reports.charts import drawn

PHOTO_HEIGHT = 150  # points, at most
PHOTOS_PER_ROW = 2


class PdfStory:
    """A report's content as flowables. ``editable.WordReport`` takes the same calls, so a prose
    report writes its content once for both (its ``write(data, out)``)."""

    def __init__(self, heading: layout.Heading, kit: layout.Kit):
        self.heading, self.kit = heading, kit
        self.flow: list[Flowable] = layout.title_block(heading, kit)

    def section(self, title: str) -> None:
        self.flow.append(layout.section(title, self.kit))

    def text(self, value: str, note: bool = False) -> None:
        self.flow.append(layout.text(value, self.kit.styles.note if note else self.kit.styles.body))

    def nothing(self, message: str) -> None:
        self.flow.append(layout.nothing(self.kit, message))

    def paragraphs(self, value: str, boxed: bool = False) -> None:
        """The officer's own text; ``boxed``: in a box, left empty to write in by hand."""
        content = layout.paragraphs(value, self.kit)
        if not boxed:
            self.flow += content
            return
        self.flow.append(layout.grid([[content or ""]], [self.kit.width], self.kit, [
            ("BOX", (0, 0), (-1, -1), 0.8, layout.RULE), ("VALIGN", (0, 0), (-1, -1), "TOP"),
            *[(side, (0, 0), (-1, -1), 6) for side in ("TOPPADDING", "BOTTOMPADDING",
                                                       "LEFTPADDING", "RIGHTPADDING")]],
            rowHeights=[None if content else 90], splitInRow=1))  # a long text flows on

    def table(self, header: Sequence[str], rows: Sequence[Sequence[str]],
              widths: Sequence[float], align: Sequence[str] = ()) -> None:
        self.flow.append(layout.simple_table(header, rows, widths, self.kit, align))

    def key_values(self, pairs: Sequence[tuple[str, str]]) -> None:
        self.flow.append(layout.key_values(pairs, self.kit))

    def photos(self, paths: Sequence[str]) -> None:
        """Photos scaled to fit their cell, keeping their proportions, two a row."""
        cell = self.kit.width / PHOTOS_PER_ROW
        images = []
        for path in paths:
            width, height = ImageReader(path).getSize()
            scale = min((cell - 8) / width, PHOTO_HEIGHT / height)
            images.append(Image(path, width * scale, height * scale))
        rows = [images[i:i + PHOTOS_PER_ROW] for i in range(0, len(images), PHOTOS_PER_ROW)]
        rows[-1] += [""] * (PHOTOS_PER_ROW - len(rows[-1]))
        self.flow.append(layout.grid(rows, [cell] * PHOTOS_PER_ROW, self.kit))

    def charts(self, charts) -> None:
        self.flow += drawn(charts, self.kit)

    def add(self, *flowables: Flowable) -> None:
        """What only the PDF shows as drawn (charts, photos)."""
        self.flow += flowables

    def signatures(self) -> None:
        self.flow.append(layout.signatures(self.heading, self.kit))

    def parties(self, parties: Sequence[str]) -> None:
        """Lines for the parties who sign and date the form by hand."""
        self.flow.append(layout.party_signatures(parties, self.kit))
