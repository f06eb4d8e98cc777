"""Bar charts of the activity report, drawn with ``reportlab.graphics`` in the report's font."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.platypus import Flowable, Spacer

from app.reports import layout
from app.reports.layout import Kit

BAR = colors.HexColor("#3A6EA5")


def bar_chart(title: str, labels: Sequence[str], values: Sequence[float], kit: Kit,
              width: float, height: float = 150, slanted: bool = False) -> Drawing:
    """A titled bar chart; value labels above the bars. With no values, the title and axes only."""
    drawing = Drawing(width, height, initialFontName=kit.fonts.regular)
    drawing.add(String(width / 2, height - 12, title, fontName=kit.fonts.bold, fontSize=9,
                       textAnchor="middle"))
    chart = VerticalBarChart()
    bottom = 48 if slanted else 22
    chart.x, chart.y = 30, bottom
    chart.width, chart.height = width - 40, height - bottom - 24
    chart.data = [list(values) or [0]]
    chart.categoryAxis.categoryNames = list(labels) or [""]
    chart.categoryAxis.labels.fontName = kit.fonts.regular
    chart.categoryAxis.labels.fontSize = 7
    if slanted:
        chart.categoryAxis.labels.angle = 35
        chart.categoryAxis.labels.boxAnchor = "ne"
        chart.categoryAxis.labels.dx = 4
    chart.valueAxis.labels.fontName = kit.fonts.regular
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    top = max([*values, 1])
    chart.valueAxis.valueMax = top * 1.2
    chart.valueAxis.valueStep = max(1, round(top / 4))
    chart.bars[0].fillColor = BAR
    chart.bars[0].strokeColor = None
    chart.barLabels.fontName = kit.fonts.regular
    chart.barLabels.fontSize = 7
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
    def one(chart: Chart, width: float, slanted: bool, height: float = 150):
        if not any(chart.values):
            return [layout.text(chart.title, kit.styles.head), layout.nothing(kit, chart.empty)]
        return bar_chart(chart.title, chart.labels, chart.values, kit, width, height, slanted)

    half = kit.width / 2 - 6
    flow: list[Flowable] = []
    if len(charts) >= 2:
        flow += [layout.grid([[one(charts[0], half, True), one(charts[1], half, True)]],
                             [kit.width / 2] * 2, kit,
                             [("LEFTPADDING", (0, 0), (-1, -1), 0),
                              ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                              ("VALIGN", (0, 0), (-1, -1), "TOP")]), Spacer(1, 6)]
    for chart in charts[2:]:
        shown = one(chart, kit.width, False, 140)
        flow += shown if isinstance(shown, list) else [shown]
    return flow
