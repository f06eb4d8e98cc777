"""``main.py assess report --year 2025 --out FILE.pdf|.xlsx``: the year's assessment summary
(年度考核结果汇总表). The ``assess`` command group adds this action with ``arguments`` and runs it
with ``run``; this module registers no command of its own."""

from __future__ import annotations

import argparse

HELP = "write the year's assessment summary (PDF, or xlsx to edit)"


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--year", type=int, required=True, help="the year assessed, e.g. 2025")
    parser.add_argument("--out", required=True, metavar="FILE.pdf|.xlsx",
                        help="the file to write, by its extension: the PDF, or the Excel "
                             "version; replaced as a whole, never left half written")
    parser.set_defaults(only_reads=True)


def run(args: argparse.Namespace) -> int:
    from app import reports  # reportlab: loaded for this command only
    from app.cli.report import say_written

    request = reports.ReportRequest("assessment", period=reports.parse_period(year=args.year))
    say_written(reports.render(request, args.out))
    return 0
