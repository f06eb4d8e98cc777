"""How the register's search matches a query's text (``app.search.lists`` builds the lists on it).

On SQLite, names, phones, ID numbers and credit codes are found through the trigram FTS5
indexes of migration 0003 (of people, organizations, and what a commissioner is found by): a
query of three or more characters is a phrase of trigrams (a substring), a name of one or two
characters a prefix of the index's terms (each name ends in two END, so every character of it
starts a term). On PostgreSQL the same conditions are LIKE, which pg_trgm indexes answer where
the server has them.
"""

from __future__ import annotations

import re

from peewee import SQL

from app.core import validation
from db import database as dbmod
from db import models

INDEXED = (models.Person, models.Organization)
START, END = chr(2), chr(3)  # what the indexes put before pinyin keys, after values


def query_text(text: str | None) -> str:
    """Typed search text without control characters, which no stored value holds (and which
    PostgreSQL refuses: a NUL in a parameter is an error), trimmed."""
    return re.sub(r"[\x00-\x1f\x7f]+", " ", text or "").strip()


def normalize_query(text: str) -> str:
    return re.sub(r"\s+", "", query_text(validation.normalize(text)))


def upper_bound(text: str) -> str:
    """The first text after every text that starts with ``text``."""
    return text[:-1] + chr(ord(text[-1]) + 1)


def prefix(column, text: str):
    """``column`` starts with ``text``, as a range the column's index can answer (LIKE 'zw%'
    cannot use it: SQLite's LIKE ignores case and the index does not)."""
    return (column >= text) & (column < upper_bound(text))


def indexed(model) -> bool:
    return dbmod.is_sqlite() and getattr(model, "model", model) in INDEXED


def phrase(value: str) -> str:
    """An FTS5 query for ``value`` as it is (quoted, so no character is an operator)."""
    return '"' + value.replace('"', '""') + '"'


def index_sql(index: str, column: str, value: str) -> tuple[str, list]:
    """A SELECT of the rowids of ``{index}_fts`` whose ``column`` contains ``value``: a phrase of
    trigrams, or for a name of one or two characters the index's terms that begin with it."""
    mark = dbmod.database.param
    if len(value) >= 3:
        return f'SELECT rowid FROM "{index}_fts" WHERE "{column}" MATCH {mark}', [phrase(value)]
    folded = value.lower()  # as the index keeps its terms
    return (f'SELECT DISTINCT "doc" FROM "{index}_terms" WHERE "term" >= {mark} '
            f'AND "term" < {mark}',
            [folded, upper_bound(folded)])


def in_index(model, index: str, column: str, value: str):
    sql, params = index_sql(f"{getattr(model, 'model', model)._meta.table_name}_{index}", column,
                             value)
    return model.id.in_(SQL(f"({sql})", params))


def name_contains(model, text: str):
    """The name of ``model`` (a model or an alias of one) contains ``text``."""
    return in_index(model, "name", "name", text) if indexed(model) else model.name.contains(text)


def name_match(model, text: str):
    """Name by substring; pinyin and initials by prefix (only for Latin letters)."""
    condition = name_contains(model, text)
    if text.isascii() and text.isalpha():
        condition |= prefix(model.name_initials, text.lower()) | prefix(model.name_pinyin,
                                                                         text.lower())
    return condition


def number_kinds(text: str) -> tuple[bool, bool, bool]:
    """Whether ``text`` can be part of a phone (≥ 3 digits), the end of an ID number (≥ 4) or part
    of a credit code (≥ 4 characters)."""
    return (text.isdigit() and len(text) >= 3,
            bool(re.fullmatch(r"\d{3,17}[0-9Xx]?", text)) and len(text) >= 4,
            text.isalnum() and text.isascii() and len(text) >= 4)


def number_match(text: str, phone_columns=(), id_columns=(), code_columns=()):
    """Phones by substring (≥ 3 digits), ID numbers by their last digits (≥ 4), credit codes by
    substring (≥ 4 characters). Columns of an indexed model are found through its index."""
    phone, id_number, code = number_kinds(text)
    conditions = []
    for wanted, columns, indexed_value, plain in (
            (phone, phone_columns, text, lambda c: c.contains(text)),
            (id_number, id_columns, text.upper() + END, lambda c: c.endswith(text.upper())),
            (code, code_columns, text.upper(), lambda c: c.contains(text.upper()))):
        for column in columns if wanted else ():
            if indexed(column.model):
                conditions.append(in_index(column.model, "number", column.name, indexed_value))
            else:
                conditions.append(plain(column))
    return any_of(*conditions)


def any_of(*conditions):
    result = None
    for condition in conditions:
        if condition is not None:
            result = condition if result is None else result | condition
    return result


def commissioner_wanted(text: str) -> tuple[tuple[str, str], ...]:
    """Each search column of the commissioner (migration 0003) and what it must contain to match
    ``text`` ("" when it cannot): names by substring, pinyin keys by prefix (after START), phones,
    the end of ID numbers (before END) and credit codes as ``number_match``."""
    phone, id_number, code = number_kinds(text)
    keys = ""
    if text.isascii() and text.isalpha():  # one letter: the first one, kept after two START
        keys = (START if len(text) > 1 else START * 2) + text.lower()
    return (("search_names", text), ("search_keys", keys), ("search_phones", phone and text),
            ("search_ids", id_number and text.upper() + END),
            ("search_codes", code and text.upper()))


def commissioner_ids(text: str) -> tuple[str, list]:
    """SQLite: a SELECT of the ids of the commissioners found by ``text``, through the FTS5
    indexes: names, and the other columns in one query of their index. Written as SQL: it is
    built on each keystroke, and peewee took longer to build it than the database to answer."""
    wanted = [(column, value) for column, value in commissioner_wanted(text) if value]
    names = [index_sql("commissioner_name", c, v) for c, v in wanted if c == "search_names"]
    codes = [f"{{{c}}} : {phrase(v)}" for c, v in wanted if c != "search_names"]
    parts = names + ([('SELECT rowid FROM "commissioner_code_fts" WHERE "commissioner_code_fts" '
                       f"MATCH {dbmod.database.param}", [" OR ".join(codes)])] if codes else [])
    return " UNION ALL ".join(sql for sql, _p in parts), [p for _sql, ps in parts for p in ps]
