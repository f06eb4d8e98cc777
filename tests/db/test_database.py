"""The database handle: what closing it leaves behind."""

from __future__ import annotations

import sqlite3

import pytest

from app import service_logs, session


@pytest.mark.sqlite_only("SQLite's PRAGMA optimize on close; PostgreSQL's autovacuum analyzes")
def test_closing_leaves_statistics_for_the_query_planner(database, demo):
    """Without them SQLite read a page of service logs through the recycle bin's index and
    sorted every log; a register grown by use is never analyzed otherwise."""
    path = database.target
    session.close_session()
    with sqlite3.connect(path) as plain:
        plain.execute("DROP TABLE IF EXISTS sqlite_stat1")
    session.open_session(path)
    service_logs.page(service_logs.LogQuery())
    session.close_session()
    with sqlite3.connect(path) as plain:
        analyzed = {table for (table,) in plain.execute("SELECT tbl FROM sqlite_stat1")}
    session.open_session(path)
    assert "service_log" in analyzed
