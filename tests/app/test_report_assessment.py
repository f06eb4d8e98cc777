"""The annual assessment's printed output: the district's 年度考核结果汇总表 (PDF, xlsx) and one
subject's 考核表 (PDF, docx), read back as their readers see them."""

from __future__ import annotations

from decimal import Decimal

import pytest
from openpyxl import load_workbook

from app import reports
from app.assessment import rounds
from app.assessment.rounds import RoundRow, RoundState, Summary
from app.assessment.schemes import default_scheme
from app.core import i18n
from app.core.errors import UserError
from tests.app import report_helpers as rh
from tests.app.test_reports import assert_fonts_embedded, assert_pages_numbered

LONG_REMARK = ("全年深入企业开展技术服务，协助企业解决了染整工艺节能降耗的关键问题，组织培训三场，"
               "推广新技术两项，服务对象反映良好，建议继续选派。")


@pytest.fixture(autouse=True)
def chinese():
    i18n.set_language("zh_CN")


def summary_pdf(tmp_path, year=2025, name="s.pdf"):
    out = tmp_path / name
    reports.render(reports.ReportRequest("assessment", period=reports.parse_period(year=year)), out)
    return out


def sheet_of(tmp_path, assessment_id, name):
    out = tmp_path / name
    reports.render(reports.ReportRequest("assessment_sheet", assessment=str(assessment_id)), out)
    return out


# A round written by hand: the layout's own checks ------------------------------------------------


def scored(number: int, subject_type: str, grade: str, remarks: str = "") -> RoundRow:
    items = default_scheme(subject_type, 2025).items
    points = {item.code: item.max_points * Decimal("0.8") for item in items}
    return RoundRow(number, subject_type, number, f"测试{number:03d}", "municipal", points,
                    sum(points.values()), grade, (), Decimal(1) if grade == "excellent" else
                    Decimal(0), remarks, True)


def hand_made(monkeypatch, rows: list[RoundRow]) -> Summary:
    """``rounds`` answering with ``rows`` for 2025, as a finished round."""
    grades = {g: sum(r.grade == g for r in rows) for g in ("excellent", "good", "pass", "fail")}
    funds = {g: sum((r.funds for r in rows if r.grade == g), Decimal(0)) for g in grades}
    summary = Summary(2025, "finished", tuple(rows), {
        t: default_scheme(t, 2025).items for t in ("individual", "team", "legal_person",
                                                   "workstation")},
        grades, funds, sum(funds.values(), Decimal(0)))
    state = RoundState(2025, "finished", len(rows), len(rows), grades["excellent"],
                       len(rows) * 35 // 100, summary.funds_total, grades)
    monkeypatch.setattr(rounds, "summary", lambda year: summary)
    monkeypatch.setattr(rounds, "round_state", lambda year: state)
    return summary


def test_many_rows_flow_over_pages_with_the_header_repeated(monkeypatch, tmp_path, database):
    hand_made(monkeypatch, [scored(n, "individual", "good") for n in range(1, 121)])
    out = summary_pdf(tmp_path)
    texts = assert_pages_numbered(out)
    assert len(texts) >= 3
    for text in texts[:-1]:
        assert "序号姓名/名称类型层级服务方式（15分）" in text and "总分等次拟拨经费（万元）备注" in text
    whole = "".join(texts)
    assert all(f"测试{n:03d}" in whole for n in range(1, 121))
    assert_fonts_embedded(out)


def test_a_long_remark_wraps_in_its_cell(monkeypatch, tmp_path, database):
    hand_made(monkeypatch, [scored(1, "individual", "excellent", LONG_REMARK),
                            scored(2, "team", "good")])
    out = summary_pdf(tmp_path)
    assert LONG_REMARK in "".join(rh.page_texts(out))
    lines = rh.text_lines(out)
    pieces = [line for line in lines if len(line) > 4 and line in LONG_REMARK]
    assert len(pieces) >= 3 and "".join(pieces) == LONG_REMARK  # wrapped, all there


# Requests ---------------------------------------------------------------------------------------


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
    assert reports.formats("assessment") == (".pdf", ".xlsx")
    assert reports.formats("assessment_sheet") == (".pdf", ".docx")
    assert not list(tmp_path.iterdir())


def test_the_workbook_has_the_pdfs_columns_with_numbers_as_numbers(monkeypatch, tmp_path,
                                                                  database):
    summary = hand_made(monkeypatch, [scored(1, "individual", "excellent", LONG_REMARK),
                                      scored(2, "team", "good"), scored(3, "workstation", "pass")])
    out = tmp_path / "s.xlsx"
    reports.render(reports.ReportRequest("assessment", period=reports.parse_period(year=2025)), out)
    ws = load_workbook(out).active
    rows = [[cell.value for cell in row] for row in ws.iter_rows()]
    assert rows[0][0] == "泉州市鲤城区2025年度科技特派员考核结果汇总表"
    head = next(i for i, row in enumerate(rows) if row[0] == "序号")
    assert rows[head][:5] == ["序号", "姓名/名称", "类型", "层级", "服务方式\n（15分）"]
    assert rows[head][-4:] == ["总分", "等次", "拟拨经费（万元）", "备注"]
    assert ws.print_title_rows == f"${head + 1}:${head + 1}" and ws.page_setup.orientation == "landscape"
    first, team = rows[head + 1], rows[head + 2]
    expected = summary.rows[0]
    assert first[:4] == ["1", "测试001", "个人", "市级"]
    assert [Decimal(str(v)) for v in first[4:10]] == [expected.items[item.code] for item in
                                                      summary.items["individual"]]
    assert Decimal(str(first[10])) == expected.total and first[11] == "优秀"
    assert first[12] == 1 and ws.cell(head + 2, 13).number_format == "#,##0.00"
    assert first[13] == LONG_REMARK
    assert team[9] == "—"  # a team has no bonus item
    # The workstations' table and the totals by grade stand under the first table.
    station = next(i for i, row in enumerate(rows) if row[0] == "工作站")
    assert rows[station + 1][4] == "建立服务配套措施\n（20分）" and rows[station + 2][1] == "测试003"
    totals = next(i for i, row in enumerate(rows) if row[0] == "按等次汇总")
    assert rows[totals + 1][:5] == ["等次", "个人", "团队", "工作站", "合计"]
    assert rows[totals + 2][:6] == ["优秀", 1, 0, 0, 1, 1]
    assert rows[totals + 6][:6] == ["合计", 1, 1, 1, 3, 1]
