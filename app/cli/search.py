"""``main.py search TEXT``: the register's search, one tab-separated line per match."""

from __future__ import annotations

import argparse

from app.cli import command
from app.core.i18n import _
from app.register.common import ENTITY_LABELS

MAX_LIMIT = 1_000_000  # beyond any register: a larger --limit means the same


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("text", help="name, pinyin initials, phone, employer, ID digits or credit code")
    parser.add_argument("--limit", type=int, default=20, help="at most this many lines (default 20)")


@command("search", "find commissioners, organizations and workstations (tab-separated output)",
         _arguments)
def _search(args: argparse.Namespace) -> int:
    from app.search import lists as search  # each command loads what it alone needs

    for hit in search.lookup(args.text, limit=min(max(args.limit, 1), MAX_LIMIT)):
        fields = (_(ENTITY_LABELS[hit.type]), hit.name, hit.level_or_kind, hit.employer_or_host,
                  hit.status)
        print("\t".join(f.replace("\t", " ") for f in fields))
    return 0
