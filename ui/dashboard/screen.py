"""The dashboard: tiles and charts of a quarter or a year, each opening the list behind its figure,
and the reminders panel (terms running out or passed, workstations without a head or resident
commissioner, commissioners' people with missing data)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.activities import events
from app.assessment import rounds
from app.core import i18n
from app.core.changes import Changes
from app.core.i18n import N_, _
from app.dashboard import figures as dashboard
from app.dashboard import reminders
from app.dashboard.figures import Figures, Period
from app.demands import lifecycle as demands
from app.register.common import COMMISSIONER_KIND_LABELS, LEVEL_LABELS, WORKSTATION_STATUS_LABELS
from app.register.related import Table
from ui import ops
from ui.dashboard.parts import BarChart, Tile, links
from ui.ops import run_in_background
from ui.register.record_pages import LinkedTable

# The tiles' captions; the period they count is the one chosen at the top.
CAPTIONS = {
    "commissioners": N_("Commissioners in force"),
    "appointed": N_("New appointments"),
    "workstations": N_("Workstations"),
    "demands": N_("Open demands"),
    "events": N_("Events"),
    "service_days": N_("Service days"),
}
TILES_PER_ROW = 3
QUARTERS_OFFERED = 12
YEARS_OFFERED = 6


def _heading(size: int) -> QLabel:
    label = QLabel()
    font = label.font()
    font.setPointSize(font.pointSize() + size)
    font.setBold(True)
    label.setFont(font)
    return label


class DashboardView(QWidget):
    figures_shown = Signal()
    reminders_shown = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.figures: Figures | None = None
        self.heading = _heading(4)
        self.heading.setObjectName("dashboardHeading")
        self.period_kind = QComboBox()
        self.period_kind.setObjectName("periodKind")
        self.period_kind.addItems(["", ""])  # named in retranslate
        self.period_kind.currentIndexChanged.connect(self._kind_changed)
        self.period_box = QComboBox()
        self.period_box.setObjectName("period")
        self.period_box.currentIndexChanged.connect(self._load_figures)
        self.period_box.currentIndexChanged.connect(self._load_round)
        for box in (self.period_kind, self.period_box):  # as wide as the language's words
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.status = QLabel()
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addStretch(1)
        top.addWidget(self.status)
        top.addWidget(self.period_kind)
        top.addWidget(self.period_box)

        self.tiles = {name: Tile(name) for name in CAPTIONS}
        tiles = QGridLayout()  # three a row: room for long words in any language
        for number, (name, tile) in enumerate(self.tiles.items()):
            tiles.addWidget(tile, *divmod(number, TILES_PER_ROW))
            tile.clicked.connect(lambda name=name: self.open_tile(name))
            tile.link_clicked.connect(lambda key, name=name: self.open_link(name, key))

        # The year's assessment round: how far the scoring is, the quota and the funds.
        self.round_tile = Tile("assessment")
        self.round_tile.clicked.connect(self.open_round)
        tiles.addWidget(self.round_tile, (len(self.tiles) + TILES_PER_ROW - 1) // TILES_PER_ROW, 0,
                        1, TILES_PER_ROW)
        self.round_state: rounds.RoundState | None = None

        self.appointments_chart = BarChart("appointments")
        self.appointments_chart.bar_clicked.connect(
            lambda level, i: self.open_commissioners({
                **self._in_force(self.figures.appointments_by_quarter[i].as_of), "level": level}))
        self.states_chart = BarChart("demand_states", horizontal=True)
        self.states_chart.bar_clicked.connect(self._state_clicked)
        self.events_chart = BarChart("events", stacked=True)
        self.events_chart.bar_clicked.connect(
            lambda kind, _i: self.open_events(kind, self.period().year))
        charts = QGridLayout()
        charts.addWidget(self.appointments_chart, 0, 0, 1, 2)
        charts.addWidget(self.states_chart, 1, 0)
        charts.addWidget(self.events_chart, 1, 1)

        self.reminders_heading = _heading(2)
        self.titles: dict[str, QLabel] = {}
        self.tables: dict[str, LinkedTable] = {}
        grid = QGridLayout()
        for i, kind in enumerate(reminders.KINDS):
            box = QGroupBox()
            box.setMinimumHeight(200)
            # A wrapping label, not the box's title: a long title would widen the whole page.
            title = QLabel()
            title.setWordWrap(True)
            table = LinkedTable()
            table.setObjectName(f"reminders_{kind}")
            inner = QVBoxLayout(box)
            inner.addWidget(title)
            inner.addWidget(table)
            grid.addWidget(box, i // 2, i % 2)
            self.titles[kind] = title
            self.tables[kind] = table

        content = QWidget()
        layout = QVBoxLayout(content)
        layout.addLayout(top)
        layout.addLayout(tiles)
        layout.addLayout(charts)
        layout.addWidget(self.reminders_heading)
        layout.addLayout(grid, 1)
        scroll = QScrollArea()
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

        self._counts: dict[str, int] = {}
        self._offered: list[Period] = []
        ops.hub().changes_made.connect(self._changed)
        self.retranslate()

    # Period --------------------------------------------------------------------------------

    def period(self) -> Period:
        return self._offered[max(self.period_box.currentIndex(), 0)]

    def set_period(self, period: Period) -> None:
        self.period_kind.setCurrentIndex(int(period.quarter is None))
        self.period_box.setCurrentIndex(self._offered.index(period))

    def _periods(self) -> list[Period]:
        today = date.today()
        if self.period_kind.currentIndex() == 1:
            return [Period(today.year - i) for i in range(YEARS_OFFERED)]
        year, quarter = today.year, Period.current(today).quarter
        result = []
        for _i in range(QUARTERS_OFFERED):
            result.append(Period(year, quarter))
            year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
        return result

    def _fill_periods(self) -> None:
        current = self.period() if self._offered else None
        self._offered = self._periods()
        self.period_box.blockSignals(True)
        self.period_box.clear()
        self.period_box.addItems([period.label() for period in self._offered])
        if current in self._offered:
            self.period_box.setCurrentIndex(self._offered.index(current))
        self.period_box.blockSignals(False)

    def _kind_changed(self) -> None:
        self._fill_periods()
        self._load_figures()
        self._load_round()

    # Loading -------------------------------------------------------------------------------

    def _changed(self, changes: Changes) -> None:
        if self.isVisible() and not changes.entities <= {"saved_view", "attachment"}:
            self.refresh()

    def refresh(self) -> None:
        self._refresh_reminders()
        self._load_figures()
        self._load_round()

    def _load_round(self) -> None:
        year = self.period().year
        run_in_background(lambda: rounds.round_state(year),
                          lambda state: self._show_round(year, state))

    def _show_round(self, year: int, state: rounds.RoundState | None) -> None:
        if year != self.period().year:
            return  # the officer chose another period meanwhile
        self.round_state = state
        tile = self.round_tile
        tile.caption.setText(_("Assessment of {year}").format(year=year))
        tile.setToolTip(_("Click to open the assessment round"))
        if state is None:
            tile.set_values("—", _("No round opened yet."))
            return
        status = _("finished") if state.status == "finished" else _("open")
        tile.set_values(f"{state.rows_complete}/{state.rows_total}", _(
            "Scored {complete} of {total} ({status}) · excellent {excellent}, at most {cap} · "
            "funds proposed {funds}").format(
            complete=state.rows_complete, total=state.rows_total, status=status,
            excellent=state.excellent, cap=state.excellent_cap,
            funds=i18n.format_wan(state.funds_total)))

    def open_round(self) -> None:
        view = self.window().show_screen("assessment")
        view.year.setValue(self.period().year)

    def _refresh_reminders(self) -> None:
        run_in_background(reminders.all_reminders, self._show_reminders)

    def _show_reminders(self, found: dict[str, list[reminders.Reminder]]) -> None:
        for kind, items in found.items():
            self._counts[kind] = len(items)
            self.tables[kind].set_table(Table(
                (N_("Name"), N_("Details")),
                tuple((r.name, r.detail) for r in items),
                tuple((r.entity, r.id) for r in items)))
        self._titles()
        self.reminders_shown.emit()

    def _load_figures(self) -> None:
        period = self.period()
        self.status.setText(_("Counting…"))
        run_in_background(lambda: dashboard.figures(period, date.today()), self._show_figures,
                          lambda error: self.status.setText(
                              _("Could not count: {error}").format(error=error)))

    def _show_figures(self, figures: Figures) -> None:
        if figures.period != self.period():
            return  # the officer chose another period meanwhile
        self.figures = figures
        self.status.setText(_("As of {date}").format(date=i18n.format_date(figures.as_of)))
        self._fill_tiles(figures)
        self._fill_charts(figures)
        self.figures_shown.emit()

    def _fill_tiles(self, f: Figures) -> None:
        lines = []
        for level, level_text in LEVEL_LABELS.items():
            kinds = [(f"{level}/{kind}", _(text), f.commissioners[level, kind])
                     for kind, text in COMMISSIONER_KIND_LABELS.items() if f.commissioners[level, kind]]
            if kinds:
                lines.append(_("{level}: {counts}").format(level=_(level_text), counts=links(kinds)))
        self.tiles["commissioners"].set_values(str(f.commissioners_in_force), "<br>".join(lines))
        self.tiles["appointed"].set_values(str(sum(f.appointed.values())), links(
            [(level, _(LEVEL_LABELS[level]), n) for level, n in f.appointed.items() if n]))
        self.tiles["workstations"].set_values(str(sum(f.workstations.values())), links(
            [(status, _(WORKSTATION_STATUS_LABELS[status]), n)
             for status, n in f.workstations.items() if n]))
        self.tiles["demands"].set_values(str(f.open_demands),
                                         links([("overdue", _("Overdue"), f.overdue_demands)]))
        self.tiles["events"].set_values(str(f.events))
        self.tiles["service_days"].set_values(i18n.format_decimal(f.service_days))

    def _fill_charts(self, f: Figures) -> None:
        shown_levels = [level for level in LEVEL_LABELS
                        if any(q.by_level[level] for q in f.appointments_by_quarter)]
        self.appointments_chart.show_data(
            _("Appointments in force by level, at each quarter's end"),
            [dashboard.short_quarter(q.year, q.quarter) for q in f.appointments_by_quarter],
            [(level, _(LEVEL_LABELS[level]), [q.by_level[level] for q in f.appointments_by_quarter])
             for level in shown_levels])
        self.states_chart.show_data(
            _("Demands published in {period}, by state now").format(period=f.period.label()),
            [_(demands.STATUS_LABELS[s]) for s in f.demands_by_state],
            [("demands", _("Demands"), list(f.demands_by_state.values()))])
        self.events_chart.show_data(
            _("Events by kind and month"),
            [dashboard.month_name(m) for m in f.period.months],
            [(kind, _(events.EVENT_KIND_LABELS[kind]), list(months.values()))
             for kind, months in f.events_by_month.items() if any(months.values())])

    # Opening the lists ---------------------------------------------------------------------

    def open_tile(self, name: str) -> None:
        year = self.period().year
        if name == "commissioners":
            self.open_commissioners(self._in_force(self.figures.as_of))
        elif name == "appointed":
            self.open_commissioners({"year": year})
        elif name == "workstations":
            self.open_workstations({})
        elif name == "demands":
            self.open_demands()
        elif name == "events":
            self.open_events(None, year)
        else:
            view = self.window().show_screen("service_logs")
            view.year.setValue(year)

    def open_link(self, name: str, key: str) -> None:
        if name == "commissioners":
            level, kind = key.split("/")
            self.open_commissioners({**self._in_force(self.figures.as_of), "level": level,
                                     "kind": kind})
        elif name == "appointed":
            self.open_commissioners({"level": key, "year": self.period().year})
        elif name == "workstations":
            self.open_workstations({"status": key})
        else:
            self.open_demands(overdue=True)

    @staticmethod
    def _in_force(as_of: date) -> dict:
        """The filter of the commissioners in force on ``as_of`` (a past day: as the register
        stood then, which is how the figures count them)."""
        return {"status": "in_force"} if as_of >= date.today() else {
            "in_force_on": as_of.isoformat()}

    def _state_clicked(self, _key: str, index: int) -> None:
        status = list(self.figures.demands_by_state)[index]
        self.open_demands(status=status, year=self.period().year)

    def open_commissioners(self, filters: dict) -> None:
        self._open_register("commissioners", filters)

    def open_workstations(self, filters: dict) -> None:
        self._open_register("workstations", filters)

    def _open_register(self, key: str, filters: dict) -> None:
        view = self.window().show_screen(key)
        view.search_box.blockSignals(True)
        view.search_box.clear()
        view.search_box.blockSignals(False)
        view.apply(text="", filters=filters)

    def open_demands(self, status: str | None = None, overdue: bool = False,
                     year: int | None = None) -> None:
        view = self.window().show_screen("demands")
        for box, value in ((view.status_box, status), (view.field_box, None),
                           (view.street_box, None), (view.year_box, year)):
            box.blockSignals(True)
            box.setCurrentIndex(max(box.findData(value), 0) if value is not None else 0)
            box.blockSignals(False)
        for widget in (view.search, view.overdue_box):
            widget.blockSignals(True)
        view.search.clear()
        view.overdue_box.setChecked(overdue)
        for widget in (view.search, view.overdue_box):
            widget.blockSignals(False)
        view.refresh()

    def open_events(self, kind: str | None, year: int) -> None:
        view = self.window().show_screen("events")
        view.show_list()
        for widget in (view.search, view.kind, view.year):
            widget.blockSignals(True)
        view.search.clear()
        view.kind.setCurrentIndex(max(view.kind.findData(kind), 0) if kind else 0)
        view.year.setValue(year)
        for widget in (view.search, view.kind, view.year):
            widget.blockSignals(False)
        view.apply_filters()

    # Language ------------------------------------------------------------------------------

    def _titles(self) -> None:
        for kind, title in self.titles.items():
            title.setText(f"{reminders.title(kind)} ({self._counts.get(kind, 0)})")

    def retranslate(self) -> None:
        self.heading.setText(_("Dashboard"))
        self.reminders_heading.setText(_("Reminders"))
        self.period_kind.setItemText(0, _("Quarter"))
        self.period_kind.setItemText(1, _("Year"))
        self.period_kind.setToolTip(_("Show a quarter or a whole year"))
        self._fill_periods()
        if self.round_state is not None or self.round_tile.figure.text():
            self._show_round(self.period().year, self.round_state)
        for name, tile in self.tiles.items():
            tile.caption.setText(_(CAPTIONS[name]))
            tile.setToolTip(_("Click to open the list"))
        self._titles()
        if self._counts:
            self._refresh_reminders()
        if self.figures is not None:
            self._show_figures(self.figures)
