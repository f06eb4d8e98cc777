"""Printed reports: each module turns frozen dataclasses into reportlab flowables; ``render``
lays them out and writes the PDF, or the editable Word or Excel version, atomically.

A report module has ``TITLE`` (marked with N_), ``WIDE`` (landscape), ``load(request)`` (the data,
read from the database), ``period_text(data)``, optionally ``title(data)`` (a title that depends on
the data: the annual roster, a team's dossier), and either
- ``write(data, out)``: prose reports, written once to a ``story.PdfStory`` or an
  ``editable.WordReport`` (.docx), or
- ``story(data, kit, heading)`` and ``sheet(data, heading)``: table reports, as flowables and as
  an ``editable.Sheet`` (.xlsx).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from app.core import settings
from app.core.errors import UserError
from app.core.files import atomic_write
from app.core.i18n import _, join_list
from app.reports import (
    activities,
    assessment,
    assessment_sheet,
    dossier,
    editable,
    event,
    fonts,
    layout,
    roster,
    signin,
    story,
    workstations,
)
from app.reports.event_data import event_choices
from app.reports.request import (
    KINDS,
    PERIOD_KINDS,
    YEAR_KINDS,
    Period,
    ReportRequest,
    parse_period,
)

__all__ = ["KINDS", "PERIOD_KINDS", "YEAR_KINDS", "Period", "Rendered", "ReportRequest",
           "event_choices", "formats", "parse_period", "render", "save_copy"]

MODULES = {"roster": roster, "workstations": workstations, "activities": activities,
           "signin": signin, "event": event, "dossier": dossier, "assessment": assessment,
           "assessment_sheet": assessment_sheet}


@dataclass(frozen=True)
class Rendered:
    path: Path
    pages: int  # 0: an editable version, paged by Word or Excel
    title: str
    name: str = ""  # the file name to suggest, without its extension: title and period


def title_of(kind: str) -> str:
    return _(MODULES[kind].TITLE)


def file_name(title: str, request: ReportRequest, subject: str) -> str:
    """``科技特派员季度花名册_2024Q4``: the title and the period (or the event, the
    commissioner), without characters a file name cannot hold."""
    period = request.period
    tail = (f"{period.year}Q{period.quarter}" if period and period.quarter
            else str(period.year) if period else subject)
    return re.sub(r'[\\/:*?"<>|\s]+', "_", f"{title}_{tail}").strip("_.")


def heading(title: str, period: str, today: date | None = None) -> layout.Heading:
    return layout.Heading(title=title, period=period, issuing_unit=settings.get("issuing_unit"),
                          generated=today or date.today(), compiler=settings.get("compiler"),
                          reviewer=settings.get("reviewer"))


def _replace_atomically(out: Path, write: Callable[[str], object]):
    """``write(temporary path)``, the file then replacing ``out`` (``files.atomic_write``)."""
    with atomic_write(out) as temporary:
        return write(str(temporary))


def save_copy(source: str | Path, out: str | Path) -> Path:
    """Save a generated report under another name (Save as), atomically."""
    out = Path(out)
    if not out.parent.is_dir():
        raise UserError(_("The folder {folder} does not exist.").format(folder=out.parent), "out")
    _replace_atomically(out, lambda temporary: shutil.copyfile(source, temporary))
    return out


def write_pdf(out: Path, story_of: Callable[[layout.Kit], list], *, wide: bool, title: str,
              subject: str, progress: Callable[[int], None] | None = None,
              confidential: bool = False) -> int:
    """Lay out a story into ``out`` (replaced atomically); returns the number of pages."""
    report_fonts = fonts.resolve()
    kit = layout.make_kit(report_fonts, wide)
    return _replace_atomically(out, lambda temporary: layout.build(
        temporary, story_of(kit), wide=wide, fonts=report_fonts, title=title,
        author=settings.get("issuing_unit"), subject=subject, progress=progress,
        confidential=confidential))


def formats(kind: str) -> tuple[str, ...]:
    """The file types a report can be written as: the PDF, and the editable version (Word for
    the prose reports, Excel for the table reports)."""
    module = MODULES[kind]
    return (".pdf", ".docx" if hasattr(module, "write") else ".xlsx")


def _story(module, data, head: layout.Heading, kit: layout.Kit) -> list:
    if not hasattr(module, "write"):
        return module.story(data, kit, head)
    pdf = story.PdfStory(head, kit)
    module.write(data, pdf)
    return pdf.flow


def render(request: ReportRequest, out: str | Path,
           progress: Callable[[int], None] | None = None) -> Rendered:
    """Write the report asked for to ``out`` (replaced atomically), as a PDF or, by the file's
    extension, as its editable Word or Excel version."""
    request = request.checked()
    if request.kind in PERIOD_KINDS and request.period is None:
        request = replace(request, period=parse_period())
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in formats(request.kind):
        raise UserError(_("The {title} can be written as {formats}, not as {name}.").format(
            title=title_of(request.kind), formats=join_list(formats(request.kind), cell=True),
            name=out.name), "out")
    if not out.parent.is_dir():
        raise UserError(_("The folder {folder} does not exist.").format(folder=out.parent), "out")
    module = MODULES[request.kind]
    data = module.load(request)
    title = module.title(data) if hasattr(module, "title") else title_of(request.kind)
    head = heading(title, module.period_text(data))
    name = file_name(title, request, head.period)
    if suffix == ".docx":
        def word(temporary: str) -> None:
            document = editable.WordReport(head, confidential=request.full_id)
            module.write(data, document)
            document.save(temporary)

        _replace_atomically(out, word)
        return Rendered(out, 0, title, name)
    if suffix == ".xlsx":
        _replace_atomically(out, lambda temporary: editable.write_xlsx(
            temporary, module.sheet(data, head), head, wide=module.WIDE,
            confidential=request.full_id))
        return Rendered(out, 0, title, name)
    pages = write_pdf(out, lambda kit: _story(module, data, head, kit), wide=module.WIDE,
                      title=title, subject=head.period or title, progress=progress,
                      confidential=request.full_id)
    return Rendered(out, pages, title, name)
