"""The numbered failures of issue 14, each as the officer met it: a real file imported through
``run_import`` (or ``main.py import``), and the register read back."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from app.core.errors import UserError
from app.exchange import importing
from app.history import record_merge
from app.register import commissioners as cs
from app.register import duplicate_search, duplicates, people
from db import models
from tests.exchange.conftest import credit_code, resident_id

REPO = Path(__file__).resolve().parents[2]
ZHANG = resident_id(date(1975, 6, 1))
LOST = "Excel stored this cell as a number and its last digits are lost"


def workbook(path: Path, *sheets: tuple[str, list[list]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


COMMISSIONER = ["特派员类型", "姓名", "身份证号", "手机", "派出单位", "层级", "选认年度", "服务期起",
                "服务期止"]


def _rows(report):
    return [(r.status, r.column, r.reason) for r in report.rows]


def test_1_dotted_and_partial_dates_are_refused_not_read_as_1905(tmp_path):
    first = workbook(tmp_path / "a.xlsx", ("名单", [
        COMMISSIONER, ["个人", "张三", ZHANG, "13905951234", "泉州茶叶研究所", "省级", 2024,
                       "2024-01-15", "2025-12-31"]]))
    assert importing.run_import("commissioners", first).detail.count("added") == 1
    for typed in ("2024.1", "2024.10", "2024.01", "2024"):
        update = workbook(tmp_path / "b.xlsx", ("名单", [
            COMMISSIONER, ["个人", "张三", ZHANG, "13905951234", "泉州茶叶研究所", "省级", 2024,
                           typed, "2025-12-31"]]))
        [(status, column, reason)] = _rows(importing.run_import("commissioners", update).detail)
        assert (status, column) == ("rejected", "服务期起"), typed
        assert "names a month or a year" in reason and "2024-01-15" in reason
    # a number typed into a cell not formatted as a date is a number, not a serial
    number = workbook(tmp_path / "c.xlsx", ("名单", [
        COMMISSIONER, ["个人", "张三", ZHANG, "13905951234", "泉州茶叶研究所", "省级", 2024,
                       2024.1, 45352]]))
    assert [r[0] for r in _rows(importing.run_import("commissioners", number).detail)] == ["rejected"]
    [appointment] = models.Appointment.select()
    assert (appointment.term_start, appointment.term_end) == (date(2024, 1, 15), date(2025, 12, 31))

    logs = workbook(tmp_path / "logs.xlsx", ("日志", [
        ["服务日期", "特派员", "服务单位", "服务类型", "服务内容"],
        ["2025.3", "张三", "泉州茶叶研究所", "技术指导", "三月"],
        ["2025.11", "张三", "泉州茶叶研究所", "技术指导", "十一月"],
        ["2025.3.8", "张三", "泉州茶叶研究所", "技术指导", "三月八日"]]))
    report = importing.run_import("service-logs", logs).detail
    assert [r.status for r in report.rows] == ["rejected", "rejected", "added"]
    assert [(log.date, log.content) for log in models.ServiceLog.select()] == [
        (date(2025, 3, 8), "三月八日")]


def test_2_an_id_number_stored_as_a_number_is_refused_an_exact_one_read(tmp_path):
    real = next(n for s in range(10, 99) if not (n := resident_id(date(1987, 4, 13), s))
                .endswith("X"))
    old = "350502870413871"  # 15 digits: a float holds it exactly
    path = workbook(tmp_path / "ids.xlsx", ("名单", [
        COMMISSIONER, ["个人", "张三", int(real),
                       "13905951234", "泉州茶叶研究所", "省级", 2024, None, None],
        ["个人", "李四", int(old), 13905951235, "泉州茶叶研究所", "省级", 2024, None, None]]))
    report = importing.run_import("commissioners", path).detail
    assert report.rows[0].status == "rejected" and report.rows[0].column == "身份证号"
    assert report.rows[0].reason.startswith(LOST)
    assert report.rows[1].status == "added"
    assert report.rows[1].notes == ("the 15-digit ID number 350502870413871 was converted to 18 "
                                    "digits",)
    [li] = models.Person.select()
    assert li.id_number == "35050219870413871" + li.id_number[-1] and li.mobile == "13905951235"
    assert li.birth_date == date(1987, 4, 13)

    codes = workbook(tmp_path / "codes.xlsx", ("单位", [
        ["单位名称", "统一社会信用代码"], ["泉州数字有限公司", 913505021234567890]]))
    [(status, column, reason)] = _rows(importing.run_import("organizations", codes).detail)
    assert (status, column) == ("rejected", "统一社会信用代码") and reason.startswith(LOST)


def test_3_a_quoted_line_break_in_a_csv_cell_stays_in_its_cell(tmp_path):
    path = tmp_path / "orgs.csv"
    path.write_text('单位名称,地址\n"泉州甲有限公司","鲤城区\n江南街道1号"\n泉州乙有限公司,丰泽区\n',
                    encoding="utf-8")
    report = importing.run_import("organizations", path).detail
    assert report.summary_line() == "added=2 updated=0 unchanged=0 rejected=0"
    assert {o.name: o.address for o in models.Organization.select()} == {
        "泉州甲有限公司": "鲤城区\n江南街道1号", "泉州乙有限公司": "丰泽区"}


def test_3_a_carriage_return_inside_quotes_is_a_line_break_of_its_cell(tmp_path):
    """Mac line ends and a CR typed in a cell: the parser, not a line split, ends the rows."""
    path = tmp_path / "cr.csv"
    path.write_bytes('单位名称,地址\r"泉州甲有限公司","鲤城区\r江南街道1号"\r泉州乙有限公司,丰泽区\r'
                     .encode("utf-8-sig"))
    assert importing.run_import("organizations", path).detail.count("added") == 2
    assert {o.name: o.address for o in models.Organization.select()} == {
        "泉州甲有限公司": "鲤城区\n江南街道1号", "泉州乙有限公司": "丰泽区"}


def test_a_csv_export_made_inert_imports_back_as_it_was(tmp_path):
    """An inert export starts text a spreadsheet would run as a formula with ' (issue 18); the
    import takes that one ' off again, and only before = + - @ tab or CR."""
    from app.exchange import exporting

    typed = {"=泉州甲有限公司": "+86 鲤城区", "-泉州乙有限公司": "@丰泽区", "泉州丙有限公司": "-3号楼",
             "'=泉州丁有限公司": "''@四号楼"}  # text that starts with such a ' already
    for name, address in typed.items():
        people.save_organization(people.OrganizationData(name=name, address=address))
    out = exporting.export_list("organizations", tmp_path / "orgs.csv").path
    models.Organization.delete().execute()
    assert importing.run_import("organizations", out).detail.count("added") == 4
    assert {o.name: o.address for o in models.Organization.select()} == typed

    models.Organization.delete().execute()
    path = tmp_path / "inert.csv"  # as the inert export writes it; ' before other text stays
    path.write_text("单位名称,地址\n'=泉州甲有限公司,'+86 鲤城区\n'-泉州乙有限公司,'@丰泽区\n"
                    "'泉州丙有限公司,'3号楼\n", encoding="utf-8-sig")
    assert importing.run_import("organizations", path).detail.count("added") == 3
    assert {o.name: o.address for o in models.Organization.select()} == {
        "=泉州甲有限公司": "+86 鲤城区", "-泉州乙有限公司": "@丰泽区", "'泉州丙有限公司": "'3号楼"}


def test_4_a_workbook_of_two_lists_needs_a_sheet_named(tmp_path):
    rows = [["单位名称", "统一社会信用代码"], ["泉州甲有限公司", None]]
    two = workbook(tmp_path / "two.xlsx", ("鲤城", rows),
                   ("丰泽", [rows[0], ["泉州乙有限公司", None]]))
    with pytest.raises(UserError) as refused:
        importing.run_import("organizations", two)
    assert "1. 鲤城" in refused.value.message and "2. 丰泽" in refused.value.message
    assert not models.Organization.select().exists()
    assert importing.run_import("organizations", two, sheet="丰泽").detail.sheet == "丰泽"
    assert importing.run_import("organizations", two, sheet=1).detail.sheet == "鲤城"
    assert sorted(o.name for o in models.Organization.select()) == ["泉州乙有限公司", "泉州甲有限公司"]
    instructions = workbook(tmp_path / "help.xlsx", ("填表说明", [
        ["列", "填写要求"], ["单位名称", "必填"], ["统一社会信用代码", "18位"]]),
        ("名单", [rows[0], ["泉州丙有限公司", None]]))
    assert importing.run_import("organizations", instructions).detail.sheet == "名单"


def test_5_chinese_punctuation_and_full_width_spaces_are_kept(tmp_path):
    path = workbook(tmp_path / "p.xlsx", ("名单", [
        ["特派员类型", "姓名", "手机", "派出单位"],
        ["个人", "陈\u3000思远", "13905951234", "泉州测试丁（鲤城）有限公司，研发部："]]))
    assert importing.run_import("commissioners", path).detail.count("added") == 1
    person = models.Person.get()
    assert person.name == "陈\u3000思远"
    assert person.employer.name == "泉州测试丁（鲤城）有限公司，研发部："
    # the half-width spelling finds it, and the register keeps its own
    again = workbook(tmp_path / "q.xlsx", ("名单", [
        ["单位名称", "联系人"], ["泉州测试丁(鲤城)有限公司,研发部:", "林先生"]]))
    assert importing.run_import("organizations", again).detail.summary_line() == (
        "added=0 updated=1 unchanged=0 rejected=0")
    assert [o.name for o in models.Organization.select()] == ["泉州测试丁（鲤城）有限公司，研发部："]


def _main_py(*args):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, str(REPO / "main.py"), *map(str, args), "--lang", "en"],
                          capture_output=True, text=True, env=env, timeout=300, cwd=REPO)


def test_6_unknown_columns_are_named_and_strict_refuses_them(tmp_path):
    path = workbook(tmp_path / "cols.xlsx", ("名单", [
        ["序号", "姓名", "身份证号码（18位）", "联系电话（手机）", "工作单位/派出单位", "服务期限起/止",
         "爱好"],
        [1, "张三", ZHANG, "13905951234", "泉州茶叶研究所", "2024.1-2026.12", "茶"]]))
    db = tmp_path / "cli.db"
    run = _main_py("import", "commissioners", path, "--db", db)
    assert run.returncode == 0, run.stderr
    assert run.stderr.splitlines() == ["Columns not imported: 服务期限起/止 and 爱好"]
    assert run.stdout.splitlines()[0] == "added=1 updated=0 unchanged=0 rejected=0"
    strict = _main_py("import", "commissioners", path, "--db", db, "--strict")
    assert strict.returncode == 1 and "服务期限起/止" in strict.stderr
    two = workbook(tmp_path / "two.xlsx", ("一", [["单位名称", "地址"], ["甲公司", "甲"]]),
                   ("二", [["单位名称", "地址"], ["乙公司", "乙"]]))
    refused = _main_py("import", "organizations", two, "--db", db)
    assert refused.returncode == 1 and "1. 一" in refused.stderr and "2. 二" in refused.stderr
    chosen = _main_py("import", "organizations", two, "--db", db, "--sheet", "二")
    assert chosen.returncode == 0 and chosen.stdout.startswith("added=1 ")


def _person(name, **fields):
    return people.save_person(people.PersonData(name=name, **fields), allow_similar=True).id


def test_7_a_row_without_an_id_number_is_the_person_of_that_name_and_mobile(tmp_path):
    employer = people.save_organization(people.OrganizationData(name="泉州茶叶研究所")).id
    zhang = _person("张三", id_number=ZHANG, mobile="13905951234", employer_id=employer)
    cs.save_commissioner(cs.CommissionerData(kind="individual", person_id=zhang))
    path = workbook(tmp_path / "n.xlsx", ("名单", [
        ["特派员类型", "姓名", "手机", "派出单位", "职称"],
        ["个人", "张三", "13905951234", "泉州茶叶研究所", "研究员"]]))
    report = importing.run_import("commissioners", path, dry_run=True).detail
    [row] = report.rows
    assert (row.status, row.notes) == (
        "updated", ("taken as the register's 张三 (same name and mobile number)",))
    importing.run_import("commissioners", path)
    assert models.Person.select().count() == models.Commissioner.select().count() == 1
    assert models.Person.get_by_id(zhang).title_name == "研究员"

    # two people it could be: refused, not guessed
    _person("李四", mobile="13800000001")
    _person("李四", employer_id=employer)
    both = workbook(tmp_path / "m.xlsx", ("名单", [
        ["特派员类型", "姓名", "手机", "派出单位"], ["个人", "李四", "13800000001", "泉州茶叶研究所"]]))
    [(status, _column, reason)] = _rows(importing.run_import("commissioners", both).detail)
    assert status == "rejected" and "several people" in reason


def test_7_merging_two_people_merges_their_individual_commissioners():
    first = _person("王五", mobile="13800000002")
    second = _person("王五", id_number=ZHANG)
    kept = cs.save_commissioner(cs.CommissionerData(kind="individual", person_id=first)).id
    other = cs.save_commissioner(cs.CommissionerData(kind="individual", person_id=second)).id
    cs.save_appointment(cs.AppointmentData(commissioner_id=other, level="municipal", year=2024))
    record_merge.merge("person", first, second)
    c = models.Commissioner
    assert [r.id for r in c.live()] == [kept]
    assert [a.commissioner_id for a in models.Appointment.live()] == [kept]


def test_8_units_specialty_birth_month_footer_and_masked_numbers(tmp_path):
    path = workbook(tmp_path / "s.xlsx", ("名单", [
        ["特派员类型", "姓名", "身份证号", "出生年月", "手机", "专业", "层级", "选认年度"],
        ["个人", "张三", ZHANG, "1975.06", "13905951234", "材料科学与工程", "省级", "2024年"],
        ["个人", "李四", "350502********1234", None, "13905951235", None, None, None],
        ["个人", "王五", None, "1980.05", "13905951236", None, None, None],
        ["填表人：林某", None, "联系电话：0595-1234567"]]))
    report = importing.run_import("commissioners", path).detail
    assert [r.status for r in report.rows] == ["added", "rejected", "added"]
    assert report.footer == (5,)
    assert "masked" in report.rows[1].reason and "--full-id" in report.rows[1].reason
    assert report.rows[2].notes == (
        "the birth month 1980-05 was not stored: the register holds a full birth date",)
    zhang = models.Person.get(models.Person.name == "张三")
    assert (zhang.specialty, zhang.birth_date) == ("材料科学与工程", date(1975, 6, 1))
    assert models.Appointment.get().year == 2024

    importing.run_import("commissioners", workbook(tmp_path / "c.xlsx", ("名单", [
        ["特派员类型", "姓名", "手机"], ["个人", "赵六", "13905951237"]])))
    logs = workbook(tmp_path / "l.xlsx", ("日志", [
        ["服务日期", "特派员", "服务单位", "服务天数", "带动就业（人）", "产值（万元）"],
        ["2025-03-08", "赵六", "泉州茶叶研究所", "1.5天", "30人", "12.5万元"],
        ["2025-03-09", "赵六", "泉州茶叶研究所", "2", 3, "125000元"],
        ["2025-03-10", "赵六", "泉州茶叶研究所", "1.5小时", None, None]]))
    report = importing.run_import("service-logs", logs).detail
    assert [r.status for r in report.rows] == ["added", "added", "rejected"]
    assert "天" in report.rows[2].reason
    assert [(log.days, log.jobs_created, log.output_value)
            for log in models.ServiceLog.select().order_by(models.ServiceLog.date)] == [
        (Decimal("1.5"), 30, Decimal("12.5")), (Decimal("2"), 3, Decimal("12.5"))]


def test_8_a_credit_code_typed_with_full_width_letters_is_read(tmp_path):
    code = credit_code()
    path = tmp_path / "orgs.csv"
    path.write_bytes(("单位名称,统一社会信用代码\r\n泉州全角有限公司,"
                      + "".join(chr(ord(c) + 0xFEE0) for c in code) + "\r\n").encode("gbk"))
    assert importing.run_import("organizations", path).detail.count("added") == 1
    assert models.Organization.get().uscc == code


def test_two_people_with_different_id_numbers_are_never_one(tmp_path):
    """Issue 16 item 13: the duplicates screen, the register's warning and the import share
    app.register.identity's rule."""
    employer = people.save_organization(people.OrganizationData(name="泉州茶叶研究所")).id
    other = resident_id(date(1980, 2, 3), 45)
    for number in (ZHANG, other):
        _person("张三", id_number=number, mobile="13905951234", employer_id=employer)
    assert duplicate_search.find("person") == []
    third = resident_id(date(1990, 9, 9), 77)
    assert people.save_person(people.PersonData(name="张三", id_number=third,
                                                mobile="13905951234")).created
    assert duplicates.people(None, None, "13905951234", "张三", None)  # no number: similar
    row = workbook(tmp_path / "z.xlsx", ("名单", [
        ["特派员类型", "姓名", "手机"], ["个人", "张三", "13905951234"]]))
    [result] = importing.run_import("commissioners", row).detail.rows
    assert result.status == "rejected" and "several people" in result.reason


def test_rejected_rows_name_every_bad_cell_and_import_back_once_fixed(tmp_path):
    path = workbook(tmp_path / "r.xlsx", ("说明", [["填表说明"]]), ("名单", [
        ["标题：2024年名单"],
        COMMISSIONER,
        ["个人", "张三", 350502197506011234, "1390595", "泉州茶叶研究所", "省级", 2024, "2024.3",
         "2026-12-31"],
        ["个人", "李四", resident_id(date(1980, 2, 3), 45), "13905951235", "泉州茶叶研究所", "省级",
         2024, "2024-03-01", "2026-12-31"]]))
    report = importing.run_import("commissioners", path).detail
    assert [r.status for r in report.rows] == ["rejected", "added"]
    assert [header for header, _reason in report.rows[0].problems] == ["身份证号", "手机", "服务期起"]
    out = importing.write_rejected(report, tmp_path / "fix.xlsx")
    book = openpyxl.load_workbook(out)
    sheet = book.active
    assert [c.value for c in sheet[1]] == [*COMMISSIONER, "Reason rejected", "Source sheet",
                                           "Source row"]
    row = [c.value for c in sheet[2]]
    assert row[2] == "3.50502197506011e+17" and sheet["C2"].number_format == "@"
    assert row[-2:] == ["名单", 3] and row[-3].count("\n") == 2
    assert [c.column_letter for c in sheet[2] if c.comment] == ["C", "D", "H"]
    assert sheet["C2"].comment.text.startswith(LOST)
    sheet["C2"], sheet["D2"], sheet["H2"] = ZHANG, "13905951234", "2024-03-01"
    book.save(out)
    again = importing.run_import("commissioners", out).detail
    assert (again.summary_line(), again.ignored) == ("added=1 updated=0 unchanged=0 rejected=0", ())
    assert models.Person.get(models.Person.id_number == ZHANG).mobile == "13905951234"


def test_the_masked_export_says_it_cannot_be_imported_back(tmp_path):
    from app.exchange import exporting

    employer = people.save_organization(people.OrganizationData(name="泉州茶叶研究所")).id
    person = _person("张三", id_number=ZHANG, mobile="13905951234", employer_id=employer)
    cs.save_commissioner(cs.CommissionerData(kind="individual", person_id=person))
    masked = exporting.export_list("commissioners", tmp_path / "masked.xlsx").path
    assert openpyxl.load_workbook(masked).active["D1"].value == "身份证号（已遮盖，不能导回）"
    [row] = importing.run_import("commissioners", masked).detail.rows
    assert row.status == "rejected" and "masked" in row.reason and "--full-id" in row.reason
    full = exporting.export_list("commissioners", tmp_path / "full.xlsx", full_id=True).path
    assert importing.run_import("commissioners", full).detail.summary_line() == (
        "added=0 updated=0 unchanged=1 rejected=0")


def test_the_template_has_text_columns_and_instructions(tmp_path):
    from app.exchange import template

    path = template.write_template("commissioners", tmp_path / "t.xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[1:] == ["Instructions"]
    sheet = book.worksheets[0]
    assert [sheet.cell(2, i).number_format for i in (4, 6, 23)] == ["@", "@", "@"]
    assert sheet.column_dimensions["D"].number_format == "@" != sheet.cell(2, 2).number_format
    rules = [row[0] for row in book["Instructions"].iter_rows(values_only=True)]
    assert "Dates" in rules and "ID numbers, phones, credit codes" in rules
    assert importing.run_import("commissioners", path).detail.summary_line() == (
        "added=1 updated=0 unchanged=0 rejected=0")


def test_control_characters_in_cells_are_removed(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("单位名称,地址\n泉州\x00甲\x1b有限公司,鲤城区\x07\r\n", encoding="utf-8")
    assert importing.run_import("organizations", path).detail.count("added") == 1
    assert [(o.name, o.address) for o in models.Organization.select()] == [("泉州甲有限公司", "鲤城区")]


def test_bytes_of_no_known_encoding_are_refused_not_imported_as_mojibake(tmp_path):
    path = tmp_path / "big5.csv"
    path.write_bytes("單位名稱,地址\n泉州甲有限公司,鯉城區\n".encode("big5"))
    with pytest.raises(UserError):  # its headers decode as GBK into no known header
        importing.run_import("organizations", path)
    path.write_bytes("单位名称,地址\n".encode("gb18030") + "泉州𠀀有限公司\n".encode("gb18030"))
    with pytest.raises(UserError) as refused:  # a four-byte GB18030 character: not GBK
        importing.run_import("organizations", path)
    assert "encoding" in refused.value.message
    assert not models.Organization.select().exists()
