"""Importing commissioner rows with validation, against reading the same file as the import does.

The file is what an officer receives: one new individual commissioner per row (valid ID numbers,
existing employers, dictionary fields and streets). Each import runs inside a transaction that is
rolled back, so every run meets the same register; the baseline reads every cell of the file
with python-calamine, as the import does, so the ratio is the cost of the checks and writes.
"""

from __future__ import annotations

import random
import time
from datetime import date, timedelta
from pathlib import Path

from stdnum.cn import ric

from app import demo
from app.exchange import sheets
from app.exchange.import_register import COMMISSIONER_COLUMNS
from app.exchange.importing import run_import
from db import database as dbmod
from db import models
from tests.benchmarks.harness import Figure, median_time, ratio_figure

TARGET = 2.0


def write_file(path: Path, rows: int, seed: int = 10) -> Path:
    r = random.Random(seed)
    employers = [name for (name,) in models.Organization.select(models.Organization.name)
                 .order_by(models.Organization.id).limit(500).tuples()]
    fields = [d.name for d in models.Dictionary.select().where(
        models.Dictionary.kind == "industry_field")]
    streets = [d.name for d in models.Dictionary.select().where(
        models.Dictionary.kind == "street")]
    headers = [c.header for c in COMMISSIONER_COLUMNS]
    lines = []
    for i in range(rows):
        # Born after everyone generated, so each row is a new person.
        birth = date(1996, 1, 1) + timedelta(days=i // 500)
        male = r.random() < 0.6
        first17 = f"350502{birth:%Y%m%d}{i % 500 * 2 + male:03d}"  # odd for a man
        values = {
            "kind": "个人", "name": r.choice(demo.SURNAMES) + "".join(
                r.sample(demo.GIVEN[male], r.choice((1, 2)))),
            "gender": "男" if male else "女",
            "id_number": first17 + ric.calc_check_digit(first17 + "0"),
            "mobile": f"199{i:08d}", "employer": r.choice(employers), "title": "工程师",
            "fields": r.choice(fields), "level": "省级", "year": 2026,
            "term_start": date(2026, 1, 1), "term_end": date(2028, 12, 31), "status": "已认定",
            "streets": r.choice(streets)}
        lines.append([values.get(c.key) for c in COMMISSIONER_COLUMNS])
    return sheets.write_xlsx(path, headers, lines)


def _read_plain(path: Path) -> None:
    import python_calamine

    with python_calamine.load_workbook(path) as book:
        book.get_sheet_by_index(0).to_python(skip_empty_area=False)


def _import_and_roll_back(path: Path, rows: int) -> None:
    with dbmod.database.atomic() as transaction:
        report = run_import("commissioners", path).detail
        transaction.rollback()
    rejected = [r for r in report.rows if r.status == "rejected"]
    assert not rejected and len(report.rows) == rows, rejected[:3]


def figure(folder: Path, size: dict) -> Figure:
    """CPU seconds, both single-threaded."""
    rows = size["import_rows"]
    path = write_file(folder / "commissioners.xlsx", rows)
    _import_and_roll_back(write_file(folder / "warm-up.xlsx", 20), 20)
    repeat = size["heavy_repeat"]
    baseline = median_time(lambda: _read_plain(path), repeat, time.process_time)
    ours = median_time(lambda: _import_and_roll_back(path, rows), repeat, time.process_time,
                       warm_up=False)
    return ratio_figure("import_xlsx", ours, baseline, "s", TARGET)
