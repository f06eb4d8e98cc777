"""Generated workbooks and CSV files with every accepted and refused form of a date, an ID number,
a mobile, a name and a number with its unit: each row is stored with exactly the values it states,
or refused in the column at fault. Nothing in between."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.exchange import importing
from app.exchange.sheets import header_text
from app.register import commissioners as cs
from app.register import people as registry
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
    # the ID number of someone born in the 1900s as it was before 1999: converted to 18 digits
    "15 digits": (lambda n: n[:6] + n[8:17], True, True),
    "15-digit number": (lambda n: int(n[:6] + n[8:17]), True, False),
}
# form → (how the i-th name is written, what is stored)
NAME_FORMS = {
    "plain": (lambda i: f"测试{i}号", lambda i: f"测试{i}号"),
    "punctuation": (lambda i: f"泉州（鲤城）测试，{i}号：", lambda i: f"泉州（鲤城）测试，{i}号："),
    "full-width space inside": (lambda i: f"陈\u3000测试{i}", lambda i: f"陈\u3000测试{i}"),
    "spaces around": (lambda i: f"\u3000 测试{i}号 ", lambda i: f"测试{i}号"),
}
MOBILE_FORMS = {
    "text": (lambda m: m, True, True),
    "number": (lambda m: int(m), True, False),
    "full-width": (lambda m: full_width(m), True, True),
    "dashes": (lambda m: f"{m[:3]}-{m[3:7]}-{m[7:]}", True, True),
}


@st.composite
def rows(draw, csv_file: bool):
    def form(forms, skip=()):
        return draw(st.sampled_from([k for k, v in forms.items()
                                     if (v[2] or not csv_file) and k not in skip]))

    people = draw(st.lists(st.tuples(st.dates(date(1940, 1, 1), date(2004, 12, 31)),
                                     st.integers(0, 99), st.booleans()),
                           min_size=1, max_size=4, unique_by=lambda p: p[:2]))
    found = []
    for i, (born, sequence, male) in enumerate(people):
        found.append({
            "id": resident_id(born, sequence, male),
            "id_form": form(ID_FORMS, () if born.year < 2000 else ("15 digits", "15-digit number")),
            "mobile": f"139{draw(st.integers(0, 10 ** 8 - 1)):08d}", "mobile_form": form(MOBILE_FORMS),
            "start": draw(st.dates(date(1990, 1, 1), date(2099, 12, 31))),
            "start_form": form(DATE_FORMS), "number": i,
            "name_form": draw(st.sampled_from(sorted(NAME_FORMS)))})
    return found


def _cells(row: dict) -> list:
    return ["个人", NAME_FORMS[row["name_form"]][0](row["number"]), ID_FORMS[row["id_form"]][0](row["id"]),
            MOBILE_FORMS[row["mobile_form"]][0](row["mobile"]), "省级", 2024,
            DATE_FORMS[row["start_form"]][0](row["start"])]


def _check(path, generated: list[dict]) -> None:
    """Import inside a transaction rolled back afterwards, and hold every row to the oracle."""
    with database.atomic() as transaction:
        report = importing.run_import("commissioners", path).detail
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
            stored = NAME_FORMS[row["name_form"]][1](row["number"])
            assert (person.name, person.mobile) == (stored, row["mobile"])
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


LOG_HEADERS = ["服务日期", "特派员", "服务单位", "服务天数", "带动就业（人）", "产值（万元）"]
# form → (how the cell is written, whether it is read exactly, whether a CSV can hold it)
DAYS_FORMS = {
    "text": (str, True, True),
    "unit": (lambda d: f"{d}天", True, True),
    "full-width": (lambda d: full_width(str(d)) + "天", True, True),
    "number": (float, True, False),
    "other unit": (lambda d: f"{d}小时", False, True),
    "words around": (lambda d: f"约{d}天", False, True),
}
JOBS_FORMS = {
    "text": (str, True, True),
    "unit": (lambda n: f"{n}人", True, True),
    "number": (lambda n: n, True, False),
    "not whole": (lambda n: f"{n}.5人", False, True),
    "other unit": (lambda n: f"{n}个", False, True),
}
OUTPUT_FORMS = {  # the column holds 万元
    "unit": (lambda v: f"{v}万元", True, True),
    "yuan": (lambda v: f"{v * 10000}元", True, True),
    "thousands": (lambda v: f"{v * 10000:,}元", True, True),
    "number": (float, True, False),
    "other unit": (lambda v: f"{v}亿元", False, True),
}
LOG_COLUMNS = (("服务天数", DAYS_FORMS, "days"), ("带动就业（人）", JOBS_FORMS, "jobs"),
               ("产值（万元）", OUTPUT_FORMS, "output"))


@st.composite
def logs(draw, csv_file: bool):
    def form(forms):
        return draw(st.sampled_from([k for k, v in forms.items() if v[2] or not csv_file]))

    days = st.lists(st.dates(date(2020, 1, 1), date(2030, 12, 31)), min_size=1, max_size=4,
                    unique=True)
    return [{"date": day,
             "days": draw(st.decimals(Decimal("0.5"), 366, places=1)), "days_form": form(DAYS_FORMS),
             "jobs": draw(st.integers(0, 10_000)), "jobs_form": form(JOBS_FORMS),
             "output": draw(st.decimals(0, 100_000, places=2)), "output_form": form(OUTPUT_FORMS)}
            for day in draw(days)]


def _check_logs(write, generated: list[dict]) -> None:
    with database.atomic() as transaction:
        employer = registry.save_organization(registry.OrganizationData(name="泉州茶叶研究所")).id
        person = registry.save_person(registry.PersonData(name="张三", employer_id=employer)).id
        cs.save_commissioner(cs.CommissionerData(kind="individual", person_id=person))
        path = write([[row["date"].isoformat(), "张三", "泉州茶叶研究所",
                       *(forms[row[f"{key}_form"]][0](row[key]) for _h, forms, key in LOG_COLUMNS)]
                      for row in generated])
        results = {r.row: r for r in importing.run_import("service-logs", path).detail.rows}
        for number, row in enumerate(generated, start=2):
            refused = {header_text(header) for header, forms, key in LOG_COLUMNS
                       if not forms[row[f"{key}_form"]][1]}  # as the report names them
            result = results[number]
            stored = models.ServiceLog.get_or_none(models.ServiceLog.date == row["date"])
            if refused:
                assert result.status == "rejected" and result.column in refused, (row, result)
                assert stored is None
                continue
            assert result.status == "added", (row, result)
            assert (stored.days, stored.jobs_created, stored.output_value) == (
                row["days"], row["jobs"], row["output"]), row
        transaction.rollback()


@SETTINGS
@given(generated=logs(csv_file=False))
def test_numbers_with_units_in_a_workbook_are_stored_exactly_or_refused(generated, tmp_path):
    def write(rows):
        book = openpyxl.Workbook()
        for row in [LOG_HEADERS, *rows]:
            book.active.append(row)
        book.save(tmp_path / "logs.xlsx")
        return tmp_path / "logs.xlsx"

    _check_logs(write, generated)


@SETTINGS
@given(generated=logs(csv_file=True), encoding=st.sampled_from(["utf-8-sig", "gbk", "utf-16"]))
def test_numbers_with_units_in_a_csv_file_are_stored_exactly_or_refused(generated, encoding,
                                                                         tmp_path):
    def write(rows):
        text = io.StringIO(newline="")
        csv.writer(text).writerows([LOG_HEADERS, *rows])
        (tmp_path / "logs.csv").write_bytes(text.getvalue().encode(encoding))
        return tmp_path / "logs.csv"

    _check_logs(write, generated)
