"""The command line: the same use cases as the GUI, scriptable.

``main.py`` parses with ``build_parser()``; a command runs through ``run()``, no command starts
the GUI. Errors are one line on stderr and exit 1; usage errors exit 2 (argparse).

Each area's commands live in a module of this package and register with ``@command``; every
module here is loaded when the parser is built, so a module imports what its commands run on
inside them (``lazy_choice`` for the values an argument accepts): a command then loads only
what it needs (``check`` never loads reportlab).
"""

from __future__ import annotations

import argparse
import errno
import importlib
import logging
import pkgutil
import sys
from collections.abc import Callable
from pathlib import Path

from app.core import i18n, logs, settings
from app.core.errors import UserError
from app.core.i18n import _
from app.data import session
from db.database import mask_passwords

log = logging.getLogger("app.cli")

# name → (help, add_arguments, handler)
_COMMANDS: dict[str, tuple[str, Callable, Callable]] = {}
# Commands that only read: beside a program that holds the database they read it read-only.
# A backup reads too, but it may be what creates a new database file.
READING = frozenset({"search", "report", "export", "check"})
# Commands that open the file themselves: it may be damaged, or not a database yet.
OPENING_ITSELF = frozenset({"check", "restore", "recover"})


def command(name: str, help_text: str, arguments: Callable[[argparse.ArgumentParser], None]):
    def register(handler: Callable[[argparse.Namespace], int]):
        _COMMANDS[name] = (help_text, arguments, handler)
        return handler

    return register


def lazy_choice(module: str, name: str, *more: str) -> Callable[[str], str]:
    """An argument ``type`` accepting the values of ``module.name`` (and ``more``), which is
    imported when such an argument is given, not when the parser is built."""

    def accepted(text: str) -> str:
        choices = (*getattr(importlib.import_module(module), name), *more)
        if text not in choices:
            raise argparse.ArgumentTypeError(
                f"invalid choice: {text!r} (choose from {', '.join(choices)})")
        return text

    return accepted


def _add_common(parser: argparse.ArgumentParser, suppress: bool) -> None:
    """Options accepted before or after the command; after it they override."""

    def default(value):
        return argparse.SUPPRESS if suppress else value

    parser.add_argument("--db", metavar="PATH_OR_URL", default=default(None),
                        help="database file or URL (default: the user's data folder)")
    parser.add_argument("--lang", choices=i18n.LANGUAGES, default=default(None),
                        help="language of the interface and messages")
    parser.add_argument("--read-only", action="store_true", default=default(False),
                        help="only read the database, even while another program holds it "
                             "(search, report, export, check, and the GUI)")
    parser.add_argument("-v", "--verbose", action="store_true", default=default(False),
                        help="log what happens to stderr")


def build_parser() -> argparse.ArgumentParser:
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
    parser = argparse.ArgumentParser(
        prog="main.py",
        description="Commissioner Desk (科技特派员工作台). Without a command, starts the GUI.",
    )
    _add_common(parser, suppress=False)
    parser.add_argument("--self-test", action="store_true",
                        help="start the GUI, open every screen once and quit (exit 0 if all fine)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (help_text, arguments, _handler) in _COMMANDS.items():
        child = sub.add_parser(name, help=help_text, description=help_text)
        arguments(child)
        for nested in _with_nested(child):
            _add_common(nested, suppress=True)
    return parser


def _with_nested(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    """A command's parser and those of its actions (``package export``…)."""
    found = [parser]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                found += _with_nested(child)
    return found


def setup_logging(verbose: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logs.Formatter())
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, handlers=[handler])


def apply_language(args: argparse.Namespace) -> None:
    """The language asked for, else the one saved in the open database."""
    i18n.set_language(args.lang or settings.get("language"))


def fail(message: str) -> int:
    print(f"{Path(sys.argv[0]).name}: {mask_passwords(message)}", file=sys.stderr)
    return 1


def file_error(error: OSError) -> str:
    """The system's refusal to read or write a file, in the officer's words."""
    reasons = {
        errno.ENOENT: _("it does not exist"),
        errno.EISDIR: _("it is a folder, not a file"),
        errno.ENOTDIR: _("part of the path is a file, not a folder"),
        errno.EEXIST: _("a file of that name is in the way"),
        errno.EACCES: _("permission denied"),
        errno.EPERM: _("permission denied"),
        errno.ENOSPC: _("the disk is full"),
        errno.EROFS: _("the disk is read-only"),
        errno.ENAMETOOLONG: _("the name is too long"),
    }
    reason = reasons.get(error.errno, error.strerror or str(error))
    path = error.filename2 or error.filename
    if path is None:
        return _("A file could not be read or written: {reason}.").format(reason=reason)
    return _("Cannot use {path}: {reason}.").format(path=path, reason=reason)


def check_output(path: str | Path, suffix: str) -> Path:
    """A file the command will write, checked before it changes anything: its kind, and a
    place where a file can be."""
    path = Path(path)
    if path.suffix.lower() != suffix:
        raise UserError(_("Give a file name ending in {suffix}.").format(suffix=suffix), "file")
    if path.is_dir():
        raise OSError(errno.EISDIR, "", str(path))
    folder = next(p for p in (path.parent, *path.parent.parents) if p.exists())
    if not folder.is_dir():
        raise OSError(errno.ENOTDIR, "", str(path))
    return path


def only_reads(args: argparse.Namespace) -> bool:
    """Whether the command only reads: one of READING, or an action of a command that says so
    with ``set_defaults(only_reads=True)`` (``assess report``)."""
    return args.command in READING or getattr(args, "only_reads", False)


def run(args: argparse.Namespace) -> int:
    _help, _arguments, handler = _COMMANDS[args.command]
    i18n.set_language(args.lang or i18n.DEFAULT_LANGUAGE)  # for a database that does not open
    try:
        if args.read_only and not only_reads(args):
            raise UserError(_("--read-only is for the commands that only read: {commands}.").format(
                commands=", ".join(sorted(READING))))
        if args.command not in OPENING_ITSELF:
            _refuse_missing(args)
            access = "read-only" if args.read_only else (
                "read" if only_reads(args) or args.command == "backup" else "write")
            session.open_session(args.db, access=access)
            apply_language(args)
        return handler(args)
    except OSError as error:  # a file the command reads or writes (the database's are explained)
        return fail(file_error(error))
    except Exception as error:  # one clear line for the user; the trace for --verbose
        explained = session.explain(error)
        if explained is not None:
            return fail(str(explained))
        log.debug("command failed", exc_info=True)
        return fail(_("The command failed: {error} (-v shows the details)").format(error=error))
    finally:
        session.close_session()


def _refuse_missing(args: argparse.Namespace) -> None:
    """A command that only reads does not create the database it was asked to read, nor does
    --read-only; a folder given as --db is no database either."""
    if not args.db or "://" in args.db:
        return
    path = Path(args.db).expanduser()
    if path.is_dir():
        raise UserError(_("{path} is a folder; --db needs a database file.").format(path=path))
    if not path.exists() and (args.read_only or only_reads(args)):
        raise UserError(_("No database at {path}.").format(path=path))


# Commands ------------------------------------------------------------------------------------


def _demo_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--seed", type=int, default=1, help="random seed (same seed, same data)")
    parser.add_argument("--force", action="store_true",
                        help="replace whatever the database holds with the demo data")


@command("demo", "fill the database with demo data of Licheng district", _demo_arguments)
def _demo(args: argparse.Namespace) -> int:
    from app import demo  # each command loads what it alone needs

    summary = demo.load(seed=args.seed, force=args.force).detail
    print(_("Demo data loaded: {commissioners} commissioners, {organizations} organizations, "
            "{demands} demands, {events} events.").format(
        commissioners=summary.commissioners, organizations=summary.organizations,
        demands=summary.demands, events=summary.events))
    return 0


def _check_arguments(parser: argparse.ArgumentParser) -> None:
    del parser  # no options of its own


@command("check", "check the database: schema version, integrity, foreign keys", _check_arguments)
def _check(args: argparse.Namespace) -> int:
    from app.data import maintenance  # each command loads what it alone needs

    target = args.db or str(settings.default_database_path())
    if "://" not in target and not Path(target).is_file():
        raise UserError(_("No database at {path}.").format(path=target))
    i18n.set_language(args.lang or i18n.DEFAULT_LANGUAGE)
    report = maintenance.check(target)
    for line in report.lines:
        print(line)
    return 0 if report.ok else 1

