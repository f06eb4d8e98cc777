"""How fast the register's lists answer with 50,000 commissioners (not a timed test).

    uv run python -m tests.benchmarks.register_list [--count 50000]

Generates the register in a temporary database with bulk inserts (a generator, not a service:
no change log), then times what the officer does in the list screen: open it (first page and
count), change a filter, and type a search letter by letter, through the same model the screen
uses.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pypinyin import Style, lazy_pinyin

from app import i18n, session
from db import models
from db.database import database

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蔡"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华慧建国文斌鹏辉玲晨阳雪梅鑫宇"
_keys: dict[str, tuple[str, str]] = {}


def keys(char: str) -> tuple[str, str]:
    if char not in _keys:
        _keys[char] = (lazy_pinyin(char)[0], lazy_pinyin(char, style=Style.FIRST_LETTER)[0])
    return _keys[char]


def pinyin(name: str) -> tuple[str, str]:
    parts = [keys(c) for c in name]
    return "".join(p for p, _i in parts), "".join(i for _p, i in parts)


def generate(count: int, seed: int = 1) -> None:
    r = random.Random(seed)
    streets = [d.id for d in models.Dictionary.select().where(models.Dictionary.kind == "street")]
    fields = [d.code for d in models.Dictionary.select()
              .where(models.Dictionary.kind == "industry_field")]
    with database.atomic():
        orgs = []
        for i in range(max(count // 25, 10)):
            name = f"泉州{r.choice(SURNAMES)}{r.choice(GIVEN)}科技有限公司{i}"
            full, initials = pinyin(name[:-len(str(i))])
            orgs.append({"uuid": f"o-{i}", "name": name, "name_pinyin": full + str(i),
                         "name_initials": initials, "street": r.choice(streets),
                         "industry_field": r.choice(fields), "org_type": "enterprise"})
        for chunk in range(0, len(orgs), 500):
            models.Organization.insert_many(orgs[chunk:chunk + 500]).execute()
        org_ids = [o.id for o in models.Organization.select(models.Organization.id)]
        people, commissioners, appointments = [], [], []
        for i in range(count):
            name = r.choice(SURNAMES) + "".join(r.choices(GIVEN, k=r.choice((1, 2))))
            full, initials = pinyin(name)
            people.append({"uuid": f"p-{i}", "name": name, "name_pinyin": full,
                           "name_initials": initials, "mobile": f"1{r.randint(3, 9)}{i:09d}",
                           "employer": r.choice(org_ids), "gender": r.choice(models.GENDERS)})
        for chunk in range(0, count, 500):
            models.Person.insert_many(people[chunk:chunk + 500]).execute()
        person_ids = [p.id for p in models.Person.select(models.Person.id).order_by(models.Person.id)]
        for i, person_id in enumerate(person_ids):
            commissioners.append({"uuid": f"c-{i}", "kind": "individual", "person": person_id,
                                  "industry_fields": r.choice(fields)})
        for chunk in range(0, count, 500):
            models.Commissioner.insert_many(commissioners[chunk:chunk + 500]).execute()
        today = date.today()
        for i, c in enumerate(models.Commissioner.select(models.Commissioner.id)):
            for level in r.sample(("provincial", "municipal"), r.choice((1, 1, 2))):
                start = today - timedelta(days=r.randint(0, 1400))
                appointments.append({"uuid": f"a-{i}-{level}", "commissioner": c.id,
                                     "level": level, "year": start.year, "term_start": start,
                                     "term_end": start + timedelta(days=3 * 365),
                                     "status": r.choice(("active",) * 8 + ("withdrawn",
                                                                          "recommended"))})
        for chunk in range(0, len(appointments), 500):
            models.Appointment.insert_many(appointments[chunk:chunk + 500]).execute()
    database.execute_sql("ANALYZE")


def timed(label: str, action, wait, repeat: int = 3) -> None:
    """Time how long ``action`` holds the UI thread, and how long until its first page shows."""
    blocked, shown = [], []
    for _i in range(repeat):
        started = time.perf_counter()
        action()
        blocked.append(time.perf_counter() - started)
        wait()
        shown.append(time.perf_counter() - started)
    print(f"{label:<40} first page {min(shown) * 1000:7.1f} ms "
          f"(median {statistics.median(shown) * 1000:6.1f})   UI thread held "
          f"{max(blocked) * 1000:6.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=50_000)
    args = parser.parse_args()
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from ui.views.commissioners import CommissionersView

    folder = Path(tempfile.mkdtemp(prefix="cdesk-bench-"))
    session.open_session(folder / "bench.db")
    i18n.set_language("zh_CN")
    started = time.perf_counter()
    generate(args.count)
    print(f"generated {args.count} commissioners in {time.perf_counter() - started:.1f} s "
          f"({folder / 'bench.db'})")
    app = QApplication.instance() or QApplication([])
    view = CommissionersView()
    view.resize(1200, 700)
    view.show()
    model = view.model

    def wait() -> None:
        while model.loading:
            app.processEvents()
            time.sleep(0.001)
        assert model.rowCount() > 0

    def apply(**change):
        return lambda: view.apply(**change)

    timed("open the list (first page + count)", apply(text="", filters={}), wait)
    timed("change a filter (level = provincial)", apply(filters={"level": "provincial"}), wait)
    timed("filter: expiring within N days", apply(filters={"expiring": True}), wait)
    timed("filter: municipal + expired", apply(filters={"level": "municipal",
                                                         "status": "expired"}), wait)
    view.apply(filters={})
    wait()
    timed("sort by employer", lambda: view.table.sortByColumn(
        view.column("employer"), Qt.SortOrder.AscendingOrder), wait)
    view.table.sortByColumn(view.column("name"), Qt.SortOrder.AscendingOrder)
    wait()
    for text in ("z", "zw", "zhang", "张", "张伟", "138", "13800"):
        timed(f"type search {text!r}", apply(text=text, filters={}), wait)
    view.apply(text="", filters={})
    wait()

    def scroll() -> None:
        started = time.perf_counter()
        model.fetchMore()
        return time.perf_counter() - started

    took = [scroll() for _i in range(5)]
    print(f"{'scroll: fetch the next page':<40} {min(took) * 1000:7.1f} ms "
          f"(median {statistics.median(took) * 1000:6.1f}, on the UI thread)")
    view.close()
    session.close_session()


if __name__ == "__main__":
    main()
