"""The shared deployment: what is PostgreSQL's own (the rest of the suite runs on both).

CI starts a server and sets CDESK_TEST_POSTGRES_URL; elsewhere these tests are skipped.
"""

import gzip
import json
import re
import subprocess
from contextlib import closing
from datetime import date
from pathlib import Path
from unittest.mock import ANY

import psycopg2
import pytest

from app.core.errors import UserError
from app.data import session
from app.demands import lifecycle as demands
from db import changelog, migrations, models
from db import database as dbmod
from db.migrations import schema_sql, server
from tests.app import demand_helpers
from tests.db import schema_shape

pytestmark = pytest.mark.postgresql_only


@pytest.fixture
def postgres(database):
    return database


def test_migrations_build_the_tables_the_models_declare(postgres):
    """Columns (type, NOT NULL, default), foreign keys and indexes as PostgreSQL reads them back,
    against the tables the models' own CREATE statements make; the trigram indexes of the search
    are the migrations' own."""
    assert migrations.current_version() == migrations.LATEST
    assert "***" in postgres.location and ":cdesk@" not in postgres.location
    trigram = (Path(migrations.__file__).parent / "0003_search_trgm.postgres.sql").read_text()
    assert schema_shape.disagreements(
        schema_shape.shape(dbmod.database),
        schema_shape.declared(dbmod.database, schema_sql.create_statements("postgres")),
        # Step 5: the server fills in who is signed in, whatever the program sends.
        {**schema_shape.model_defaults(models.ALL_MODELS, sqlite=False),
         ("change_batch", "db_user"): "SESSION_USER"},
        extra_indexes=frozenset(re.findall(r'CREATE INDEX "(\w+)"', trigram))) == []


@pytest.mark.parametrize("version", [1, 2, 3, 4])
def test_an_older_version_is_upgraded_to_what_a_new_database_is(postgres, version, tmp_path):
    fresh = schema_shape.shape(dbmod.database)
    dbmod.database.execute_sql("DROP SCHEMA public CASCADE")
    dbmod.database.execute_sql("CREATE SCHEMA public")
    assert migrations.migrate(target=version) == list(range(1, version + 1))
    assert migrations.migrate(server_backups=tmp_path) == list(
        range(version + 1, migrations.LATEST + 1))
    assert schema_shape.shape(dbmod.database) == fresh


def test_change_log_and_revert(postgres):
    with changelog.batch("add"):
        org = models.Organization(name="泉州海天材料科技股份有限公司", high_tech=True)
        org.save()
        person = models.Person(name="张伟", employer=org)
        person.save()
    with changelog.batch("edit") as edit:
        person.mobile = "13800138000"
        person.save()
    assert changelog.history("person", person.uuid)[-1].new == "13800138000"
    changelog.revert(edit.id, "undo")
    assert models.Person.get().mobile == ""


def test_a_number_another_user_commits_meanwhile_is_skipped(postgres, monkeypatch):
    """Another program on the shared database commits a demand under the number this one read:
    the insert waits for it, is refused by the unique index, and the next number is taken."""
    org = demand_helpers.organization("泉州鲤城纺织有限公司")
    with closing(psycopg2.connect(postgres.target)) as other:
        def take(number: str) -> None:
            with other, other.cursor() as cursor:  # one committed transaction
                cursor.execute(*demand_helpers.other_users_demand(number, org).sql())

        taken = demand_helpers.another_user_takes_numbers(monkeypatch, take)
        created = demands.create(demands.DemandInput("甲", org), date(2025, 3, 1))
    assert taken == ["XQ-2025-0001"] and demand_helpers.number_of(created) == "XQ-2025-0002"
    assert models.Demand.select().count() == 2


def test_newer_schema_is_refused(postgres):
    dbmod.database.execute_sql(
        "INSERT INTO schema_version (version, applied_at) VALUES (99, '2030-01-01')")
    session.close_session()
    with pytest.raises(UserError, match="newer Commissioner Desk") as refused:
        session.open_session(postgres.target)
    assert isinstance(refused.value.__cause__, migrations.SchemaTooNewError)


def test_search_and_sort_keys_without_fts(postgres):
    """PostgreSQL has no FTS5: the same search runs as LIKE over the derived columns, which the
    triggers keep as SQLite's do."""
    from app.search import lists as search
    from tests.app.registry_helpers import individual, organization, person
    from tests.db.test_search_index import edit, found

    haitian = organization()
    zhang = person("张伟", mobile="13800138000", employer_id=haitian)
    individual(zhang)
    individual(person("李娜", mobile="13912345678"))
    assert found("张") == found("zw") == found("zhangw") == found("38001") == ["张伟"]
    assert found("海天") == found("海天", "people") == ["张伟"]
    assert found("%") == found("_") == []
    edit(models.Organization, haitian, name="厦门海辰储能科技股份有限公司")
    edit(models.Person, zhang, mobile="13999991111")
    assert found("海辰") == found("9991111") == ["张伟"] and found("海天") == found("38001") == []
    by_mobile = search.page(search.ListQuery("commissioners", sort="mobile")).rows
    assert [r.name for r in by_mobile] == ["李娜", "张伟"]


@pytest.fixture
def one_version_behind(postgres, postgres_server, monkeypatch, tmp_path):
    """The test database as the previous version of the program left it, holding one person;
    its upgrade's backups go to ``tmp_path``."""
    from tests.app.registry_helpers import person

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    session.close_session()
    url = postgres_server.recreate(postgres_server.name)
    with monkeypatch.context() as older:
        older.setattr(migrations, "LATEST", migrations.LATEST - 1)
        session.open_session(url)
        person("升级前的人")
        session.close_session()
    return url


def _version(url):
    with psycopg2.connect(url) as connection, connection.cursor() as cursor:
        cursor.execute('SELECT MAX("version") FROM "schema_version"')
        version = cursor.fetchone()[0]
    connection.close()
    return version


def test_upgrade_waits_until_no_one_else_is_connected_then_backs_up_with_pg_dump(
        one_version_behind):
    colleague = psycopg2.connect(one_version_behind, application_name="another desk")
    with pytest.raises(UserError, match="waits until nobody else is connected. Still connected: "
                                        r"cdesk@127\.0\.0\.1"):
        session.open_session(one_version_behind)
    assert _version(one_version_behind) == migrations.LATEST - 1
    assert not session.server_backups().exists()  # refused before anything was written
    colleague.close()
    session.open_session(one_version_behind)
    assert migrations.current_version() == migrations.LATEST
    [backup] = session.server_backups().iterdir()
    assert backup.name.endswith(f".v{migrations.LATEST - 1}.{backup.name.split('.')[2]}.dump")
    listing = subprocess.run(["pg_restore", "--list", backup], capture_output=True, text=True,
                             check=True).stdout
    assert "TABLE DATA public person" in listing


def test_without_pg_dump_the_program_writes_the_backup_itself(one_version_behind, monkeypatch):
    monkeypatch.setattr(server.shutil, "which", lambda _name: None)
    session.open_session(one_version_behind)
    [backup] = session.server_backups().iterdir()
    assert backup.name.endswith(".jsonl.gz")
    with gzip.open(backup, "rt", encoding="utf-8") as lines_file:
        lines = [json.loads(line) for line in lines_file]
    start = lines.index({"table": "person", "columns": ANY})
    columns = lines[start]["columns"]
    assert dict(zip(columns, lines[start + 1], strict=True))["name"] == "升级前的人"
    assert _version(one_version_behind) == migrations.LATEST


@pytest.mark.parametrize("login, port", [("cdesk:wrong-password", None), (None, 1)])
def test_a_server_not_connected_to_is_said_as_such(postgres, login, port):
    """A wrong password or a server that does not answer: what to check, not a damaged
    database to run ``check`` on; the password is never shown."""
    from urllib.parse import urlsplit, urlunsplit

    from tests.test_cli import main_py

    parts = urlsplit(postgres.target)
    url = urlunsplit(parts._replace(netloc=f"{login or parts.username + ':' + parts.password}@"
                                           f"{parts.hostname}:{port or parts.port}"))
    result = main_py("search", "张", "--db", url, "--lang", "en")
    assert result.returncode == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"main.py: Could not connect to the database server "
                           f"{dbmod.display_location(url)} (")
    assert "check the server's address, the user name and the password" in line
    assert "wrong-password" not in line and "main.py check" not in line


def test_the_commissioner_list_sorts_by_the_status_of_the_day(postgres):
    from tests.app.test_sort_keys import the_order_follows_the_day_and_the_appointments

    the_order_follows_the_day_and_the_appointments()
