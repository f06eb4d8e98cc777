"""Importing the bureau's workbooks: a messy one row by row, twice, and the demo data round trip."""

from __future__ import annotations

from datetime import date

import openpyxl

from app.exchange import exporting, importing, sheets
from app.register import commissioners as cs
from db import models
from tests.exchange.conftest import MESSY_HEADERS, credit_code, resident_id


def _by_row(report):
    return {r.row: r for r in report.rows}


def test_messy_workbook_row_by_row(messy_workbook, tmp_path):
    report = importing.run_import("commissioners", messy_workbook).detail
    assert report.summary_line() == "added=4 updated=0 unchanged=0 rejected=4"
    rows = _by_row(report)
    assert [rows[n].status for n in (3, 5, 10, 11)] == ["added"] * 4
    assert 4 not in rows  # the blank line
    assert (rows[6].column, rows[6].reason) == (
        "身份证号码", "The resident ID number's check digit is wrong; please check it.")
    assert rows[7].column == "级别" and "乡镇级" in rows[7].reason
    assert rows[8].reason == "contradicts row 9 of the same file"
    assert rows[9].reason == "contradicts row 8 of the same file"
    assert rows[8].column == rows[9].column == "联系电话"

    p = models.Person
    zhang = p.get(p.id_number == resident_id(date(1975, 6, 1)))
    assert (zhang.name, zhang.mobile, zhang.employer.name) == ("张三", "13905951234", "泉州茶叶研究所")
    commissioner = models.Commissioner.get(models.Commissioner.person == zhang.id)
    appointments = {a.level: a for a in cs.appointments_of(commissioner.id)}
    assert set(appointments) == {"provincial", "municipal"}
    provincial = appointments["provincial"]
    assert (provincial.term_start, provincial.term_end) == (date(2024, 3, 1), date(2026, 12, 31))
    assert [s.organization_name for s in provincial.served] == ["清源茶业有限公司", "鲤城茶厂"]
    assert provincial.street_names == ("海滨街道",)
    municipal = appointments["municipal"]
    assert (municipal.year, municipal.term_start, municipal.street_names) == (
        2023, date(2023, 7, 1), ("临江街道",))

    team = models.Commissioner.get(models.Commissioner.team_name == "茶业科技特派员团队")
    assert sorted(m.person_name for m in cs.get_commissioner(team.id).members) == ["吴九", "周八"]
    legal = models.Commissioner.get(models.Commissioner.kind == "legal_person")
    assert legal.organization.uscc == credit_code()
    assert set(report.organizations_created) == {
        "泉州茶叶研究所", "清源茶业有限公司", "鲤城茶厂", "福建农林大学", "泉州市茶叶科学研究院"}
    assert not p.select().where(p.name.in_(["李四", "王五", "赵六"])).exists()
    assert models.ChangeBatch.get_by_id(report.batch_id).kind == "import"

    again = importing.run_import("commissioners", messy_workbook).detail
    assert again.summary_line() == "added=0 updated=0 unchanged=4 rejected=4"

    errors = importing.write_rejected(again, tmp_path / "rejected.xlsx")
    sheet = openpyxl.load_workbook(errors).active
    assert [c.value for c in sheet[1]] == [*MESSY_HEADERS, "Reason rejected", "Source sheet",
                                           "Source row"]
    assert [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        "李四", "王五", "赵六", "赵六"]


def test_rejected_rows_fixed_and_imported_again(messy_workbook, tmp_path):
    report = importing.run_import("commissioners", messy_workbook).detail
    errors = importing.write_rejected(report, tmp_path / "fix.xlsx")
    book = openpyxl.load_workbook(errors)
    sheet = book.active
    sheet.cell(2, 5).value = resident_id(date(1985, 5, 5), 21)
    sheet.cell(3, 11).value = "区级"
    sheet.delete_rows(5)
    book.save(errors)
    fixed = importing.run_import("commissioners", errors).detail
    assert fixed.summary_line() == "added=3 updated=0 unchanged=0 rejected=0"


def test_update_names_the_changed_columns(messy_workbook, tmp_path):
    importing.run_import("commissioners", messy_workbook)
    book = openpyxl.load_workbook(messy_workbook)
    sheet = book.active
    sheet.cell(3, 6).value = sheet.cell(5, 6).value = "13905950000"
    sheet.cell(3, 14).value = "2027-06-30"
    book.save(messy_workbook)
    report = importing.run_import("commissioners", messy_workbook, dry_run=True).detail
    rows = _by_row(report)
    assert (rows[3].status, rows[3].changed) == ("updated", ("联系电话", "结束日期"))
    assert (rows[5].status, rows[5].changed) == ("unchanged", ())
    assert not report.applied and report.batch_id is None
    assert models.Person.get(models.Person.name == "张三").mobile == "13905951234"


def test_import_is_one_batch_undone_as_a_whole(messy_workbook):
    from db import changelog

    before = models.Person.select().count()
    report = importing.run_import("commissioners", messy_workbook).detail
    assert models.Person.select().count() > before
    changelog.revert(report.batch_id, "undo import")
    assert models.Person.select().count() == before
    assert models.Organization.select().count() == 0


def test_cancel_leaves_nothing(messy_workbook):
    calls = []

    def cancelled():
        calls.append(1)
        return len(calls) > 3

    try:
        importing.run_import("commissioners", messy_workbook, cancelled=cancelled)
    except importing.Cancelled:
        pass
    else:
        raise AssertionError("the import was not cancelled")
    assert models.Person.select().count() == 0
    assert models.ChangeBatch.select().where(models.ChangeBatch.kind == "import").count() == 0


def test_csv_in_gbk_and_with_bom(tmp_path):
    rows = ["单位名称,统一社会信用代码,单位类型,所属街道,高新技术企业",
            f"泉州测试科技有限公司,{credit_code('91350502MA2ABC345')},企业,海滨街道,是"]
    for encoding in ("gbk", "utf-8-sig"):
        path = tmp_path / f"{encoding}.csv"
        path.write_bytes("\r\n".join(rows).encode(encoding))
        report = importing.run_import("organizations", path).detail
        assert report.rejected == ()
    organization = models.Organization.get()
    assert (organization.name, organization.org_type, organization.high_tech,
            organization.street.name) == ("泉州测试科技有限公司", "enterprise", True, "海滨街道")


def test_old_xls_files_with_merged_title_and_dates(tmp_path):
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("名单")
    sheet.write_merge(0, 0, 0, 3, "鲤城区企业名单")
    for column, header in enumerate(["单位名称", "统一社会信用代码", "联系人", "成立日期"]):
        sheet.write(1, column, header)
    sheet.write(2, 0, "泉州老表格有限公司")
    sheet.write(2, 1, credit_code("91350502MA2ABC345"))
    sheet.write(2, 2, "林先生")
    sheet.write(2, 3, date(2020, 5, 6), xlwt.easyxf(num_format_str="yyyy-mm-dd"))
    path = tmp_path / "old.xls"
    book.save(str(path))
    grid = sheets.read_sheets(path)[0].grid
    assert grid[0] == ["鲤城区企业名单"] * 4
    assert grid[2][3] == date(2020, 5, 6)  # a date-formatted cell is a date
    report = importing.run_import("organizations", path).detail
    assert report.summary_line() == "added=1 updated=0 unchanged=0 rejected=0"
    assert models.Organization.get().contact_name == "林先生"


def test_demo_export_with_full_ids_imports_back_unchanged(demo, tmp_path):
    for name in ("commissioners", "organizations", "demands", "service-logs"):
        out = exporting.export_list(name, tmp_path / f"{name}.xlsx", full_id=True)
        report = importing.run_import(name, out.path).detail
        assert report.count("added") == report.count("updated") == 0, (name, report.rows[:3])
        assert report.rejected == ()
    masked = exporting.export_list("commissioners", tmp_path / "masked.xlsx")
    sheet = openpyxl.load_workbook(masked.path).active
    assert all("********" in (row[3] or "********")
               for row in sheet.iter_rows(min_row=2, values_only=True))



def test_bad_files_are_refused_with_a_reason(tmp_path):
    import pytest

    from app.core.errors import UserError

    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    headless = tmp_path / "headless.csv"
    headless.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    for path, words in ((broken, "could not be read"), (headless, "No header row"),
                        (tmp_path / "list.docx", ".xlsx, .xls or .csv"),
                        (tmp_path / "missing.xlsx", "No file")):
        with pytest.raises(UserError, match=words):
            importing.run_import("commissioners", path)
    assert not models.ChangeBatch.select().exists()
