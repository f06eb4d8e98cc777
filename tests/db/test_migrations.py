import re
import shutil
import sqlite3

import pytest

from app import session
from app.errors import UserError
from db import database as dbmod
from db import migrations, models
from db.migrations import schema_sql
from tests.conftest import REPO

V1_FILE = REPO / "tests" / "data" / "schema_v1.db"


def search_indexes() -> set[str]:
    """The FTS5 tables of the search and their shadow tables: no model describes them (nor are
    they on PostgreSQL)."""
    if not dbmod.is_sqlite():
        return set()
    virtual = [name for (name,) in dbmod.database.execute_sql(
        "SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%'")]
    return {table for table in dbmod.database.get_tables()
            if any(table == name or table.startswith(name + "_") for name in virtual)}


def migrated_columns_match_models() -> bool:
    indexes = search_indexes()
    migrated = {
        table: {column.name for column in dbmod.database.get_columns(table)}
        for table in dbmod.database.get_tables()
        if table != "schema_version" and table not in indexes
    }
    expected = {
        model._meta.table_name: {f.column_name for f in model._meta.sorted_fields}
        for model in models.ALL_MODELS
    }
    return migrated == expected


def test_fresh_database_is_built_by_the_migrations(database):
    assert migrations.current_version() == migrations.LATEST
    assert migrated_columns_match_models(), "models and migrations disagree: add a migration"
    streets = models.Dictionary.select().where(models.Dictionary.kind == "street").count()
    assert streets == 8


def test_migrations_create_every_index_the_models_declare(database):
    """And no other, but on PostgreSQL the search's pg_trgm indexes (SQLite's are FTS5 tables)."""
    dialect = "sqlite" if dbmod.is_sqlite() else "postgres"
    declared = {
        statement.split('"')[1]
        for statement in schema_sql.create_statements(dialect)
        if statement.startswith("CREATE") and " INDEX " in statement
    }
    migrated = {
        name for (name,) in dbmod.database.execute_sql(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
            if dialect == "sqlite" else
            "SELECT indexname FROM pg_indexes WHERE schemaname = 'public'")
        if not name.endswith("_pkey")  # PostgreSQL's primary keys are indexes too
    }
    trigram = set() if dialect == "sqlite" else set(re.findall(
        r'CREATE INDEX "(\w+)"', migrations._sql_file(dbmod.database, "0003_search_trgm")))
    assert migrated == declared | trigram


def test_version_1_file_is_upgraded_after_a_backup_and_keeps_its_data(tmp_path):
    session.close_session()
    copy = tmp_path / "v1.db"
    shutil.copy(V1_FILE, copy)
    info = session.open_session(copy)
    assert info.schema_version == migrations.LATEST > 1
    [backup] = tmp_path.glob("v1.v1.*.bak")
    with sqlite3.connect(backup) as old:
        assert old.execute('SELECT MAX("version") FROM "schema_version"').fetchone() == (1,)
    assert migrated_columns_match_models()
    person = models.Person.get(models.Person.name == "张伟")
    assert person.employer.name == "鸿星尔克（中国）实业有限公司"
    assert person.commissioners.get().appointments.get().level == "provincial"


def test_the_backup_exists_before_any_step_runs(tmp_path, monkeypatch):
    session.close_session()
    copy = tmp_path / "v1.db"
    shutil.copy(V1_FILE, copy)
    seen = []

    def next_step(db):
        seen.append(sorted(p.name for p in tmp_path.glob("v1.v1.*.bak")))
        db.execute_sql('ALTER TABLE "person" ADD COLUMN "nickname" TEXT')

    monkeypatch.setattr(migrations, "STEPS", [*migrations.STEPS, next_step])
    monkeypatch.setattr(migrations, "LATEST", len(migrations.STEPS))
    session.open_session(copy)
    assert len(seen) == 1 and len(seen[0]) == 1
    with sqlite3.connect(tmp_path / seen[0][0]) as old:
        assert old.execute('SELECT name FROM "person"').fetchall() == [("张伟",)]
    assert migrations.current_version() == migrations.LATEST


def test_newer_database_is_refused_with_a_clear_message(tmp_path):
    session.close_session()
    path = tmp_path / "newer.db"
    session.open_session(path)
    dbmod.database.execute_sql(
        'INSERT INTO "schema_version" ("version", "applied_at") VALUES (?, ?)', (99, "2030-01-01")
    )
    session.close_session()
    with pytest.raises(UserError, match="newer Commissioner Desk") as refused:
        session.open_session(path)
    assert isinstance(refused.value.__cause__, migrations.SchemaTooNewError)
    assert dbmod.database.is_closed()


@pytest.mark.sqlite_only("SQLite's pragmas")
def test_sqlite_pragmas_are_set(database):
    pragma = dbmod.database.execute_sql
    assert pragma("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert pragma("PRAGMA foreign_keys").fetchone()[0] == 1
    assert pragma("PRAGMA busy_timeout").fetchone()[0] == 10_000
