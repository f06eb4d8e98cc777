"""The PostgreSQL server of the tests: each test gets the database named by
CDESK_TEST_POSTGRES_URL afresh, copied from a template that was migrated (or filled with the demo
data) once per run, which is much faster than migrating for every test."""

from __future__ import annotations

import os
from urllib.parse import urlsplit, urlunsplit

import psycopg2

URL = os.environ.get("CDESK_TEST_POSTGRES_URL")


def _with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path="/" + name))


class Server:
    def __init__(self, url: str):
        self.url = url
        self.name = urlsplit(url).path.lstrip("/")
        self._admin = psycopg2.connect(_with_database(url, "postgres"))
        self._admin.autocommit = True
        self._templates: dict[str, str] = {}

    def url_of(self, name: str) -> str:
        return _with_database(self.url, name)

    def execute(self, sql: str) -> None:
        with self._admin.cursor() as cursor:
            cursor.execute(sql)

    def recreate(self, name: str, template: str | None = None) -> str:
        """Drop ``name`` (ending every connection to it) and create it, empty or as a copy of
        ``template``; returns its URL."""
        self.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        return self.url_of(name)

    def template(self, kind: str, build) -> str:
        """The template database ``{name}_{kind}``, made by ``build(url)`` on first use in this
        run (so a changed migration or demo is never served from an older run)."""
        if kind not in self._templates:
            name = f"{self.name}_{kind}"
            build(self.recreate(name))
            self._templates[kind] = name
        return self._templates[kind]

    def fresh(self, template: str) -> str:
        """The test database, a new copy of ``template``; returns its URL."""
        return self.recreate(self.name, template)

    def close(self) -> None:
        for name in self._templates.values():
            self.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
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
