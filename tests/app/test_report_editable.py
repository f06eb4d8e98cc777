"""The editable versions read back (python-docx, openpyxl): the same rows and totals as the PDF;
and what every printed version carries: binding margin, seal and signature lines, the
confidential mark on pages with full ID numbers."""

from __future__ import annotations

import re

import pytest
from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from reportlab.lib.units import mm

from app import reports
from app.core import i18n
from app.core.errors import UserError
from db.models import Commissioner, Event
from tests.app import report_helpers as rh
from tests.test_cli import main_py


@pytest.fixture(autouse=True)
def chinese():
    i18n.set_language("zh_CN")


def write(tmp_path, name, kind, **options):
    out = tmp_path / name
    reports.render(reports.ReportRequest(kind, **options), out)
    return out


def shenzhen() -> str:
    return str(Event.get(Event.title == "纺织鞋服科技人才交流活动和技术对接（深圳）").id)


# Excel ------------------------------------------------------------------------------------------


def sheet_rows(ws):
    return [[cell.value for cell in row] for row in ws.iter_rows()]


def test_roster_xlsx_has_the_pdfs_rows_and_totals_in_the_printed_layout(demo, tmp_path):
    period = reports.parse_period("2025Q2")
    pdf = "".join(rh.page_texts(write(tmp_path, "r.pdf", "roster", period=period)))
    ws = load_workbook(write(tmp_path, "r.xlsx", "roster", period=period)).active
    rows = sheet_rows(ws)
    assert rows[0][0] == "科技特派员季度花名册" and "A1:N1" in ws.merged_cells
    header = next(i for i, row in enumerate(rows, start=1) if row[0] == "序号")
    assert rows[header - 1][1] == "姓名/团队/法人名称"
    assert ws.print_title_rows == f"${header}:${header}"
    assert ws.freeze_panes == f"A{header + 1}"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    lines = [row for row in rows[header:] if row[0] and re.fullmatch(r"\d+\*?", str(row[0]))
             and row[1]]
    count = int(re.search(r"期末在册(\d+)项选认", pdf)[1])
    assert len(lines) == count
    for line in lines:
        assert "".join(line[1].split()) in pdf and line[12] in pdf  # name and term, as printed
        id_cell, phone = ws.cell(rows.index(line) + 1, 5), ws.cell(rows.index(line) + 1, 14)
        assert id_cell.number_format == "@" and phone.number_format == "@"
        assert isinstance(phone.value, str) and (line[5] != "个人" or "****" in id_cell.value)
    total = next(row for row in rows if row[0] == "合计")
    assert re.search("合计" + "".join(str(v) for v in total[1:5] if v is not None), pdf)
    assert total[4] == str(count)
    assert any(row[0] and str(row[0]).startswith("填报单位（盖章）：") for row in rows)


def test_sign_in_and_workstation_sheets(demo, tmp_path):
    ws = load_workbook(write(tmp_path, "s.xlsx", "signin", event=shenzhen())).active
    rows = sheet_rows(ws)
    assert ws.page_setup.orientation == "portrait" and ws.print_title_rows
    numbered = [row for row in rows if row[0] and re.fullmatch(r"\d+", str(row[0]))]
    named = [row for row in numbered if row[1] or row[2]]
    assert len(named) == 15 and len(numbered) == 25
    assert any("（共15行）；第16–25行供临时到场人员签到" in "".join(str(row[0]).split())
               for row in rows)
    stations = load_workbook(write(tmp_path, "w.xlsx", "workstations",
                                   period=reports.parse_period("2025Q4"))).active
    pdf = "".join(rh.page_texts(write(tmp_path, "w.pdf", "workstations",
                                      period=reports.parse_period("2025Q4"))))
    names = [row[1] for row in sheet_rows(stations)
             if row[0] and re.fullmatch(r"\d+\*?", str(row[0]))]
    assert len(names) == 5 and all(name in pdf for name in names)
    assert stations.page_setup.orientation == "landscape"


# Word -------------------------------------------------------------------------------------------


def word_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "".join("".join(parts).split())


def test_activity_report_docx_has_the_pdfs_figures_and_an_editable_summary(demo, tmp_path):
    options = {"period": reports.parse_period(year=2024),
               "summary": "全年组织活动四场。\n第二段，继续推进。"}
    pdf = "".join(rh.page_texts(write(tmp_path, "a.pdf", "activities", **options)))
    document = Document(write(tmp_path, "a.docx", "activities", **options))
    text = word_text(document)
    for figure in ("服务记录（条）", "服务天数", "发布需求", "办结率", "认领率"):
        printed = re.search(re.escape(figure) + r"([\d.%—]+)", pdf)[1]
        assert re.search(re.escape(figure) + re.escape(printed), text), figure
    assert "新选认省级科技特派员：个人4名、团队1个。" in text
    events = document.tables[2]
    assert events.rows[0].cells[0].text == "序号"
    assert len(events.rows) - 1 == len(re.findall(r"\d{4}-\d{2}-\d{2}", pdf[pdf.index("四、"):
                                                                           pdf.index("五、")]))
    assert events.rows[0]._tr.xpath("./w:trPr/w:tblHeader")  # repeated on every page
    summary = [p for p in document.paragraphs if p.text in ("全年组织活动四场。", "第二段，继续推进。")]
    assert len(summary) == 2 and all(p.paragraph_format.first_line_indent for p in summary)
    normal = document.styles["Normal"].element.rPr.rFonts
    assert normal.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") \
        == "宋体"
    footer = document.sections[0].footer.paragraphs[0]._p.xml
    assert "PAGE" in footer and "NUMPAGES" in footer
    assert "填报单位（盖章）：" in text
    assert document.sections[0].left_margin.mm >= 25


def test_event_and_team_dossier_docx(demo, tmp_path):
    summary = word_text(Document(write(tmp_path, "e.docx", "event", event=shenzhen())))
    pdf = "".join(rh.page_texts(write(tmp_path, "e.pdf", "event", event=shenzhen())))
    assert "已邀请科技特派员4名；企业8家；其他人员3名" in summary and summary[:30] in pdf
    assert summary.count("技术合作意向") == pdf.count("技术合作意向")
    team = str(Commissioner.get(Commissioner.team_name.is_null(False)).id)
    dossier = word_text(Document(write(tmp_path, "d.docx", "dossier", commissioner=team)))
    assert dossier.startswith("科技特派员团队工作实绩档案")
    assert "".join(rh.page_texts(write(tmp_path, "d.pdf", "dossier", commissioner=team))
                   ).startswith("科技特派员团队工作实绩档案")


# Formats and file names -------------------------------------------------------------------------


def test_the_format_follows_the_extension_and_others_are_refused(demo, database, tmp_path):
    period = reports.parse_period("2025Q2")
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    for name, kind in (("r.docx", "roster"), ("a.xlsx", "activities"), ("r.txt", "roster"),
                       ("r", "roster")):
        with pytest.raises(UserError) as error:
            write(tmp_path, name, kind, period=period)
        assert error.value.field == "out" and "不能保存为" in error.value.message
    assert not list(tmp_path.iterdir())
    result = main_py("report", "roster", "--quarter", "2025Q2", "--db", database.target,
                     "--out", tmp_path / "r.odt")
    assert result.returncode == 1 and "可以保存为.pdf、.xlsx" in "".join(result.stderr.split())
    assert reports.formats("activities") == (".pdf", ".docx")


# Binding, seal and signature, confidentiality ---------------------------------------------------


def test_portrait_pages_leave_room_to_bind_them(demo, tmp_path):
    path = write(tmp_path, "a.pdf", "activities", period=reports.parse_period(year=2024))
    assert min(rh.line_starts(path).values()) >= 25 * mm - 0.5
    text = "".join(rh.page_texts(path))
    assert "填报单位（盖章）：" in text and "填报人：" in text and "审核人：" in text


def test_pages_with_full_id_numbers_are_marked_confidential(demo, tmp_path):
    period = reports.parse_period("2025Q2")
    full = rh.page_texts(write(tmp_path, "full.pdf", "roster", period=period, full_id=True))
    assert all("内部资料注意保密" in page for page in full)
    masked = rh.page_texts(write(tmp_path, "masked.pdf", "roster", period=period))
    assert not any("内部资料" in page for page in masked)
    ws = load_workbook(write(tmp_path, "full.xlsx", "roster", period=period, full_id=True)).active
    assert "内部资料" in ws.oddHeader.right.text


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(stem=st.text(alphabet="报表ab1_- .", min_size=1, max_size=8),
       suffix=st.sampled_from(["", ".pdf", ".PDF", ".docx", ".xlsx", ".Xlsx", ".odt", ".pdf.bak",
                               ".doc", ".xls", ".txt"]),
       kind=st.sampled_from(["workstations", "activities"]))
def test_any_file_name_is_written_as_its_extension_says_or_refused(tmp_path, stem, suffix, kind):
    """Oracle: written in the format of its extension when the report has that format, else
    refused on ``out`` with nothing written."""
    folder = tmp_path / "out"
    folder.mkdir(exist_ok=True)
    out = folder / (stem.strip(" .") + suffix if stem.strip(" .") else "r" + suffix)
    out.unlink(missing_ok=True)
    request = reports.ReportRequest(kind, period=reports.parse_period("2025Q1"))
    wanted = out.suffix.lower()
    if wanted not in reports.formats(kind):
        with pytest.raises(UserError) as error:
            reports.render(request, out)
        assert error.value.field == "out" and not out.exists()
        return
    reports.render(request, out)
    head = out.read_bytes()[:4]
    assert head == (b"%PDF" if wanted == ".pdf" else b"PK\x03\x04")  # docx, xlsx: zip
    if wanted == ".xlsx":
        assert load_workbook(out).active["A1"].value
    elif wanted == ".docx":
        assert Document(out).paragraphs[0].text
