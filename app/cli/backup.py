"""`backup` and `restore`: copies of the database file, and going back to one."""

from __future__ import annotations

import argparse

from app import backup
from app.cli import command
from app.i18n import _


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
    safety = backup.restore(args.file)
    print(_("Restored from {file}. The data as it was before is kept in {safety}.").format(
        file=args.file, safety=safety.path))
    return 0
