"""The database handle: what closing it leaves behind."""

from __future__ import annotations

import sqlite3

import pytest

from app.activities import service_logs
from app.data import session


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


@pytest.mark.sqlite_only("PRAGMA max_page_count stands in for the full disk: a database file's "
                         "limit (a server's full disk: test_a_servers_full_disk_is_said_as_such)")
def test_a_full_disk_is_said_as_such_and_loses_nothing(database):
    """The disk (here: the file's page limit) full in the middle of saving: the officer is told
    the disk is full, and what was saved before is there."""
    import pytest

    from app.register import people
    from db import models
    from db.database import database as handle

    people.save_organization(people.OrganizationData(name="磁盘满之前保存的单位"))
    pages = handle.execute_sql("PRAGMA page_count").fetchone()[0]
    handle.execute_sql(f"PRAGMA max_page_count = {pages}")  # no room for one page more
    with pytest.raises(Exception) as caught:
        for number in range(200):
            people.save_organization(people.OrganizationData(
                name=f"磁盘满时保存的单位{number}", address="很长的地址" * 200))
    problem = session.explain(caught.value)
    assert problem is not None and problem.kind == "disk-full", caught.value
    session.close_session()
    session.open_session(database.target)
    names = {o.name for o in models.Organization.select()}
    assert "磁盘满之前保存的单位" in names
    assert all(name == "磁盘满之前保存的单位" or name.startswith("磁盘满时保存的单位")
               for name in names)


@pytest.mark.postgresql_only
def test_a_servers_full_disk_is_said_as_such(database):
    """The server's full disk as it reports one (SQLSTATE disk_full, worded in the server's
    language); what was saved before is there."""
    from app.register import people
    from db import models
    from db.database import database as handle

    people.save_organization(people.OrganizationData(name="磁盘满之前保存的单位"))
    with pytest.raises(Exception) as caught, handle.atomic():
        people.save_organization(people.OrganizationData(name="磁盘满时保存的单位"))
        handle.execute_sql("DO $$ BEGIN RAISE EXCEPTION USING ERRCODE = 'disk_full', "
                           "MESSAGE = '无法扩展文件“base/1/2”: 设备上没有空间'; END $$")
    problem = session.explain(caught.value)
    assert problem is not None and problem.kind == "disk-full", caught.value
    assert {o.name for o in models.Organization.select()} == {"磁盘满之前保存的单位"}


def test_an_error_after_sqlite_rolled_back_by_itself_is_not_masked(database):
    """On a full disk SQLite rolls the whole transaction back by itself; rolling back again
    raised "cannot rollback - no transaction is active" in place of the disk's error (a real
    full disk, a 3 MB tmpfs, showed exactly that during an import)."""
    import peewee
    import pytest

    from db.database import database as handle

    with pytest.raises(peewee.OperationalError, match="database or disk is full"), handle.atomic():
        handle.execute_sql("""INSERT INTO "setting" ("key", "value") VALUES ('x', 'y')""")
        handle.execute_sql("ROLLBACK")  # what SQLite did by itself
        raise peewee.OperationalError("database or disk is full")


def test_a_database_error_is_told_without_the_values_of_the_row(database):
    """PostgreSQL's DETAIL line quotes the row ("Key (id_number)=(3505…)"): a whole ID number
    in a message that goes into screenshots and logs."""
    from datetime import date

    import peewee

    from app.register import people
    from db import changelog, models
    from tests.exchange.conftest import resident_id

    number = resident_id(date(1980, 1, 2), 11)
    people.save_person(people.PersonData(name="林一", id_number=number))
    with pytest.raises(peewee.IntegrityError) as caught, changelog.batch("bypassing the checks"):
        people.fill_person(models.Person(), people.PersonData(name="林二", id_number=number)).save()
    problem = session.explain(caught.value)
    assert problem.kind == "database" and "id_number" in problem.message
    assert number not in problem.message and number[:6] + "19" not in problem.message
