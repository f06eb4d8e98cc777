"""The annual assessment's printed output: the district's 年度考核结果汇总表 (PDF, xlsx) and one
subject's 考核表 (PDF, docx), from rounds the engine computes, read back as their readers see
them."""

from __future__ import annotations

import shutil
from datetime import date
from decimal import Decimal

import pytest
from docx import Document
from openpyxl import load_workbook

from app import reports
from app.assessment import agreements, rounds
from app.assessment.agreements import AgreementValues
from app.assessment.schemes import GRADE_LABELS, SUBJECT_TYPE_LABELS, item_label
from app.core import i18n
from app.core.errors import UserError
from app.core.i18n import format_decimal
from app.register.common import LEVEL_LABELS
from db import changelog, models
from tests.app import report_helpers as rh
from tests.app.activity_helpers import team
from tests.app.test_reports import assert_fonts_embedded, assert_pages_numbered
from tests.assessment.helpers import commissioner, log, organization
from tests.conftest import REPO

LONG_REMARK = ("全年深入企业开展技术服务，协助企业解决了染整工艺节能降耗的关键问题，组织培训三场，"
               "推广新技术两项，服务对象反映良好，建议继续选派。")


@pytest.fixture(autouse=True)
def chinese():
    i18n.set_language("zh_CN")


def logs(who: int, where: int, count: int, days: str = "1") -> None:
    for i in range(count):
        log(who, where, date(2025, 1 + i % 12, 1 + i // 12), days=days)


@pytest.fixture
def finished():
    """A finished 2025 round: two individuals, a team and a workstation, each scored by the
    officer; 林晓燕's remark is long. Returns the commissioners' and the workstation's ids."""
    served = organization("泉州海天材料科技股份有限公司")
    institute = organization("泉州市农业科学研究所")
    chen = commissioner("陈明辉", employer=institute)
    lin = commissioner("林晓燕")
    group = team("鲤城纺织鞋服科技特派员团队", "王建国")
    logs(chen, served, 14, days="1.5")  # 21 days
    logs(lin, served, 4, days="2")  # 8 days: at most 合格
    logs(group, served, 13)
    agreements.save_agreement(AgreementValues(chen, served, None, date(2025, 1, 10),
                                              date(2025, 1, 1), date(2025, 12, 31),
                                              targets={"service_days": "30"}))
    with changelog.batch("test workstation"):
        station = models.Workstation(name="海天材料科技特派员工作站", level="municipal",
                                     host=served, recognized_on=date(2024, 6, 1),
                                     status="operating")
        station.save()
    rounds.open_round(2025)
    by_name = {r.name: r.assessment_id for r in rounds.round_rows(2025)}
    for name, scores, remark in (
            ("陈明辉", {"service_mode": "13", "results": "20", "satisfaction": "18"}, "表现突出。"),
            ("林晓燕", {"service_mode": "10", "agreement": "10", "results": "10",
                        "satisfaction": "15"}, LONG_REMARK),
            ("鲤城纺织鞋服科技特派员团队", {"service_mode": "14", "agreement": "18",
                                              "results": "15", "satisfaction": "18"}, ""),
            ("海天材料科技特派员工作站", {"measures": "18", "key_problems": "15", "results": "14",
                                          "satisfaction": "12.5"}, "")):
        rounds.set_scores(by_name[name], scores, remark)
    rounds.finish_round(2025)
    return {"陈明辉": chen, "林晓燕": lin, "team": group, "station": station.id}


def summary_of(tmp_path, name="s.pdf", year=2025):
    out = tmp_path / name
    reports.render(reports.ReportRequest("assessment", period=reports.parse_period(year=year)), out)
    return out


def sheet_of(tmp_path, assessment_id, name):
    out = tmp_path / name
    reports.render(reports.ReportRequest("assessment_sheet", assessment=str(assessment_id)), out)
    return out


def shown(value: Decimal | None, digits: int | None = None) -> str:
    """A figure as the engine gives it, written the way a reader reads it back."""
    if value is None:
        return ""
    return format_decimal(value, digits if digits is not None else
                          max(0, -value.normalize().as_tuple().exponent))


# The summary ------------------------------------------------------------------------------------


def test_the_summary_prints_each_row_and_the_totals_as_the_engine_computes_them(finished,
                                                                                 tmp_path):
    out = summary_of(tmp_path)
    texts = assert_pages_numbered(out)
    whole = "".join(texts)
    summary = rounds.summary(2025)
    assert whole.startswith("泉州市鲤城区2025年度科技特派员考核结果汇总表考核已于")
    assert "结果已确定" in whole
    for header in ("序号姓名/名称类型层级服务方式（15分）服务次数（20分）",
                   "总分等次拟拨经费（万元）备注", "建立服务配套措施（20分）"):
        assert header in whole, header
    # Each row as printed: its cells in order, every figure the engine's; a team is printed in
    # the individuals' table (its items are theirs without the bonus).
    table_of = {"individual": "individual", "team": "individual", "workstation": "workstation"}
    for number, row in enumerate(summary.rows, start=1):
        cells = [str(number), row.name, i18n._(SUBJECT_TYPE_LABELS[row.subject_type]),
                 i18n._(LEVEL_LABELS[row.level]),
                 *(shown(row.items.get(item.code)) if item.code in row.items else "—"
                   for item in summary.items[table_of[row.subject_type]]),
                 shown(row.total), i18n._(GRADE_LABELS[row.grade]), shown(row.funds, 2)]
        assert "".join(cells) in whole, (number, row)
    assert len(summary.rows) == 4
    chen = next(r for r in summary.rows if r.name == "陈明辉")
    assert chen.grade == "good" and chen.funds == Decimal("0.5")  # the engine's, printed above
    # Totals by grade: each grade's count and funds, then the whole.
    totals = whole[whole.index("按等次汇总"):]
    assert totals.startswith("按等次汇总等次个人团队工作站合计拟拨经费（万元）")
    for grade, label in GRADE_LABELS.items():
        by_type = [sum(r.grade == grade and r.subject_type == t for r in summary.rows)
                   for t in ("individual", "team", "workstation")]
        assert (i18n._(label) + "".join(map(str, by_type)) + str(summary.by_grade[grade])
                + shown(summary.funds_by_grade[grade], 2)) in totals, grade
    assert "合计2114" + shown(summary.funds_total, 2) in totals
    assert "连续两年考核不合格（拟撤销选认）无。" in totals  # no 2024 round here
    assert "填报单位（盖章）" in texts[-1]
    assert_fonts_embedded(out)
    printed = rh.printed_glyphs(out)
    assert all(printed.values())


def test_the_workbook_has_the_pdfs_columns_with_numbers_as_numbers(finished, tmp_path):
    out = tmp_path / "s.xlsx"
    reports.render(reports.ReportRequest("assessment", period=reports.parse_period(year=2025)), out)
    summary = rounds.summary(2025)
    ws = load_workbook(out).active
    rows = [[cell.value for cell in row] for row in ws.iter_rows()]
    assert rows[0][0] == "泉州市鲤城区2025年度科技特派员考核结果汇总表"
    head = next(i for i, row in enumerate(rows) if row[0] == "序号")
    assert rows[head][:5] == ["序号", "姓名/名称", "类型", "层级", "服务方式\n（15分）"]
    assert rows[head][-4:] == ["总分", "等次", "拟拨经费（万元）", "备注"]
    assert ws.print_title_rows == f"${head + 1}:${head + 1}"
    assert ws.page_setup.orientation == "landscape"
    individual = summary.items["individual"]
    for offset, row in enumerate(r for r in summary.rows if r.subject_type != "workstation"):
        cells = rows[head + 1 + offset]
        assert cells[:2] == [str(offset + 1), row.name]
        for column, item in enumerate(individual, start=4):
            if item.code in row.items:
                value = cells[column]
                assert (value is None if row.items[item.code] is None
                        else Decimal(str(value)) == row.items[item.code]), item.code
            else:
                assert cells[column] == "—"  # a team has no bonus item
        assert Decimal(str(cells[10])) == row.total
        assert Decimal(str(cells[12])) == row.funds
        assert ws.cell(head + 2 + offset, 13).number_format == "#,##0.00"
    lin = next(cells for cells in rows if cells[1] == "林晓燕")
    assert lin[13].startswith(LONG_REMARK.rstrip("。"))
    # The workstations' table and the totals by grade stand under the first table.
    station = next(i for i, row in enumerate(rows) if row[0] == "工作站")
    assert rows[station + 1][4] == "建立服务配套措施\n（20分）"
    assert rows[station + 2][1] == "海天材料科技特派员工作站"
    totals = next(i for i, row in enumerate(rows) if row[0] == "按等次汇总")
    assert rows[totals + 1][:5] == ["等次", "个人", "团队", "工作站", "合计"]
    assert rows[totals + 6][:5] == ["合计", 2, 1, 1, 4]
    assert Decimal(str(rows[totals + 6][5])) == summary.funds_total


def test_the_demo_summary_lists_the_commissioners_for_withdrawal(demo, tmp_path):
    """The demo's 2025 round is finished, so the summary prints out of the box; a commissioner
    graded 不合格 in 2024 and 2025 is listed for withdrawal, under the 序号 of the summary."""
    summary = rounds.summary(2025)
    [failed] = rounds.withdrawal_candidates(2025)
    number = next(n for n, row in enumerate(summary.rows, start=1)
                  if row.assessment_id == failed.assessment_id)
    whole = "".join(assert_pages_numbered(summary_of(tmp_path)))
    listed = whole[whole.index("连续两年考核不合格（拟撤销选认）"):]
    assert listed.startswith(f"连续两年考核不合格（拟撤销选认）序号姓名/名称类型层级总分备注{number}"
                             f"{failed.name}个人市级{shown(failed.total)}")
    out = tmp_path / "s.xlsx"
    reports.render(reports.ReportRequest("assessment", period=reports.parse_period(year=2025)), out)
    rows = [[cell.value for cell in row] for row in load_workbook(out).active.iter_rows()]
    heading = next(i for i, row in enumerate(rows) if row[0] == "连续两年考核不合格（拟撤销选认）")
    assert rows[heading + 2][:3] == [str(number), failed.name, "个人"]
    assert Decimal(str(rows[heading + 2][4])) == failed.total


def test_a_long_remark_wraps_in_its_cell(finished, tmp_path):
    out = summary_of(tmp_path)
    assert LONG_REMARK.rstrip("。") in "".join(rh.page_texts(out))
    pieces = [line for line in rh.text_lines(out) if len(line) > 4
              and line.rstrip("；;") in LONG_REMARK]
    assert len(pieces) >= 3  # wrapped over several lines of its cell, all of it there
    assert "".join(pieces).startswith(LONG_REMARK.rstrip("。"))


def test_many_rows_flow_over_pages_with_the_header_repeated(tmp_path, database):
    people = rh.people(90)
    rounds.open_round(2025)  # open: the data items computed, nothing scored yet
    out = summary_of(tmp_path)
    texts = assert_pages_numbered(out)
    assert len(texts) >= 3
    for text in texts[:-1]:
        assert "序号姓名/名称类型层级服务方式（15分）" in text and "总分等次拟拨经费（万元）备注" in text
    whole = "".join(texts)
    assert "考核状态：进行中，已评0个，共90个，结果可能变动。" in whole
    assert all(rh.commissioner_name(c) in whole for c in people)
    assert whole.count("尚有项目未评分。") == 90


# One subject's form -----------------------------------------------------------------------------


def test_the_form_prints_the_items_the_evidence_and_the_signature_lines(finished, tmp_path):
    row = next(r for r in rounds.round_rows(2025) if r.name == "陈明辉")
    sheet = rounds.subject_sheet(row.assessment_id)
    out = sheet_of(tmp_path, row.assessment_id, "k.pdf")
    texts = assert_pages_numbered(out)
    whole = "".join(texts)
    assert whole.startswith("2025年度科技特派员考核表陈明辉（个人）")
    assert "派出单位泉州市农业科学研究所" in whole and "考核状态已完成" in whole
    for number, item in enumerate(sheet.items, start=1):
        assert (f"{number}{item_label(item)}{shown(item.max_points)}"
                f"{shown(sheet.row.items.get(item.code))}") in whole, item.code
    assert f"总分{shown(sheet.row.total)}" in whole
    # The evidence, figure by figure as the engine counted them.
    assert sheet.service_count == 14 and sheet.service_days == Decimal("21")
    assert "服务次数14服务天数21.0天" in whole
    assert f"三方协议完成情况{shown(sheet.agreement_completion * 100, 1)}%" in whole
    assert "已核实服务次数：143三方协议完成情况" in whole  # computed, not the officer's
    assert "已办结需求满意度：无；由考核单位评分" in whole  # no rated demand: the officer's points
    assert "泉州海天材料科技股份有限公司2025-01-102025.01–2025.12" in whole
    assert "等次良好拟拨经费（万元）0.50" in whole
    assert "表现突出。" in whole
    for party in ("科技特派员（签字）：", "派出单位（盖章）：", "泉州市鲤城区科学技术局（盖章）："):
        assert party in whole
    assert whole.count("日期：______年____月____日") == 3
    assert_fonts_embedded(out)

    document = Document(sheet_of(tmp_path, row.assessment_id, "k.docx"))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = ["".join(c.text for c in r.cells) for t in document.tables for r in t.rows]
    assert document.paragraphs[0].text == "2025年度科技特派员考核表"
    assert any(c.startswith("1服务方式1513由考核单位评分") for c in cells)
    assert {"服务次数14", "服务天数21.0 天", "等次良好"} <= set(cells)
    assert "表现突出。" in text and text.count("日期：______年____月____日") == 3
    assert "科技特派员（签字）：" in text


def test_a_workstations_form_names_its_host_and_its_head_signs(finished, tmp_path):
    row = next(r for r in rounds.round_rows(2025) if r.subject_type == "workstation")
    whole = "".join(rh.page_texts(sheet_of(tmp_path, row.assessment_id, "w.pdf")))
    assert whole.startswith("2025年度科技特派员工作站考核表海天材料科技特派员工作站（工作站）")
    assert "依托单位泉州海天材料科技股份有限公司" in whole
    assert "工作站负责人（签字）：" in whole and "依托单位（盖章）：" in whole
    assert "三方协议" not in whole


# Requests and the command line -------------------------------------------------------------------


def test_the_summary_is_for_a_whole_year_and_the_form_for_one_assessment(tmp_path, database):
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    for request, field in ((reports.ReportRequest("assessment"), "year"),
                           (reports.ReportRequest("assessment",
                                                  period=reports.parse_period("2025Q1")), "year"),
                           (reports.ReportRequest("assessment_sheet"), "assessment")):
        with pytest.raises(UserError) as error:
            reports.render(request, tmp_path / "x.pdf")
        assert error.value.field == field
    with pytest.raises(UserError) as error:
        sheet_of(tmp_path, 999_999, "x.pdf")
    assert error.value.field == "assessment"
    with pytest.raises(UserError, match="2025"):  # no round that year
        summary_of(tmp_path)
    assert reports.formats("assessment") == (".pdf", ".xlsx")
    assert reports.formats("assessment_sheet") == (".pdf", ".docx")
    assert not list(tmp_path.iterdir())


def test_the_dossier_shows_the_assessment_with_its_items(finished, tmp_path):
    row = next(r for r in rounds.round_rows(2025) if r.name == "陈明辉")
    sheet = rounds.subject_sheet(row.assessment_id)
    out = tmp_path / "d.pdf"
    reports.render(reports.ReportRequest("dossier", commissioner=str(finished["陈明辉"])), out)
    whole = "".join(rh.page_texts(out))
    items = "；".join(f"{item_label(item)}{shown(row.items[item.code])}" for item in sheet.items
                     if row.items[item.code] is not None)
    assert "年度考核年度层级考核项目总分等次" in whole
    assert f"2025市级{items}；加分项未评分{shown(row.total, 1)}良好0.50万元" in whole


def test_the_command_lines_write_the_summary(finished, tmp_path, database):
    from tests.test_cli import main_py

    out = tmp_path / "汇总表.xlsx"
    result = main_py("assess", "report", "--year", "2025", "--db", database.target,
                     "--out", out, "--read-only")
    assert result.returncode == 0, result.stderr
    assert "汇总表" in result.stdout and load_workbook(out).active["A1"].value.endswith(
        "2025年度科技特派员考核结果汇总表")
    result = main_py("report", "assessment", "--year", "2025", "--db", database.target,
                     "--out", tmp_path / "s.pdf")
    assert result.returncode == 0 and "共 2 页" in result.stdout, result.stderr
    missing = main_py("assess", "report", "--year", "2026", "--db", database.target,
                      "--out", tmp_path / "none.pdf")
    assert missing.returncode == 1 and "没有2026年度考核" in missing.stderr
    assert not (tmp_path / "none.pdf").exists()
    refused = main_py("report", "assessment", "--quarter", "2025Q1", "--db", database.target,
                      "--out", tmp_path / "q.pdf")
    assert refused.returncode == 1 and "考核按整年进行" in refused.stderr


@pytest.mark.sqlite_only("a released version is a database file")
def test_an_upgraded_databases_older_assessment_keeps_its_components_in_the_dossier(tmp_path,
                                                                                   database):
    """An assessment written before the rounds (schema 4) has no scheme: the dossier prints the
    four components it kept, its total, grade and subsidy."""
    from app.data import session

    session.close_session()
    copy = tmp_path / "v4.db"
    shutil.copy(REPO / "tests" / "data" / "schema_v4.db", copy)
    session.open_session(copy)
    old = models.Assessment.get_by_id(1)
    assert old.round_id is None
    out = tmp_path / "d.pdf"
    reports.render(reports.ReportRequest("dossier", commissioner=str(
        old.appointment.commissioner_id)), out)
    whole = "".join(rh.page_texts(out))
    assert ("服务12.5；成果12.5；满意度12.5；加分12.5" + "12.5优秀12.50万元") in whole
