"""The shared deployment: the same migrations and change log on a real PostgreSQL server.

CI starts a server and sets CDESK_TEST_POSTGRES_URL; elsewhere these tests are skipped.
"""

import os

import pytest

from app import session
from app.errors import UserError
from db import changelog, migrations, models
from db import database as dbmod

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


def test_migrations_build_the_schema_the_models_describe(postgres):
    assert migrations.current_version() == migrations.LATEST
    assert "***" in postgres.location and ":cdesk@" not in postgres.location
    for model in models.ALL_MODELS:
        columns = {c.name for c in dbmod.database.get_columns(model._meta.table_name)}
        assert columns == {f.column_name for f in model._meta.sorted_fields}, model


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


def test_a_demands_origin_is_read_from_the_change_log(postgres):
    from datetime import date

    from app import demand_queries
    from tests.app import demand_helpers as dh

    demand_id = dh.demand(dh.organization("泉州鲤城纺织有限公司"))
    assert demand_queries.demand_detail(demand_id, date(2025, 3, 2)).origin == "user"
