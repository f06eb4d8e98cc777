import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from app.core.errors import UserError
from app.data import session
from app.search import lists as search
from db import database as dbmod
from db import migrations, models
from db.migrations import schema_sql
from tests.conftest import REPO
from tests.db import schema_shape
from tests.db.test_search_index import assert_in_sync


def search_indexes() -> set[str]:
    """The FTS5 tables of the search and their shadow tables: no model describes them (nor are
    they on PostgreSQL)."""
    if not dbmod.is_sqlite():
        return set()
    virtual = [name for (name,) in dbmod.database.execute_sql(
        "SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%'")]
    return {table for table in dbmod.database.get_tables()
            if any(table == name or table.startswith(name + "_") for name in virtual)}


@pytest.mark.sqlite_only("compared with SQLite's statements; test_postgres.py compares PostgreSQL's")
def test_the_migrations_build_the_tables_the_models_declare(database):
    """Each table's columns (type, NOT NULL, default), foreign keys and indexes, as SQLite reads
    them back, against the tables the models' own CREATE statements make."""
    models_made = schema_shape.declared(dbmod.database, schema_sql.create_statements("sqlite"))
    assert schema_shape.disagreements(
        schema_shape.shape(dbmod.database), models_made,
        schema_shape.model_defaults(models.ALL_MODELS, sqlite=True)) == []
    assert set(models_made) == {m._meta.table_name for m in models.ALL_MODELS}


@pytest.mark.sqlite_only("compared with SQLite's statements; test_postgres.py compares PostgreSQL's")
def test_the_comparison_sees_every_kind_of_difference(database):
    models_made = schema_shape.declared(dbmod.database, schema_sql.create_statements("sqlite"))
    for change in ('ALTER TABLE "person" ADD COLUMN "nickname" TEXT',
                   'ALTER TABLE "organization" ADD COLUMN "motto" TEXT NOT NULL DEFAULT \'\'',
                   'DROP INDEX "person_mobile"',
                   'CREATE INDEX "demand_budget" ON "demand" ("budget")',
                   'ALTER TABLE "event" ADD COLUMN "host_id" INTEGER REFERENCES "organization" ("id")'):
        dbmod.database.execute_sql(change)
    assert schema_shape.disagreements(
        schema_shape.shape(dbmod.database), models_made,
        schema_shape.model_defaults(models.ALL_MODELS, sqlite=True)) == [
        "demand: indexes [('demand_budget', False, ('budget',))] differ",
        'event.host_id: only migrated',
        "event: foreign keys [('host_id', 'organization', 'id', 'NO ACTION')] instead of []",
        'organization.motto: only migrated',
        'person.nickname: only migrated',
        "person: indexes [('person_mobile', False, ('mobile',))] differ"]


@pytest.mark.parametrize("dialect", ["sqlite", "postgres"])
def test_the_generated_statements_of_the_released_steps_are_what_the_generator_writes(dialect):
    """The tables of 0002 and the columns of 0003 were generated from the models
    (``schema_sql``), for both dialects; the generator still writes them word for word."""
    folder = Path(migrations.__file__).parent
    packages = [models.PackageManifest, models.PackageBase, models.PackageMerge]
    assert schema_sql.create_statements(dialect, packages) == [
        line.removesuffix(";") for line in
        (folder / f"0002_field_packages.{dialect}.sql").read_text("utf-8").splitlines()]
    added = [models.Commissioner._meta.fields[name] for name in models.Commissioner.trigger_fields]
    assert schema_sql.add_column_statements(dialect, added) == [
        line.removesuffix(";") for line in
        (folder / f"0003_search.{dialect}.sql").read_text("utf-8").splitlines()
        if line.startswith("ALTER TABLE")]


def test_fresh_database_is_built_by_the_migrations(database):
    assert migrations.current_version() == migrations.LATEST
    streets = models.Dictionary.select().where(models.Dictionary.kind == "street").count()
    assert streets == 8


# The files of the released versions (tests/data/fill_every_table.py made them, with the program
# of each release): rows in every table, edits and a soft delete in the change log.
RELEASED = {version: REPO / "tests" / "data" / f"schema_v{version}.db" for version in (1, 2, 3, 4)}


def rows(connection: sqlite3.Connection, table: str, columns: list[str]) -> list[tuple]:
    names = ", ".join(f'"{c}"' for c in columns)
    return connection.execute(f'SELECT {names} FROM "{table}" ORDER BY rowid').fetchall()


def stored(path) -> dict[str, tuple[list[str], list[tuple]]]:
    """Every row of the file's tables, but for what the database keeps for itself (statistics,
    the search index's own tables, which the migrations rebuild)."""
    with closing(sqlite3.connect(path)) as old:
        virtual = [n for (n,) in old.execute(
            "SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%'")]
        tables = [n for (n,) in old.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                            "AND name NOT LIKE 'sqlite_%'")
                  if not any(n == v or n.startswith(v + "_") for v in virtual)]
        found = {}
        for table in tables:
            columns = [row[1] for row in old.execute(f'PRAGMA table_info("{table}")')]
            found[table] = (columns, rows(old, table, columns))
    return found


def definitions() -> set[tuple]:
    """The views, triggers and virtual tables of the open database, as written."""
    return set(dbmod.database.execute_sql(
        "SELECT type, name, sql FROM sqlite_master WHERE type IN ('view', 'trigger') "
        "OR sql LIKE 'CREATE VIRTUAL TABLE%'").fetchall())


@pytest.mark.sqlite_only("the released versions are database files; test_postgres.py upgrades a "
                          "server's schema from each")
@pytest.mark.parametrize("version", sorted(RELEASED))
def test_a_released_version_is_upgraded_with_every_row_intact(tmp_path, version):
    """The file of each released version becomes what a new database is (tables, indexes,
    triggers, views), after a backup, and every row it held is there unchanged; the search
    columns and indexes it lacked are built for them."""
    fresh = schema_shape.shape(dbmod.database), definitions()
    session.close_session()
    copy = tmp_path / f"v{version}.db"
    shutil.copy(RELEASED[version], copy)
    before = stored(copy)
    assert sum(len(found) for _columns, found in before.values()) > 100
    assert all(found for table, (_columns, found) in before.items() if table != "sqlite_stat1")

    info = session.open_session(copy)
    assert info.schema_version == migrations.LATEST > version
    [backup] = tmp_path.glob(f"v{version}.v{version}.*.bak")
    assert stored(backup) == before
    assert (schema_shape.shape(dbmod.database), definitions()) == fresh
    connection = dbmod.database.connection()
    for table, (columns, found) in before.items():
        if table == "schema_version":
            assert rows(connection, table, columns)[:version] == found
        elif table != "sqlite_stat1":  # ANALYZE's statistics
            assert rows(connection, table, columns) == found, table
    assert_in_sync()
    assert search.page(search.ListQuery("commissioners", "海天")).rows


def test_the_backup_exists_before_any_step_runs(tmp_path, monkeypatch):
    session.close_session()
    copy = tmp_path / "v1.db"
    shutil.copy(RELEASED[1], copy)
    seen = []

    def next_step(db):
        seen.append(sorted(p.name for p in tmp_path.glob("v1.v1.*.bak")))
        db.execute_sql('ALTER TABLE "person" ADD COLUMN "nickname" TEXT')

    monkeypatch.setattr(migrations, "STEPS", [*migrations.STEPS, next_step])
    monkeypatch.setattr(migrations, "LATEST", len(migrations.STEPS))
    session.open_session(copy)
    assert len(seen) == 1 and len(seen[0]) == 1
    with sqlite3.connect(tmp_path / seen[0][0]) as old:
        assert old.execute('SELECT name FROM "person"').fetchall() == [("张伟",), ("李娜（改）",)]
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
