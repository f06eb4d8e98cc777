"""The benchmark suite: nine figures, each with its baseline measured in the same run (or an
absolute target).

    uv run python -m tests.benchmarks [--scale district|province] [--json OUT.json] [--db PATH]
    uv run python -m tests.benchmarks --postgres URL [--scale …] [--json OUT.json]
    uv run python -m tests.benchmarks --desk-only [--scale …] [--db PATH] [--json OUT.json]

``--postgres``: search, sort and check-in on a PostgreSQL database (the scale's data is generated
into it when it is empty); ``--desk-only`` the same three on the SQLite database, to compare. The
scale's SQLite database is generated once (``tests.benchmarks.scale_data`` for province, ``app.demo`` for
district) and reused while the file exists; the benchmarks that write work on a copy. Prints a
table; ``--json`` writes the figures as a list of {"name", "value", "unit", "baseline", "ratio",
"target", "ok"}. Exits 1 when a figure misses its target. See docs/PERFORMANCE.md.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from app.core import i18n
from app.data import session
from db import database as dbmod
from tests.benchmarks import assessment, fieldwork, import_xlsx, roster_pdf, search, startup
from tests.benchmarks.harness import SIZES, Figure, build_database, fill, working_copy


def run(scale: str, db: Path, folder: Path) -> list[Figure]:
    """The figures, each printed as soon as it is measured (a province run takes long)."""
    size = SIZES[scale]
    source = build_database(scale, db)
    office = working_copy(source, folder)
    print(HEADER, flush=True)

    def shown(*figures: Figure) -> list[Figure]:
        for figure in figures:
            print(line(figure), flush=True)
        return list(figures)

    session.open_session(office)
    i18n.set_language("zh_CN")
    try:
        found = [*shown(search.search_p95(office, size), search.sort_first_page(size)),
                 *shown(import_xlsx.figure(folder, size)),
                 *shown(*fieldwork.figures(office, folder, size)),
                 *shown(assessment.figure(size))]
    finally:
        session.close_session()
    found += shown(*startup.figures(office, size), roster_pdf.figure(size))
    return sorted(found, key=lambda f: ORDER.index(f.name))


def run_desk(scale: str, target) -> list[Figure]:
    """What an officer waits for at the desk (search, sort, check-in), on a PostgreSQL URL or
    a SQLite file, to compare the two."""
    size = SIZES[scale]
    session.open_session(target)
    i18n.set_language("zh_CN")
    try:
        if session.is_empty():
            fill(scale)
        found = [search.search_p95(target, size), search.sort_first_page(size)]
        with dbmod.database.atomic() as transaction:  # the event goes again afterwards
            found.append(fieldwork.checkin_p95(fieldwork.make_event(size["invitees"]), size))
            transaction.rollback()
    finally:
        session.close_session()
    return found


ORDER = ("startup", "rss_peak", "search_p95", "sort_first_page", "import_xlsx", "checkin_p95",
         "merge_package", "roster_pdf", "assessment_open")
HEADER = (f"{'name':<16} {'value':>10} {'unit':<4} {'baseline':>10} {'ratio':>7}  "
          f"{'target':<34} ok")


def line(f: Figure) -> str:
    baseline = "" if f.baseline is None else f"{f.baseline:.3f}"
    ratio = "" if f.ratio is None else f"{f.ratio:.2f}"
    return (f"{f.name:<16} {f.value:>10.3f} {f.unit:<4} {baseline:>10} {ratio:>7}  "
            f"{f.target:<34} {'yes' if f.ok else 'NO'}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=tuple(SIZES), default="district")
    parser.add_argument("--json", type=Path, metavar="OUT.json")
    parser.add_argument("--db", type=Path, help="the generated database (default: in the "
                        "temporary folder, cdesk-bench-SCALE.db)")
    parser.add_argument("--postgres", metavar="URL", help="measure search, sort and check-in on "
                        "this PostgreSQL database instead (filled with the scale's data if empty)")
    parser.add_argument("--desk-only", action="store_true",
                        help="on the SQLite database, only search, sort and check-in (to compare)")
    args = parser.parse_args(argv)
    db = args.db or Path(tempfile.gettempdir()) / f"cdesk-bench-{args.scale}.db"
    if args.postgres or args.desk_only:
        figures = run_desk(args.scale, args.postgres or build_database(args.scale, db))
    else:
        with tempfile.TemporaryDirectory(prefix="cdesk-bench-") as folder:
            figures = run(args.scale, db, Path(folder))
    print("\n" + "\n".join([HEADER, *map(line, figures)]))
    if args.json:
        args.json.write_text(json.dumps([f.as_json() for f in figures], ensure_ascii=False,
                                        indent=2), encoding="utf-8")
    return 0 if all(f.ok for f in figures) else 1


if __name__ == "__main__":
    sys.exit(main())
