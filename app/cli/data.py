"""`import` and `export`: the officer's Excel lists in and out."""

from __future__ import annotations

import argparse
import sys

from app.cli import check_output, command, lazy_choice
from app.core.errors import UserError
from app.core.i18n import _, join_list, ngettext

IMPORTS = ("commissioners", "organizations", "demands", "service-logs")


def _import_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("list", choices=IMPORTS, help="what the file holds")
    parser.add_argument("file", metavar="FILE", help="an .xlsx, .xls or .csv file")
    parser.add_argument("--dry-run", action="store_true",
                        help="show what the import would do and change nothing")
    parser.add_argument("--errors", metavar="OUT.xlsx",
                        help="write the rejected rows, with the reason, to this workbook")
    parser.add_argument("--sheet", metavar="NAME|N",
                        help="the sheet to read, by name or number from 1 (needed when several "
                             "sheets hold a list)")
    parser.add_argument("--strict", action="store_true",
                        help="refuse a file with columns that would not be imported")


@command("import", "import commissioners, organizations, demands or service logs from Excel/CSV",
         _import_arguments)
def _import(args: argparse.Namespace) -> int:
    from app.exchange import importing  # each command loads what it alone needs

    if args.errors:
        check_output(args.errors, ".xlsx")
    report = importing.run_import(args.list, args.file, dry_run=args.dry_run, sheet=args.sheet,
                                  strict=args.strict).detail
    if report.ignored:
        print(_("Columns not imported: {columns}").format(columns=join_list(report.ignored)),
              file=sys.stderr)
    if report.footer:
        print(_("Rows below the list left out: {rows}").format(
            rows=join_list(str(n) for n in report.footer)), file=sys.stderr)
    print(report.summary_line())
    for row in report.rejected:
        print(_("row {row}\t{column}\t{reason}\t{label}").format(
            row=row.row, column=row.column, reason=row.reason, label=row.label))
    for row in report.rows:
        for text in row.notes:
            print(_("row {row}\t{note}\t{label}").format(row=row.row, note=text,
                                                          label=row.label))
    if report.organizations_created:
        print(_("Organizations created: {names}").format(
            names=join_list(report.organizations_created)))
    if args.errors and report.rejected:
        print(_("Rejected rows written to {path}").format(
            path=importing.write_rejected(report, args.errors)))
    return 1 if report.rejected else 0


def _export_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("list", metavar="LIST",
                        type=lazy_choice("app.exchange.exporting", "LISTS", "template"),
                        help="the list to export, or `template LIST` for the import template")
    parser.add_argument("paths", nargs="+", metavar="OUT",
                        help="the .xlsx or .csv file to write (`template LIST OUT.xlsx`)")
    parser.add_argument("--search", default="", metavar="TEXT",
                        help="export only what this search finds, as in the list screen")
    parser.add_argument("--full-id", action="store_true",
                        help="write ID numbers in full (masked otherwise)")


@command("export", "export a list to .xlsx or .csv, or write an import template", _export_arguments)
def _export(args: argparse.Namespace) -> int:
    from app.exchange import exporting, template  # each command loads what it alone needs

    if args.list == "template":
        if len(args.paths) != 2:
            raise UserError(_("Usage: export template LIST OUT.xlsx"))
        path = template.write_template(args.paths[0], args.paths[1])
        print(_("Template written: {path}").format(path=path))
        return 0
    if len(args.paths) != 1:
        raise UserError(_("Give one output file."))
    result = exporting.export_list(args.list, args.paths[0], args.search, full_id=args.full_id)
    print(ngettext("{rows} row written to {path}", "{rows} rows written to {path}", result.rows)
          .format(rows=result.rows, path=result.path))
    return 0
