"""The shared deployment: the same migrations and change log on a real PostgreSQL server.

CI starts a server and sets CDESK_TEST_POSTGRES_URL; elsewhere these tests are skipped.
"""

import os
import re
from contextlib import closing
from datetime import date
from pathlib import Path

import psycopg2
import pytest

from app import demands, session
from app.errors import UserError
from db import changelog, migrations, models
from db import database as dbmod
from db.migrations import schema_sql
from tests.app import demand_helpers
from tests.db import schema_shape

URL = os.environ.get("CDESK_TEST_POSTGRES_URL")
pytestmark = pytest.mark.skipif(not URL, reason="CDESK_TEST_POSTGRES_URL is not set")


@pytest.fixture
def postgres(database):
    session.close_session()
    dbmod.connect_database(URL)
    dbmod.database.execute_sql("DROP SCHEMA public CASCADE")
    dbmod.database.execute_sql("CREATE SCHEMA public")
    session.close_session()
    info = session.open_session(URL)
    yield info
    session.close_session()


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
        schema_shape.model_defaults(models.ALL_MODELS, sqlite=False),
        extra_indexes=frozenset(re.findall(r'CREATE INDEX "(\w+)"', trigram))) == []


@pytest.mark.parametrize("version", [1, 2, 3])
def test_an_older_version_is_upgraded_to_what_a_new_database_is(postgres, version):
    fresh = schema_shape.shape(dbmod.database)
    dbmod.database.execute_sql("DROP SCHEMA public CASCADE")
    dbmod.database.execute_sql("CREATE SCHEMA public")
    assert migrations.migrate(target=version) == list(range(1, version + 1))
    assert migrations.migrate() == list(range(version + 1, migrations.LATEST + 1))
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


def test_demand_numbers_go_on_past_9999(postgres):
    assert demand_helpers.numbers_past_9999(demand_helpers.organization("泉州鲤城纺织有限公司"),
                                            date(2025, 3, 1)) == ["XQ-2025-10000", "XQ-2025-10001"]


def test_a_number_another_user_commits_meanwhile_is_skipped(postgres, monkeypatch):
    """Another program on the shared database commits a demand under the number this one read:
    the insert waits for it, is refused by the unique index, and the next number is taken."""
    org = demand_helpers.organization("泉州鲤城纺织有限公司")
    with closing(psycopg2.connect(URL)) as other:
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
        session.open_session(URL)
    assert isinstance(refused.value.__cause__, migrations.SchemaTooNewError)


def test_search_and_sort_keys_without_fts(postgres):
    """PostgreSQL has no FTS5: the same search runs as LIKE over the derived columns, which the
    triggers keep as SQLite's do."""
    from app import search
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
