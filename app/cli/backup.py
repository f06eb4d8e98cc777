"""`backup`, `restore` and `recover`: copies of the database file, going back to one, and
salvaging what a damaged file still holds."""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path

from app.cli import command
from app.core import settings
from app.core.i18n import _
from app.data import backup


def _backup_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--to", metavar="DIR",
                        help="the folder to write to (default: the backup folder)")


@command("backup", "back up the database (SQLite online backup, checked)", _backup_arguments)
def _backup(args: argparse.Namespace) -> int:
    made = backup.backup_now(args.to)
    if not args.to:
        backup.prune()
    print(_("Backup written: {path} ({size})").format(path=made.path,
                                                      size=backup.size_text(made.size)))
    return 0


def _restore_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="the backup to restore")


@command("restore", "replace the database's data with a backup (a safety backup is made first)",
         _restore_arguments)
def _restore(args: argparse.Namespace) -> int:
    """Runs on the file without opening it first: it may be too damaged to open."""
    target = Path(args.db) if args.db else settings.default_database_path()
    kept = backup.restore(args.file, target)
    if kept.reason == "damaged":
        print(_("Restored from {file}. The damaged database was moved aside to {damaged}.").format(
            file=args.file, damaged=kept.path))
    else:
        print(_("Restored from {file}. The data as it was before is kept in {safety}.").format(
            file=args.file, safety=kept.path))
    return 0


def _recover_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", metavar="FILE",
                        help="the new database to write (default: beside the damaged one)")


@command("recover", "salvage what a damaged database still holds into a new database file",
         _recover_arguments)
def _recover(args: argparse.Namespace) -> int:
    damaged = Path(args.db) if args.db else settings.default_database_path()
    out = Path(args.out) if args.out else damaged.with_name(
        f"{damaged.stem}-recovered-{datetime.now():%Y%m%d-%H%M%S}.db")
    counts = backup.recover(damaged, out)
    print(_("Salvaged into {path}; rows per table:").format(path=out))
    for table, rows in counts.items():
        print(f"{table}\t{rows}")
    return 0
