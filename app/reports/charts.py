"""Bar charts of the activity report, drawn with ``reportlab.graphics`` in the report's font."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Spacer

from app.reports import layout
from app.reports.layout import Kit

BAR = colors.HexColor("#3A6EA5")


LABEL_SIZE = 7
LABEL_LINE = 90  # points: a turned category label wraps beyond this


def _wrapped(label: str, font: str) -> str:
    """A label in lines of at most ``LABEL_LINE`` points, broken after spaces and hyphens."""
    lines = [""]
    for piece in re.split(r"(?<=[\s-])", label):
        if lines[-1] and stringWidth(lines[-1] + piece, font, LABEL_SIZE) > LABEL_LINE:
            lines.append("")
        lines[-1] += piece
    return "\n".join(line.strip() for line in lines)


def bar_chart(title: str, labels: Sequence[str], values: Sequence[float], kit: Kit,
              width: float, height: float = 150) -> Drawing:
    """A titled bar chart; value labels above the bars. Category labels stand level under their
    bars when they fit there, else they are turned upright (wrapped), so that none overlaps its
    neighbour."""
    font = kit.fonts.regular
    labels = list(labels) or [""]
    spacing = (width - 40) / len(labels)
    upright = max(stringWidth(label, font, LABEL_SIZE) for label in labels) > spacing - 2
    if upright:
        labels = [_wrapped(label, font) for label in labels]
    longest = max(stringWidth(line, font, LABEL_SIZE)
                  for label in labels for line in label.split("\n"))
    bottom = longest + 12 if upright else 22
    height += bottom - 22
    drawing = Drawing(width, height, initialFontName=font)
    drawing.add(String(width / 2, height - 12, title, fontName=kit.fonts.bold, fontSize=9,
                       textAnchor="middle"))
    chart = VerticalBarChart()
    chart.x, chart.y = 30, bottom
    chart.width, chart.height = width - 40, height - bottom - 24
    chart.data = [list(values) or [0]]
    chart.categoryAxis.categoryNames = labels
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = LABEL_SIZE
    chart.categoryAxis.labels.leading = LABEL_SIZE + 1
    if upright:
        chart.categoryAxis.labels.angle = 90
        chart.categoryAxis.labels.boxAnchor = "e"
        chart.categoryAxis.labels.textAnchor = "end"
        chart.categoryAxis.labels.dy = -4
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = LABEL_SIZE
    chart.valueAxis.valueMin = 0
    top = max([*values, 1])
    chart.valueAxis.valueMax = top * 1.2
    chart.valueAxis.valueStep = max(1, round(top / 4))
    chart.bars[0].fillColor = BAR
    chart.bars[0].strokeColor = None
    chart.barLabels.fontName = font
    chart.barLabels.fontSize = LABEL_SIZE
    chart.barLabels.nudge = 6
    chart.barLabelFormat = lambda v: f"{v:g}" if v else ""
    drawing.add(chart)
    return drawing


@dataclass(frozen=True)
class Chart:
    title: str
    labels: Sequence[str]
    values: Sequence[float]
    empty: str  # said instead of an empty chart


def drawn(charts: Sequence[Chart], kit: Kit) -> list[Flowable]:
    """The first two charts side by side, the others across the page; a chart with nothing to
    show is its title and a sentence saying so."""
    def one(chart: Chart, width: float, height: float = 150):
        if not any(chart.values):
            return [layout.text(chart.title, kit.styles.head), layout.nothing(kit, chart.empty)]
        return bar_chart(chart.title, chart.labels, chart.values, kit, width, height)

    half = kit.width / 2 - 6
    flow: list[Flowable] = []
    if len(charts) >= 2:
        flow += [layout.grid([[one(charts[0], half), one(charts[1], half)]],
                             [kit.width / 2] * 2, kit,
                             [("LEFTPADDING", (0, 0), (-1, -1), 0),
                              ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                              ("VALIGN", (0, 0), (-1, -1), "TOP")]), Spacer(1, 6)]
    for chart in charts[2:]:
        shown = one(chart, kit.width, 140)
        flow += shown if isinstance(shown, list) else [shown]
    return flow
