"""The dictionaries are read once per language: table models name codes in data() without SQL."""

import logging

from app.core import dictionaries, i18n
from app.data import session
from db import changelog
from db.models import Dictionary


def statements_during(action) -> list[str]:
    """The SQL run by ``action``, as peewee logs each statement (on either database)."""
    seen: list[str] = []
    handler = logging.Handler(logging.DEBUG)
    handler.emit = lambda record: seen.append(record.getMessage())
    logger = logging.getLogger("peewee")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        action()
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    return seen


def first_field() -> Dictionary:
    return (Dictionary.live().where(Dictionary.kind == "industry_field")
            .order_by(Dictionary.sort_order, Dictionary.id).first())


def test_names_are_read_once_per_language():
    entry = first_field()
    assert statements_during(lambda: dictionaries.names("industry_field"))
    assert statements_during(lambda: dictionaries.names("industry_field")) == []
    assert dictionaries.names("industry_field")[entry.code] == (entry.name_en or entry.name)
    i18n.set_language("zh_CN")
    assert dictionaries.names("industry_field")[entry.code] == entry.name


def test_an_edit_is_read_at_once():
    entry = first_field()
    assert dictionaries.names("industry_field")[entry.code] != "Bionics"
    with changelog.batch("Rename an industry field"):
        entry.name_en = "Bionics"
        entry.save()
    assert dictionaries.names("industry_field")[entry.code] == "Bionics"
    assert dictionaries.entries("industry_field")[0].name == "Bionics"


def test_another_database_is_read_afresh(tmp_path, database):
    entry = first_field()
    dictionaries.names("industry_field")
    session.close_session()
    session.open_session(tmp_path / "other.db")
    with changelog.batch("Rename an industry field"):
        Dictionary.update(name_en="Bionics").where(Dictionary.id == entry.id).execute()
    session.close_session()
    session.open_session(database.target)
    assert dictionaries.names("industry_field")[entry.code] != "Bionics"
    session.close_session()
    session.open_session(tmp_path / "other.db")
    assert dictionaries.names("industry_field")[entry.code] == "Bionics"
