"""The workstation roster: the stations set up by the period's end and who is resident there."""

from __future__ import annotations

from reportlab.platypus import Flowable

from app.core.i18n import N_, _, format_date, ngettext
from app.register.common import LEVEL_LABELS, WORKSTATION_STATUS_LABELS, label
from app.reports import layout, register_data
from app.reports.editable import Sheet
from app.reports.layout import Heading, Kit, Row
from app.reports.register_data import WorkstationRosterData
from app.reports.request import ReportRequest

TITLE = N_("Roster of commissioner workstations")
WIDE = True

COLUMNS = (
    (N_("No."), 3, "CENTER"),
    (N_("Workstation"), 12, "LEFT"),
    (N_("Level"), 4, "CENTER"),
    (N_("Host organization"), 12, "LEFT"),
    (N_("Address"), 13, "LEFT"),
    (N_("Head"), 5, "CENTER"),
    (N_("Resident commissioners"), 15, "LEFT"),
    (N_("Recognized on"), 7, "CENTER"),
    (N_("Document number"), 9, "CENTER"),
    (N_("Status"), 4.5, "CENTER"),
)


def load(request: ReportRequest) -> WorkstationRosterData:
    return register_data.workstations(request.period)


def period_text(data: WorkstationRosterData) -> str:
    return _("{period} (as of {date})").format(period=data.period.label(),
                                               date=format_date(data.period.end, "long"))


def intro(data: WorkstationRosterData) -> str:
    if not data.lines:
        return _("No workstation was set up by the end of this period.")
    return ngettext(
        "{count} workstation, {new} of them recognized during the period (marked * and shaded).",
        "{count} workstations, {new} of them recognized during the period (marked * and "
        "shaded).", len(data.lines)).format(count=len(data.lines),
                                            new=sum(line.new for line in data.lines))


def rows(data: WorkstationRosterData) -> list[Row]:
    return [Row([f"{i}*" if s.new else str(i), s.name, label(LEVEL_LABELS, s.level), s.host,
                 s.address, s.head, s.residents, layout.day(s.recognized_on), s.doc_number,
                 label(WORKSTATION_STATUS_LABELS, s.status)], shaded=s.new)
            for i, s in enumerate(data.lines, start=1)]


def story(data: WorkstationRosterData, kit: Kit, heading: Heading) -> list[Flowable]:
    flow = layout.title_block(heading, kit)
    if not data.lines:
        flow.append(layout.nothing(kit, intro(data)))
    else:
        flow.append(layout.text(intro(data), kit.styles.note))
        flow.append(layout.ChunkedTable(
            [_(name) for name, _w, _a in COLUMNS], rows(data),
            layout.scaled([w for _n, w, _a in COLUMNS], kit), kit, [a for _n, _w, a in COLUMNS]))
    flow.append(layout.signatures(heading, kit))
    return flow


def sheet(data: WorkstationRosterData, heading: Heading) -> Sheet:
    """The workstation roster as an Excel sheet in its printed layout."""
    return Sheet(header=[_(name) for name, _w, _a in COLUMNS], rows=rows(data),
                 widths=[w for _n, w, _a in COLUMNS], intro=intro(data))
