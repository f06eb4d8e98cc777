import shutil
import sqlite3

import peewee
import pytest

from app import session
from db import database as dbmod
from db import migrations, models
from db.migrations import schema_sql
from tests.conftest import REPO

V1_FILE = REPO / "tests" / "data" / "schema_v1.db"


def table_columns(db: peewee.Database) -> dict[str, set[str]]:
    return {
        table: {column.name for column in db.get_columns(table)}
        for table in db.get_tables()
        if table != "schema_version"
    }


def test_fresh_database_is_built_by_the_migrations(database):
    assert migrations.current_version() == migrations.LATEST
    migrated = table_columns(dbmod.database)
    expected = {
        model._meta.table_name: {f.column_name for f in model._meta.sorted_fields}
        for model in models.ALL_MODELS
    }
    assert migrated == expected, "models and migrations disagree: add a migration"
    streets = models.Dictionary.select().where(models.Dictionary.kind == "street").count()
    assert streets == 8


def test_stored_sql_matches_the_models_it_was_made_from():
    # The v1 DDL is frozen in files; a model change must come with a new migration instead.
    stored = (REPO / "db" / "migrations" / "0001_initial.sqlite.sql").read_text("utf-8")
    assert [s for s in stored.split(";\n") if s.strip()] == schema_sql.create_statements("sqlite")


def test_version_1_file_opens_and_keeps_its_data(tmp_path):
    session.close_session()
    copy = tmp_path / "v1.db"
    shutil.copy(V1_FILE, copy)
    info = session.open_session(copy)
    assert info.schema_version == migrations.LATEST
    person = models.Person.get(models.Person.name == "张伟")
    assert person.employer.name == "鸿星尔克（中国）实业有限公司"
    assert person.commissioners.get().appointments.get().level == "provincial"


def test_migrating_backs_up_the_file_first(tmp_path, monkeypatch):
    session.close_session()
    copy = tmp_path / "v1.db"
    shutil.copy(V1_FILE, copy)
    seen = []

    def step_two():
        seen.append(sorted(p.name for p in tmp_path.glob("v1.v1.*.bak")))
        dbmod.database.execute_sql('ALTER TABLE "person" ADD COLUMN "nickname" TEXT')

    monkeypatch.setattr(migrations, "STEPS", [*migrations.STEPS, step_two])
    monkeypatch.setattr(migrations, "LATEST", 2)
    session.open_session(copy)
    assert len(seen) == 1 and len(seen[0]) == 1, "the backup exists before the step runs"
    backup = tmp_path / seen[0][0]
    with sqlite3.connect(backup) as old:
        assert old.execute('SELECT MAX("version") FROM "schema_version"').fetchone() == (1,)
        assert old.execute('SELECT name FROM "person"').fetchall() == [("张伟",)]
    assert migrations.current_version() == 2


def test_newer_database_is_refused_with_a_clear_message(tmp_path):
    session.close_session()
    path = tmp_path / "newer.db"
    session.open_session(path)
    dbmod.database.execute_sql(
        'INSERT INTO "schema_version" ("version", "applied_at") VALUES (?, ?)', (99, "2030-01-01")
    )
    session.close_session()
    with pytest.raises(migrations.SchemaTooNewError, match="newer Commissioner Desk"):
        session.open_session(path)
    assert dbmod.database.is_closed()


def test_sqlite_pragmas_are_set(database):
    pragma = dbmod.database.execute_sql
    assert pragma("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert pragma("PRAGMA foreign_keys").fetchone()[0] == 1
    assert pragma("PRAGMA busy_timeout").fetchone()[0] == 10_000
