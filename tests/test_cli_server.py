"""`server init` and `server add-user` on a real PostgreSQL server: an officer writes, a reader
only reads, and the change log says which database user did what."""

import pytest

import main
from app.core import settings
from app.core.errors import UserError
from app.data import session
from app.history import audit
from app.search import lists as search
from db import models
from tests.app.registry_helpers import person


@pytest.mark.postgresql_only
def test_an_officer_writes_and_the_log_names_the_database_user(office_server):
    urls, names = office_server
    info = session.open_session(urls["ann"])
    assert info.read_only == ""
    person("张伟")
    settings.put("expiring_days", 30)
    assert {b.db_user for b in audit.batches()} == {names["ann"]}


@pytest.mark.postgresql_only
def test_a_reader_reads_and_every_write_is_refused_with_the_reason(office_server):
    urls, names = office_server
    session.open_session(urls["ann"])
    person("张伟")
    session.close_session()
    info = session.open_session(urls["lead"])
    assert names["lead"] in info.read_only and "look and print" in info.read_only
    assert [p.name for p in models.Person.select()] == ["张伟"]
    with pytest.raises(UserError, match="look and print"):
        person("李娜")
    with pytest.raises(UserError, match="look and print"):
        settings.put("expiring_days", 30)
    assert models.Person.select().count() == 1


@pytest.mark.postgresql_only
@pytest.mark.parametrize("sort", ["status", "levels", "term_end"])
def test_a_reader_sorts_the_list_by_the_columns_of_the_day(office_server, sort):
    """The keys of the day are the writer's to move: a reader's list sorts by them as they are,
    instead of failing to load."""
    urls, _names = office_server
    session.open_session(urls["lead"])
    page = search.page(search.ListQuery("commissioners", sort=sort))
    assert page.rows == []


def test_server_refuses_a_sqlite_file(tmp_path, capsys):
    assert main.main(["--db", str(tmp_path / "x.db"), "server", "init"]) == 1
    assert "PostgreSQL" in capsys.readouterr().err
