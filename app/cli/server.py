"""`server init` and `server add-user`: a PostgreSQL database shared by the office."""

from __future__ import annotations

import argparse
import getpass
import sys

from app.cli import command
from app.core.errors import UserError
from app.core.i18n import _
from db import database as dbmod
from db import roles


def _roles(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--officer-role", default="cdesk_officer", metavar="ROLE",
                        help="the group role of officers, who read and write (default "
                             "cdesk_officer)")
    parser.add_argument("--reader-role", default="cdesk_reader", metavar="ROLE",
                        help="the group role of readers, who only look and print (default "
                             "cdesk_reader)")


def _arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="server_action", metavar="ACTION", required=True)
    init = actions.add_parser(
        "init", help="create the schema, an officer role and a read-only role (run it as the "
                     "database's owner, who also runs later upgrades)")
    _roles(init)
    add = actions.add_parser("add-user", help="a login for one person, as an officer or a reader; "
                                              "the password is asked for (or read from stdin)")
    add.add_argument("name", metavar="NAME")
    add.add_argument("--role", choices=("officer", "reader"), required=True)
    _roles(add)


def _password() -> str:
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass(_("Password: "))
    if first != getpass.getpass(_("The same password again: ")):
        raise UserError(_("The two passwords differ."))
    return first


def _role_name(name: str) -> str:
    if not roles.NAME.fullmatch(name):
        raise UserError(_("“{name}” cannot be a role name here: use lower-case letters, digits "
                          "and _ (at most 63), not starting with a digit.").format(name=name))
    return name


@command("server", "set up a PostgreSQL database shared by the office (roles, logins)", _arguments)
def _server(args: argparse.Namespace) -> int:
    if dbmod.is_sqlite():
        raise UserError(_("“server” sets up a PostgreSQL database: give --db postgresql://…"))
    officer, reader = _role_name(args.officer_role), _role_name(args.reader_role)
    with dbmod.database.atomic():
        if args.server_action == "init":
            roles.grant(dbmod.database, officer, reader)
            print(_("The schema is ready; officers are members of {officer}, readers of "
                    "{reader}. Add a login for each person with “server add-user”.").format(
                        officer=officer, reader=reader))
            return 0
        name, group = _role_name(args.name), officer if args.role == "officer" else reader
        password = _password()
        if not password:
            raise UserError(_("A login needs a password."))
        try:
            roles.add_login(dbmod.database, name, password, group)
        except LookupError:
            raise UserError(_("The role {role} does not exist yet: run “server init” first.")
                            .format(role=group)) from None
    print(_("{name} can now sign in as {role}.").format(name=name, role=group))
    return 0
