"""The register's search and sort, through the same call the commissioner list makes.

``search_p95``: from a keystroke to the first page of results (page and count, as
``ui.register.model`` loads them) for queries of 1–4 characters (Chinese, pinyin initials,
digits); baseline: a naive ``LIKE '%q%'`` over the same columns through the plain driver (sqlite3,
or psycopg2 on PostgreSQL), first page and count alike. ``sort_first_page``: the first page after a
click on each column header, either way; the worst column counts; its baseline is the first page in
the default (name) order.
"""

from __future__ import annotations

import random
import sqlite3
import time

from app.search import lists as search
from tests.benchmarks.harness import Figure, p95
from ui.register.model import _first_page

SEARCH_TARGET_MS = 50
SORT_TARGET_MS = 100

NAIVE_WHERE = ("c.deleted_at IS NULL AND (p.name LIKE {q} OR p.name_pinyin LIKE {q} "
               "OR p.name_initials LIKE {q} OR p.mobile LIKE {q} OR p.id_number LIKE {q} "
               "OR e.name LIKE {q} OR l.name LIKE {q} OR c.team_name LIKE {q})")
NAIVE_FROM = ("FROM commissioner c LEFT JOIN person p ON p.id = c.person_id "
              "LEFT JOIN organization e ON e.id = p.employer_id "
              "LEFT JOIN organization l ON l.id = c.organization_id")


class Plain:
    """The database through its plain driver: sqlite3 for a file, psycopg2 for a URL."""

    def __init__(self, target):
        if "://" in str(target):
            import psycopg2

            self.connection, self.q = psycopg2.connect(str(target)), "%(q)s"
        else:
            self.connection, self.q = sqlite3.connect(target), ":q"

    def execute(self, sql: str, params=()):
        cursor = self.connection.cursor()
        cursor.execute(sql, params)
        return cursor

    def close(self) -> None:
        self.connection.close()


def queries(db: Plain, count: int, seed: int = 9) -> list[str]:
    """What an officer types: parts of real names, their pinyin initials, and phone digits."""
    r = random.Random(seed)
    people = db.execute("SELECT name, name_initials, mobile FROM person WHERE mobile != '' "
                        "ORDER BY id LIMIT 2000").fetchall()
    result = []
    while len(result) < count:
        name, initials, mobile = r.choice(people)
        kind = len(result) % 3
        if kind == 0:
            result.append(name[:r.randint(1, min(4, len(name)))])
        elif kind == 1:
            result.append(initials[:r.randint(1, min(4, len(initials)))])
        else:
            start = r.randint(0, len(mobile) - 4)
            result.append(mobile[start:start + r.randint(1, 4)])
    return result


def _naive(db: Plain, text: str) -> None:
    like = {"q": f"%{text}%"}
    where = NAIVE_WHERE.format(q=db.q)
    db.execute(f"SELECT c.id, p.name, p.mobile {NAIVE_FROM} WHERE {where} "
               "ORDER BY p.name_pinyin, c.id LIMIT 101", like).fetchall()
    db.execute(f"SELECT COUNT(*) {NAIVE_FROM} WHERE {where}", like).fetchone()


def _each_ms(action, texts: list[str], repeat: int) -> list[float]:
    """Per text, the median of ``repeat`` runs (after one warm-up pass over all texts)."""
    for text in texts:
        action(text)
    result = []
    for text in texts:
        took = []
        for _i in range(repeat):
            started = time.perf_counter()
            action(text)
            took.append(time.perf_counter() - started)
        result.append(sorted(took)[len(took) // 2] * 1000)
    return result


def search_p95(target, size: dict) -> Figure:
    """``target``: the open database's file or URL."""
    plain = Plain(target)
    texts = queries(plain, size["queries"])
    ours = _each_ms(lambda t: _first_page(search.ListQuery("commissioners", t)), texts,
                    size["repeat"])
    naive = _each_ms(lambda t: _naive(plain, t), texts, size["repeat"])
    plain.close()
    value, baseline = p95(ours), p95(naive)
    return Figure("search_p95", round(value, 2), "ms", round(baseline, 2),
                  f"<= {SEARCH_TARGET_MS} ms and ratio <= 1.0",
                  value <= SEARCH_TARGET_MS and value <= baseline)


def sort_first_page(size: dict) -> Figure:
    def first(sort: str, descending: bool) -> None:
        _first_page(search.ListQuery("commissioners", sort=sort, descending=descending))

    columns = [(key, d) for key in search.sort_keys("commissioners") for d in (False, True)]
    worst = max(_each_ms(lambda c: first(*c), columns, size["repeat"]))
    baseline = _each_ms(lambda c: first(*c), [("name", False)], size["repeat"])[0]
    return Figure("sort_first_page", round(worst, 2), "ms", round(baseline, 2),
                  f"<= {SORT_TARGET_MS} ms", worst <= SORT_TARGET_MS)
