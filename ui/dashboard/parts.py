"""The dashboard's building blocks: a tile (a figure that opens its list when clicked) and a bar
chart whose bars do the same."""

from __future__ import annotations

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt, Signal
from PySide6.QtGui import QFont, QPainter
from PySide6.QtWidgets import QApplication, QFrame, QGridLayout, QLabel, QSizePolicy, QWidget

from app.core.i18n import _


class Tile(QFrame):
    """A big figure beside its caption, with details below; the details' links name a filter."""

    clicked = Signal()
    link_clicked = Signal(str)

    def __init__(self, name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(f"tile_{name}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.figure = QLabel()
        self.figure.setObjectName("tileFigure")
        font = self.figure.font()
        font.setPointSize(font.pointSize() + 10)
        font.setBold(True)
        self.figure.setFont(font)
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.details.linkActivated.connect(self.link_clicked)
        layout = QGridLayout(self)  # the figure left of its caption and details
        layout.addWidget(self.figure, 0, 0, 2, 1, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.caption, 0, 1)
        layout.addWidget(self.details, 1, 1)
        layout.setColumnStretch(1, 1)
        layout.setRowStretch(1, 1)
        layout.setHorizontalSpacing(12)

    def set_values(self, figure: str, details: str = "") -> None:
        self.figure.setText(figure)
        self.details.setText(details)
        self.details.setVisible(bool(details))

    def mouseReleaseEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(event.position().toPoint()):
            self.clicked.emit()
        super().mouseReleaseEvent(event)


def links(items: list[tuple[str, str, int]]) -> str:
    """Rich text "label <figure>, …" whose figures are links to ``key``."""
    return _(", ").join(f'{text} <a href="{key}">{count}</a>' for key, text, count in items)


class BarChart(QChartView):
    """Bars by category, one set per series name; a click on a bar emits (series key, index).

    ``stacked`` piles the sets of a category on each other (events of each kind in a month);
    ``horizontal`` bars leave room for long category names.
    """

    bar_clicked = Signal(str, int)

    def __init__(self, name: str, stacked: bool = False, horizontal: bool = False,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(f"chart_{name}")
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(240)
        self.setMaximumHeight(300)
        self.stacked = stacked
        self.horizontal = horizontal
        self.sets: dict[str, QBarSet] = {}
        self.setChart(QChart())
        self.chart().setMargins(QMargins(4, 4, 4, 4))
        self.chart().setAnimationOptions(QChart.AnimationOption.NoAnimation)

    def show_data(self, title: str, categories: list[str],
                  series: list[tuple[str, str, list[int]]]) -> None:
        """``series``: (key, shown name, one value per category)."""
        chart = QChart()
        chart.setMargins(QMargins(4, 4, 4, 4))
        font = QFont(QApplication.font())
        chart.setTitleFont(font)
        chart.setTitle(title)
        bars = QStackedBarSeries() if self.stacked \
            else QHorizontalBarSeries() if self.horizontal else QBarSeries()
        self.sets = {}
        last = len(categories) - 1
        if self.horizontal:  # the first category on top
            categories = categories[::-1]
            series = [(key, name, values[::-1]) for key, name, values in series]
        for key, name, values in series:
            bar_set = QBarSet(name)
            bar_set.append([float(v) for v in values])
            bar_set.clicked.connect(lambda index, key=key: self.bar_clicked.emit(
                key, last - index if self.horizontal else index))
            bars.append(bar_set)
            self.sets[key] = bar_set
        chart.addSeries(bars)
        categories_axis = QBarCategoryAxis()
        categories_axis.append(categories)
        categories_axis.setLabelsFont(font)
        values_axis = QValueAxis()
        values_axis.setLabelFormat("%d")
        values_axis.setLabelsFont(font)
        top = max([sum(column) for column in zip(*(s[2] for s in series), strict=True)]
                  if self.stacked else [max(s[2], default=0) for s in series], default=0)
        values_axis.setRange(0, max(top, 1))
        if top > 5:
            values_axis.applyNiceNumbers()
        else:  # whole numbers only: one tick a unit
            values_axis.setTickCount(max(top, 1) + 1)
        bottom, left = Qt.AlignmentFlag.AlignBottom, Qt.AlignmentFlag.AlignLeft
        chart.addAxis(categories_axis, left if self.horizontal else bottom)
        chart.addAxis(values_axis, bottom if self.horizontal else left)
        bars.attachAxis(categories_axis)
        bars.attachAxis(values_axis)
        chart.legend().setFont(font)
        chart.legend().setVisible(len(series) > 1)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        old = self.chart()
        self.setChart(chart)
        old.deleteLater()

