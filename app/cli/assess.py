"""``main.py assess …``: the annual assessment round of a year — open (or recompute) it, show
its state, finish or reopen it — and its schemes as a file to hand to another office."""

from __future__ import annotations

import argparse

from app.cli import assess_report, check_output, command
from app.core.i18n import _


def _arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="assess_action", metavar="ACTION", required=True)
    for name, text in (("open", "open the year's round, or recompute the data of an open one"),
                       ("state", "show the round's state"),
                       ("finish", "finish the round: record grades and funds, freeze the "
                                  "schemes"),
                       ("reopen", "reopen a finished round")):
        action = actions.add_parser(name, help=text)
        action.add_argument("--year", type=int, required=True, help="the year, e.g. 2025")
        if name == "state":
            action.set_defaults(only_reads=True)
    exported = actions.add_parser("export-schemes",
                                  help="write the year's schemes to a JSON file")
    exported.add_argument("--year", type=int, required=True)
    exported.add_argument("--out", required=True, metavar="FILE.json")
    exported.set_defaults(only_reads=True)
    imported = actions.add_parser("import-schemes",
                                  help="store the schemes of a JSON file (all of them or none)")
    imported.add_argument("file", metavar="FILE.json")
    assess_report.arguments(actions.add_parser("report", help=assess_report.HELP))


@command("assess", "the annual assessment: open, state, finish or reopen a year's round; "
                   "export or import its schemes", _arguments)
def _assess(args: argparse.Namespace) -> int:
    from app.assessment import rounds, schemes  # loaded for this command only

    action = args.assess_action
    if action == "report":
        return assess_report.run(args)
    if action == "export-schemes":
        schemes.export_schemes(args.year, check_output(args.out, ".json"))
        print(_("The {year} schemes are written to {path}.").format(year=args.year,
                                                                   path=args.out))
        return 0
    if action == "import-schemes":
        year = schemes.import_schemes(args.file).detail
        print(_("The {year} schemes are imported.").format(year=year))
        return 0
    {"open": rounds.open_round, "finish": rounds.finish_round,
     "reopen": rounds.reopen_round}.get(action, lambda year: None)(args.year)
    state = rounds.round_state(args.year)
    if state is None:
        print(_("There is no {year} assessment round.").format(year=args.year))
        return 1
    print(rounds.state_text(state))
    return 0
