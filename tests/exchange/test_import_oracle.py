"""Generated workbooks and CSV files with every accepted and refused form of a date, an ID number
and a mobile: each row is stored with exactly the values it states, or refused in the column at
fault. Nothing in between."""

from __future__ import annotations

import csv
import io
from datetime import date

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.exchange import importing
from db import models
from db.database import database
from tests.exchange.conftest import full_width, resident_id

HEADERS = ["特派员类型", "姓名", "身份证号", "手机", "层级", "选认年度", "服务期起"]
EPOCH = date(1899, 12, 30)

# form → (how the cell is written, whether it is read exactly, whether a CSV can hold it)
DATE_FORMS = {
    "date cell": (lambda d: d, True, False),
    "iso": (lambda d: d.isoformat(), True, True),
    "slashes": (lambda d: f"{d.year}/{d.month}/{d.day}", True, True),
    "dots": (lambda d: f"{d.year}.{d.month}.{d.day}", True, True),
    "chinese": (lambda d: f"{d.year}年{d.month}月{d.day}日", True, True),
    "digits": (lambda d: f"{d:%Y%m%d}", True, True),
    "digits number": (lambda d: int(f"{d:%Y%m%d}"), True, False),
    "full-width": (lambda d: full_width(d.isoformat()), True, True),
    "month": (lambda d: f"{d.year}.{d.month}", False, True),
    "year": (lambda d: str(d.year), False, True),
    "serial number": (lambda d: (d - EPOCH).days, False, False),
    "serial text": (lambda d: str((d - EPOCH).days), False, True),
}
ID_FORMS = {
    "text": (lambda n: n, True, True),
    "lower x": (lambda n: n.lower(), True, True),
    "full-width": (lambda n: full_width(n), True, True),
    "spaced": (lambda n: f" {n[:6]} {n[6:14]} {n[14:]} ", True, True),
    "number": (lambda n: int(n) if n[-1] != "X" else n[:-1], False, False),
}
MOBILE_FORMS = {
    "text": (lambda m: m, True, True),
    "number": (lambda m: int(m), True, False),
    "full-width": (lambda m: full_width(m), True, True),
    "dashes": (lambda m: f"{m[:3]}-{m[3:7]}-{m[7:]}", True, True),
}


@st.composite
def rows(draw, csv_file: bool):
    def form(forms):
        return draw(st.sampled_from([k for k, v in forms.items() if v[2] or not csv_file]))

    people = draw(st.lists(st.tuples(st.dates(date(1940, 1, 1), date(2004, 12, 31)),
                                     st.integers(0, 99), st.booleans()),
                           min_size=1, max_size=4, unique_by=lambda p: p[:2]))
    found = []
    for i, (born, sequence, male) in enumerate(people):
        found.append({
            "id": resident_id(born, sequence, male), "id_form": form(ID_FORMS),
            "mobile": f"139{draw(st.integers(0, 10 ** 8 - 1)):08d}", "mobile_form": form(MOBILE_FORMS),
            "start": draw(st.dates(date(1990, 1, 1), date(2099, 12, 31))),
            "start_form": form(DATE_FORMS), "name": f"测试，{i}号" if csv_file else f"测试{i}号"})
    return found


def _cells(row: dict) -> list:
    return ["个人", row["name"], ID_FORMS[row["id_form"]][0](row["id"]),
            MOBILE_FORMS[row["mobile_form"]][0](row["mobile"]), "省级", 2024,
            DATE_FORMS[row["start_form"]][0](row["start"])]


def _check(path, generated: list[dict]) -> None:
    """Import inside a transaction rolled back afterwards, and hold every row to the oracle."""
    with database.atomic() as transaction:
        report = importing.run_import("commissioners", path)
        results = {r.row: r for r in report.rows}
        for number, row in enumerate(generated, start=2):
            refused = {header for header, forms, key in (
                ("身份证号", ID_FORMS, "id_form"), ("手机", MOBILE_FORMS, "mobile_form"),
                ("服务期起", DATE_FORMS, "start_form")) if not forms[row[key]][1]}
            result = results[number]
            if refused:
                assert result.status == "rejected" and result.column in refused, (row, result)
                assert result.reason
                assert not models.Person.select().where(
                    models.Person.id_number == row["id"]).exists()
                continue
            assert result.status == "added", (row, result)
            person = models.Person.get(models.Person.id_number == row["id"])
            assert (person.name, person.mobile) == (row["name"], row["mobile"])
            commissioner = models.Commissioner.get(models.Commissioner.person == person.id)
            [appointment] = models.Appointment.select().where(
                models.Appointment.commissioner == commissioner.id)
            assert appointment.term_start == row["start"], row
        transaction.rollback()


SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])


@SETTINGS
@given(generated=rows(csv_file=False))
def test_workbook_cells_are_stored_exactly_or_refused(generated, tmp_path):
    book = openpyxl.Workbook()
    book.active.append(HEADERS)
    for row in generated:
        book.active.append(_cells(row))
    path = tmp_path / "generated.xlsx"
    book.save(path)
    _check(path, generated)


@SETTINGS
@given(generated=rows(csv_file=True),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16"]),
       delimiter=st.sampled_from([",", "\t"]))
def test_csv_cells_are_stored_exactly_or_refused(generated, encoding, delimiter, tmp_path):
    text = io.StringIO(newline="")
    writer = csv.writer(text, delimiter=delimiter)
    writer.writerow(HEADERS)
    for row in generated:
        writer.writerow(_cells(row))
    path = tmp_path / "generated.csv"
    path.write_bytes(text.getvalue().encode(encoding))
    _check(path, generated)
