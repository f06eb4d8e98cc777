"""`package export` and `package import`: field packages for offline work at events."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from app.cli import command
from app.core.i18n import _, ngettext
from app.core.labels import TABLE_LABELS

if TYPE_CHECKING:
    from app.exchange import merge

EXIT_QUESTIONS = 3  # else 1 when records were refused (and the rest merged)


def _arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="package_action", metavar="ACTION", required=True)
    export = actions.add_parser("export", help="write a field package to take to an event")
    export.add_argument("--out", required=True, metavar="FILE", help="the package file to write")
    export.add_argument("--event", action="append", metavar="ID",
                        help="an event (database id or uuid) to include; repeat for several; "
                             "default: every event that has not ended")
    imported = actions.add_parser("import", help="merge a field package back into this database")
    imported.add_argument("file", metavar="FILE")
    imported.add_argument("--dry-run", action="store_true",
                          help="show what the merge would do and change nothing")


def _describe(plan: merge.MergePlan) -> list[str]:
    from app.exchange.merge import REASON_LABELS  # loaded by the command that merges

    def kind(table):
        return _(TABLE_LABELS[table])

    lines = [f"new\t{kind(c.table)}\t{c.record_label}" for c in plan.new]
    lines += [f"updated\t{kind(c.table)}\t{c.record_label}\t{', '.join(sorted(c.values))}"
              for c in plan.updated]
    lines += [f"conflict\t{kind(c.table)}\t{c.record_label}\t{c.field}\t"
              + _("office: {office} / package: {package}").format(office=c.office,
                                                                  package=c.package)
              for c in plan.conflicts]
    lines += [f"duplicate\t{kind(d.table)}\t{d.package_label}\t"
              + _("looks like {existing} ({reason})").format(existing=d.existing_label,
                                                            reason=_(REASON_LABELS[d.reason]))
              for d in plan.duplicates]
    lines += [f"waiting\t{kind(c.table)}\t{c.record_label}" for c in plan.waiting]
    lines += [f"refused\t{kind(r.table)}\t{r.record_label}\t{r.reason}" for r in plan.refused]
    return lines


@command("package", "field packages: export for an event, import (merge) back", _arguments)
def _package(args: argparse.Namespace) -> int:
    # each command loads what it alone needs
    from app.exchange import merge
    from app.exchange.package import export_package, read_package

    if args.package_action == "export":
        result = export_package(args.out, args.event)
        print(result.summary())
        return 0
    package = read_package(args.file)
    plan = merge.plan_merge(package) if args.dry_run else merge.apply_merge(package).detail.plan
    print(plan.summary_line())
    for line in _describe(plan):
        print(line)
    if not args.dry_run and plan.questions:
        print(ngettext("{count} question remains: open the package with File → Merge field "
                       "package to answer it.",
                       "{count} questions remain: open the package with File → Merge field "
                       "package to answer them.", plan.questions).format(count=plan.questions))
        return EXIT_QUESTIONS
    return 1 if plan.refused else 0
