"""``main.py report KIND … --out FILE.pdf|.docx|.xlsx``: write a report as a PDF, or as its
editable Word or Excel version (chosen by the file's extension)."""

from __future__ import annotations

import argparse

from app.cli import command, lazy_choice
from app.core.i18n import _


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("kind", metavar="KIND", type=lazy_choice("app.reports", "KINDS"),
                        help="roster (quarterly roster), workstations, activities, signin "
                             "(an event's sign-in sheet), event (an event's summary), dossier "
                             "(a commissioner's record), assessment (a year's assessment "
                             "summary, --year), assessment_sheet (one subject's assessment "
                             "form, --assessment)")
    period = parser.add_mutually_exclusive_group()
    period.add_argument("--quarter", metavar="YYYYQn",
                        help="the quarter, e.g. 2025Q1 (default: the current quarter)")
    period.add_argument("--year", type=int, help="a whole year, e.g. 2024")
    parser.add_argument("--level", choices=("provincial", "municipal"),
                        help="roster: only the commissioners of this level")
    parser.add_argument("--event", metavar="ID",
                        help="signin, event: the event's database id or uuid")
    parser.add_argument("--commissioner", metavar="ID",
                        help="dossier: the commissioner's database id or uuid")
    parser.add_argument("--assessment", metavar="ID",
                        help="assessment_sheet: the assessment's database id or uuid")
    parser.add_argument("--full-id", action="store_true",
                        help="print ID numbers in full (masked as 350502********1234 otherwise)")
    parser.add_argument("--summary", default="",
                        help="activities: the summary text printed in the report")
    parser.add_argument("--out", required=True, metavar="FILE.pdf|.docx|.xlsx",
                        help="the file to write, by its extension: the PDF, or the editable "
                             "version (.docx: activities, event, dossier, assessment_sheet; "
                             ".xlsx: roster, workstations, signin, assessment); replaced as a "
                             "whole, never left half written")


@command("report", "write a report (roster, activities, sign-in sheet…) as PDF, Word or Excel",
         _arguments)
def _report(args: argparse.Namespace) -> int:
    from app import reports  # reportlab: loaded for this command only

    period = None
    if args.kind in reports.PERIOD_KINDS + reports.YEAR_KINDS:
        period = reports.parse_period(args.quarter, args.year)
    request = reports.ReportRequest(args.kind, period=period, level=args.level, event=args.event,
                                    commissioner=args.commissioner, assessment=args.assessment,
                                    full_id=args.full_id, summary=args.summary)
    say_written(reports.render(request, args.out))
    return 0


def say_written(done) -> None:
    """What a report command tells when the file is written."""
    if done.pages:
        print(_("{title}: {pages} page(s) written to {path}").format(
            title=done.title, pages=done.pages, path=done.path))
    else:
        print(_("{title}: written to {path}").format(title=done.title, path=done.path))
