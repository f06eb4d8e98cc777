"""The PostgreSQL server of the tests: each test gets the database named by
CDESK_TEST_POSTGRES_URL as a state built once per run (migrated, or filled with the demo data).

Copying a template database for every test took seconds on a busy machine; instead each state's
rows are kept in a schema of its own (``snapshot_KIND``) beside ``public`` and put back with a
DELETE and an INSERT per table (TRUNCATE's new files took seconds too). A test that changed
the schema itself (``server init``, an older version's upgrade) is noticed by a fingerprint of
the schema, and the database is then copied again from ``{name}_base``, a template holding every
snapshot built so far."""

from __future__ import annotations

import os
from urllib.parse import urlsplit, urlunsplit

import psycopg2

URL = os.environ.get("CDESK_TEST_POSTGRES_URL")

_FINGERPRINT = """
    SELECT md5(string_agg(item, ',' ORDER BY item)) FROM (
        SELECT c.relname || '.' || a.attname || ':' || a.atttypid::text
        FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND a.attnum > 0 AND NOT a.attisdropped
        UNION ALL SELECT 'trigger ' || tgname FROM pg_trigger WHERE NOT tgisinternal
        UNION ALL SELECT 'index ' || indexname FROM pg_indexes WHERE schemaname = 'public'
        UNION ALL SELECT 'schema ' || nspname FROM pg_namespace WHERE nspname LIKE 'snapshot\\_%'
    ) AS parts (item)"""


def _with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path="/" + name))


class Server:
    def __init__(self, url: str):
        self.url = url
        self.name = urlsplit(url).path.lstrip("/")
        self._admin = psycopg2.connect(_with_database(url, "postgres"))
        self._admin.autocommit = True
        self._base: str | None = None  # the template holding the snapshots below
        self._snapshots: dict[str, list[str]] = {}  # kind: its tables that hold rows
        self._fingerprint: str | None = None  # of the test database as the snapshots expect it
        self._base_snapshots: dict[str, list[str]] = {}
        self._base_fingerprint: str | None = None

    def url_of(self, name: str) -> str:
        return _with_database(self.url, name)

    def execute(self, sql: str, *params) -> None:
        with self._admin.cursor() as cursor:
            cursor.execute(sql, params)

    def recreate(self, name: str, template: str | None = None) -> str:
        """Drop ``name`` (ending every connection to it) and create it, empty or as a copy of
        ``template``; returns its URL."""
        self.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        return self.url_of(name)

    def fresh(self, kind: str, build) -> str:
        """The test database in state ``kind``, made by ``build(url)`` on first use in this run
        (the first kind on an empty database, the others on the first's rows; so a changed
        migration or demo is never served from an older run); returns its URL."""
        self._end_connections(self.name)
        if kind in self._snapshots and self._restore(kind):
            return self.url
        first = next(iter(self._snapshots), None)
        if first is None or not self._restore(first):
            # The schema is not the snapshots' any more (or there are none yet).
            self.recreate(self.name, self._base)
            self._snapshots, self._fingerprint = dict(self._base_snapshots), self._base_fingerprint
            if self._snapshots:
                restored = kind if kind in self._snapshots else next(iter(self._snapshots))
                assert self._restore(restored), "the base template does not match its snapshots"
                if restored == kind:
                    return self.url
        build(self.url)
        self._end_connections(self.name)
        self._read(lambda cursor: self._snapshot(cursor, kind))
        self._base = f"{self.name}_base"
        self.recreate(self._base, self.name)
        self._base_snapshots, self._base_fingerprint = dict(self._snapshots), self._fingerprint
        return self.url

    def _read(self, action):
        connection = psycopg2.connect(self.url)
        try:
            with connection, connection.cursor() as cursor:
                return action(cursor)
        finally:
            connection.close()

    @staticmethod
    def _fingerprint_of(cursor) -> str:
        cursor.execute(_FINGERPRINT)
        return cursor.fetchone()[0]

    def _snapshot(self, cursor, kind: str) -> None:
        schema = f"snapshot_{kind}"
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        tables = [name for (name,) in cursor.fetchall()]
        cursor.execute(f'CREATE SCHEMA "{schema}"')
        filled = []
        for table in tables:
            cursor.execute(f'CREATE TABLE "{schema}"."{table}" AS TABLE "public"."{table}"')
            if cursor.rowcount:
                filled.append(table)
        cursor.execute(f'CREATE TABLE "{schema}"."_sequences" AS SELECT '
                       "quote_ident(sequencename) AS name, start_value, last_value "
                       "FROM pg_sequences WHERE schemaname = 'public'")
        self._snapshots[kind] = filled
        self._fingerprint = self._fingerprint_of(cursor)

    def _restore(self, kind: str) -> bool:
        """Put the rows of ``kind`` back; False (and nothing done) when the schema changed."""
        schema = f"snapshot_{kind}"

        def restore(cursor) -> bool:
            if self._fingerprint_of(cursor) != self._fingerprint:
                return False
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            tables = [f'"public"."{name}"' for (name,) in cursor.fetchall()]
            # Neither triggers nor foreign keys while the rows go back as they were.
            cursor.execute("SET LOCAL session_replication_role = replica")
            cursor.execute("SET LOCAL synchronous_commit = off")
            for table in tables:
                cursor.execute(f"DELETE FROM {table}")
            for table in self._snapshots[kind]:
                cursor.execute(f'INSERT INTO "public"."{table}" SELECT * FROM "{schema}"."{table}"')
            cursor.execute(f'SELECT setval(name::regclass, COALESCE(last_value, start_value), '
                           f'last_value IS NOT NULL) FROM "{schema}"."_sequences"')
            return True

        try:
            return self._read(restore)
        except psycopg2.OperationalError:  # the database is gone (a test dropped it)
            return False

    def _end_connections(self, name: str) -> None:
        """Connections a test left open would hold locks the reset waits for."""
        self.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                     "WHERE datname = %s AND pid <> pg_backend_pid()", name)

    def close(self) -> None:
        if self._base:
            self.execute(f'DROP DATABASE IF EXISTS "{self._base}" WITH (FORCE)')
        self._admin.close()


def with_login(url: str, user: str, password: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(netloc=f"{user}:{password}@{parts.hostname}:{parts.port}"))


def drop_roles(server: Server, *roles: str) -> None:
    """Roles belong to the whole server: the test's database (which holds their rights) goes
    first, then they do."""
    server.execute(f'DROP DATABASE IF EXISTS "{server.name}" WITH (FORCE)')
    for role in roles:
        server.execute(f'DROP ROLE IF EXISTS "{role}"')
