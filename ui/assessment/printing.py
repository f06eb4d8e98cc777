"""The round's printed output, as the Reports screen writes it: the district's summary sheet (PDF or
Excel) and one subject's assessment sheet (PDF or Word), to a file the officer names, written off
the UI thread."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from app import reports
from app.core.i18n import N_, _
from ui import ops
from ui.common import file_dialogs

FILTERS = {".pdf": N_("PDF files (*.pdf)"), ".docx": N_("Word documents (*.docx)"),
           ".xlsx": N_("Excel workbooks (*.xlsx)")}


def _filters(kind: str) -> str:
    return ";;".join(_(FILTERS[suffix]) for suffix in reports.formats(kind))


def _write(screen: QWidget, request: reports.ReportRequest, name: str) -> None:
    path = file_dialogs.save_file(screen, "report", _("Save the report as"), name,
                                  _filters(request.kind))
    if not path:
        return
    screen.say(_("Writing {path}…").format(path=path), warn=False)

    def done(rendered: reports.Rendered) -> None:
        screen.say(_("Saved as {path}.").format(path=rendered.path), warn=False)

    ops.run_in_background(lambda: reports.render(request, path), done,
                          lambda error: screen.say(str(getattr(error, "message", error))))


def print_summary(screen: QWidget, year: int) -> None:
    _write(screen, reports.ReportRequest("assessment", period=reports.parse_period(year=year)),
           _("Assessment summary {year}.pdf").format(year=year))


def print_sheet(screen: QWidget, row) -> None:
    _write(screen, reports.ReportRequest("assessment_sheet", assessment=str(row.assessment_id)),
           str(Path(_("Assessment sheet {name}.pdf").format(name=row.name)).name))
