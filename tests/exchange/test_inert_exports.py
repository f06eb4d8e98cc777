"""Exports opened in Excel on an office PC run nothing: text that starts like a formula is text,
and a control character in the register never breaks an export."""

from __future__ import annotations

import csv
import zipfile
from datetime import date

import openpyxl
import pytest

from app.exchange import exporting, importing
from app.register import people
from db import changelog, models
from tests.conftest import on_postgresql

HOSTILE = ["=1+1", '=HYPERLINK("http://evil.example/x","点这里")', "@SUM(A1)",
           "=cmd|' /C calc'!A0", "+86 591", "-2+3", "\t=1+1", "\r=1+1"]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture
def hostile_register():
    """Organizations named with formula payloads (the form keeps them, but for a leading tab or
    CR, which an older import did not strip), and a person whose fields hold a bell and a NUL
    (a bell on PostgreSQL, which can store no NUL in text)."""
    people.save_organization(people.OrganizationData(name="=1+1", address="@SUM(A1)"))
    with changelog.batch("what an older import let in"):
        for n, text in enumerate(HOSTILE[1:]):
            models.Organization.create(name=text, address=text, notes=f"第{n}家")
    organization = models.Organization.get(models.Organization.name == "=1+1")
    nul = "\x07" if on_postgresql() else "\x00"
    with changelog.batch("a bell and a NUL from an old import"):
        person = models.Person.create(name="响铃\x07人", mobile="13800000001",
                                      employer=organization, specialty=f"a{nul}b")
        models.Commissioner.create(kind="individual", person=person, notes="=1+1")
        models.Demand.create(number="XQ-2025-0001", title="@SUM(A1)", organization=organization,
                             description="=1+1", status="published", published_on=date(2025, 1, 1))


def _sheet_xml(path) -> str:
    with zipfile.ZipFile(path) as archive:
        return "".join(archive.read(name).decode() for name in archive.namelist()
                       if name.startswith("xl/worksheets/"))


@pytest.mark.parametrize("list_name", ["organizations", "commissioners", "demands"])
def test_xlsx_exports_hold_no_formula_and_keep_the_text(hostile_register, tmp_path, list_name):
    result = exporting.export_list(list_name, tmp_path / f"{list_name}.xlsx")
    assert result.rows
    assert "<f>" not in _sheet_xml(result.path) and "<f " not in _sheet_xml(result.path)
    values = {c for row in openpyxl.load_workbook(result.path).active.iter_rows(values_only=True)
              for c in row}
    if list_name == "organizations":
        # (a CR too: openpyxl writes it as &#13; through lxml, which python-docx brings)
        assert set(HOSTILE) <= values, "the text is kept, as text"
    if list_name == "commissioners":
        assert "响铃人" in values and "ab" in values


@pytest.mark.parametrize("list_name", ["organizations", "commissioners", "demands"])
def test_csv_exports_have_no_cell_a_spreadsheet_would_run(hostile_register, tmp_path, list_name):
    result = exporting.export_list(list_name, tmp_path / f"{list_name}.csv")
    assert result.rows
    with open(result.path, encoding="utf-8-sig", newline="") as handle:
        cells = [c for row in csv.reader(handle) for c in row]
    assert not [c for c in cells if c.startswith(FORMULA_START)]
    if list_name == "organizations":
        assert {"'" + text for text in HOSTILE} <= set(cells)
        assert "\x07" not in "".join(cells)


def test_the_rejected_rows_workbook_holds_no_formula(tmp_path):
    source = tmp_path / "orgs.csv"
    with open(source, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["单位名称", "统一社会信用代码", "地址"])
        for text in HOSTILE[:-1]:  # (a CR inside a CSV cell is read as a line break)
            writer.writerow([text, "NOT-A-CODE", text])
    report = importing.run_import("organizations", source, dry_run=True).detail
    assert len(report.rejected) == len(HOSTILE) - 1
    out = importing.write_rejected(report, tmp_path / "rejected.xlsx")
    assert "<f>" not in _sheet_xml(out)
    values = [row[0] for row in openpyxl.load_workbook(out).active.iter_rows(min_row=2,
                                                                              values_only=True)]
    assert values == HOSTILE[:-1]
