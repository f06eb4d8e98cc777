"""Reading workbooks into cells: what the importers parse must not depend on how a cell was
typed or where the sheet's data starts."""

from __future__ import annotations

import re
import zipfile
from datetime import date, datetime, time

import openpyxl

from app.exchange import importing, sheets
from db import models
from tests.exchange.conftest import resident_id


def test_cells_come_out_typed_as_in_the_sheet(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([13800138000, 350502197506011234, 1.5, -3, 0, "0012", "", " ", True])
    sheet.append([datetime(2024, 1, 2, 3, 4), date(2020, 1, 1), time(5, 6)])
    path = tmp_path / "typed.xlsx"
    book.save(path)
    grid = sheets.read_sheets(path)[0].grid
    numbers = grid[0]
    # A whole number is an int (a mobile typed as a number must not read 13800138000.0); one
    # past what a float holds exactly stays the float Excel stored.
    assert numbers[:6] == [13800138000, 3.505021975060113e17, 1.5, -3, 0, "0012"]
    assert [type(v) for v in numbers[:6]] == [int, float, float, int, int, str]
    assert all(v is None or not v.strip() for v in numbers[6:8]) and numbers[8] is True
    assert grid[1][:3] == [datetime(2024, 1, 2, 3, 4), date(2020, 1, 1), time(5, 6)]
    assert all(v is None for v in grid[1][3:])  # blanks are None, not ""


def test_merged_headers_title_rows_and_row_numbers(tmp_path):
    """Data that starts below blank rows and right of a blank column keeps its row numbers;
    merged cells repeat their value over their range, also below the header."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet["B2"] = "2024年度名单"
    sheet.merge_cells("B2:E2")
    for column, header in zip("BCDE", ("姓名", "身份证号", "手机", "派出单位"), strict=True):
        sheet[f"{column}3"] = header
    sheet["B5"], sheet["C5"], sheet["D5"] = "张三", resident_id(date(1975, 6, 1)), 13905951234
    sheet["B6"], sheet["C6"], sheet["D6"] = "李四", resident_id(date(1980, 2, 3), 45), 13905951235
    sheet["E5"] = "泉州茶叶研究所"
    sheet.merge_cells("E5:E6")
    path = tmp_path / "名单.xlsx"
    book.save(path)
    table = sheets.read_table(path, lambda headers: sum(h in ("姓名", "手机") for h in headers))
    assert table.header_row == 3
    assert table.headers == ("", "姓名", "身份证号", "手机", "派出单位")
    assert [(n, cells[1], cells[3], cells[4]) for n, cells in table.rows] == [
        (5, "张三", 13905951234, "泉州茶叶研究所"), (6, "李四", 13905951235, "泉州茶叶研究所")]
    report = importing.run_import("commissioners", path).detail
    assert report.summary_line() == "added=2 updated=0 unchanged=0 rejected=0"
    assert sorted(p.mobile for p in models.Person.select()) == ["13905951234", "13905951235"]


def test_the_size_a_program_records_is_not_trusted(tmp_path):
    book = openpyxl.Workbook()
    for i in range(5):
        book.active.append([f"单位{i}", i])
    written = tmp_path / "written.xlsx"
    book.save(written)
    wrong = tmp_path / "wrong.xlsx"
    with zipfile.ZipFile(written) as source, zipfile.ZipFile(wrong, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.endswith("sheet1.xml"):
                data = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:A2"', data)
            target.writestr(item, data)
    assert sheets.read_sheets(wrong)[0].grid == [[f"单位{i}", i] for i in range(5)]


def test_a_cell_holding_an_error_is_its_text_not_a_blank(tmp_path):
    """A #N/A left by a lookup formula must not import as an empty ID number."""
    book = openpyxl.Workbook()
    book.active.append(["姓名", "身份证号", "手机"])
    book.active.append(["张三", "#N/A", 13905951234])
    book.active["B2"].data_type = "e"
    path = tmp_path / "lookup.xlsx"
    book.save(path)
    assert sheets.read_sheets(path)[0].grid[1] == ["张三", "#N/A", 13905951234]
    report = importing.run_import("commissioners", path).detail
    assert [(r.status, r.column) for r in report.rows] == [("rejected", "身份证号")]
    assert not models.Person.select().exists()
