"""Exports as Excel opens them, the import template, and the import and export commands."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime

import openpyxl

from app.exchange import exporting, importing, template
from app.exchange.import_register import COMMISSIONER_COLUMNS
from tests.conftest import REPO


def test_xlsx_export_has_chinese_headers_real_dates_widths_and_a_frozen_header(demo, tmp_path):
    result = exporting.export_list("commissioners", tmp_path / "c.xlsx")
    sheet = openpyxl.load_workbook(result.path).active
    assert [c.value for c in sheet[1]] == [
        c.header + ("（已遮盖，不能导回）" if c.key == "id_number" else "") for c in COMMISSIONER_COLUMNS]
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["J"].width == 28  # 派出单位
    starts = [row[17] for row in sheet.iter_rows(min_row=2, values_only=True) if row[17]]
    assert starts and all(isinstance(d, datetime) for d in starts)
    assert result.rows == sheet.max_row - 1


def test_search_narrows_the_export_and_csv_has_a_bom(demo, tmp_path):
    everything = exporting.export_list("organizations", tmp_path / "all.csv")
    some = exporting.export_list("organizations", tmp_path / "some.csv", "大学")
    data = some.path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("单位名称,统一社会信用代码")
    assert 0 < some.rows < everything.rows and all("大学" in line for line in lines[1:])
    for name in exporting.LISTS:
        assert exporting.export_list(name, tmp_path / f"{name}.xlsx").rows > 0


def test_template_has_drop_downs_and_an_example_that_imports(tmp_path):
    path = template.write_template("commissioners", tmp_path / "template.xlsx")
    sheet = openpyxl.load_workbook(path).active
    lists = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    assert lists["A2:A2000"] == '"个人,团队,法人"'
    assert lists["N2:N2000"] == '"国家级,省级,市级,区级"'
    assert "海滨街道" in lists["V2:V2000"]
    assert sheet.max_row == 2
    report = importing.run_import("commissioners", path).detail
    assert report.summary_line() == "added=1 updated=0 unchanged=0 rejected=0"


def _main_py(*args):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, str(REPO / "main.py"), *map(str, args)],
                          capture_output=True, text=True, env=env, timeout=300, cwd=REPO)


def test_import_command_prints_counts_first_and_exits_1_on_rejects(messy_workbook, tmp_path):
    db, errors = tmp_path / "cli.db", tmp_path / "errors.xlsx"
    dry = _main_py("import", "commissioners", messy_workbook, "--db", db, "--dry-run",
                   "--lang", "en")
    assert dry.returncode == 1, dry.stderr
    lines = dry.stdout.splitlines()
    assert lines[0] == "added=4 updated=0 unchanged=0 rejected=4"
    assert lines[1].startswith("row 6\t身份证号码\t")
    real = _main_py("import", "commissioners", messy_workbook, "--db", db, "--errors", errors)
    assert real.stdout.splitlines()[0] == "added=4 updated=0 unchanged=0 rejected=4"
    assert real.returncode == 1 and errors.is_file()
    fixed = _main_py("import", "organizations", tmp_path / "nothing.xlsx", "--db", db)
    assert fixed.returncode == 1 and "nothing.xlsx" in fixed.stderr
    out = tmp_path / "round.xlsx"
    assert _main_py("export", "commissioners", out, "--db", db, "--full-id").returncode == 0
    again = _main_py("import", "commissioners", out, "--db", db)
    assert (again.returncode, again.stdout.splitlines()[0]) == (
        0, "added=0 updated=0 unchanged=4 rejected=0")
    assert _main_py("export", "template", "commissioners", tmp_path / "t.xlsx",
                    "--db", db).returncode == 0
