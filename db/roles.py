"""PostgreSQL roles of a shared deployment: officers read and write the register, readers (leaders
who look and print) only read. Each is a group role; a person signs in as a login role that is a
member of one. The schema belongs to whoever ran ``server init`` (and runs later upgrades)."""

from __future__ import annotations

import re

import peewee

from db import database as dbmod

OFFICER, READER = "officer", "reader"
NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")


def quoted(name: str) -> str:
    if not NAME.fullmatch(name):
        raise ValueError(name)
    return f'"{name}"'


def _exists(db: peewee.Database, role: str) -> bool:
    return bool(db.execute_sql("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone())


def grant(db: peewee.Database, officer: str, reader: str) -> None:
    """Create the two group roles (when missing) and give them their rights on this database's
    tables, now and on the tables later upgrades create."""
    for role in (officer, reader):
        if not _exists(db, role):
            db.execute_sql(f"CREATE ROLE {quoted(role)} NOLOGIN")
    name = db.execute_sql("SELECT current_database()").fetchone()[0]
    both = f"{quoted(officer)}, {quoted(reader)}"
    for statement in (
        f'GRANT CONNECT ON DATABASE "{name}" TO {both}',
        f"GRANT USAGE ON SCHEMA public TO {both}",
        f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {quoted(reader)}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {quoted(officer)}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {quoted(officer)}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO {quoted(reader)}",
        "ALTER DEFAULT PRIVILEGES IN SCHEMA public "
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {quoted(officer)}",
        "ALTER DEFAULT PRIVILEGES IN SCHEMA public "
        f"GRANT USAGE, SELECT ON SEQUENCES TO {quoted(officer)}",
    ):
        db.execute_sql(statement)


def add_login(db: peewee.Database, name: str, password: str, group: str) -> None:
    """A person's login role, a member of ``group``."""
    if not _exists(db, group):
        raise LookupError(group)
    db.execute_sql(f"CREATE ROLE {quoted(name)} LOGIN PASSWORD %s IN ROLE {quoted(group)}",
                   (password,))


def read_only(db: peewee.Database = dbmod.database) -> bool:
    """Whether the signed-in user may only read (PostgreSQL); a SQLite file opened for writing
    is never read-only here."""
    if dbmod.is_sqlite(db):
        return False
    return not db.execute_sql(
        "SELECT has_table_privilege('change_batch', 'INSERT')").fetchone()[0]


def user(db: peewee.Database = dbmod.database) -> str:
    return db.execute_sql("SELECT session_user").fetchone()[0]
