"""Printed reports read back the way a reader reads them: text, fonts, pages, metadata."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime

import pytest
from PIL import Image
from pypdf import PdfReader

from app import reports
from app.activities import attachments, events
from app.core import i18n, settings
from app.core.errors import UserError
from app.core.status import in_force
from app.register import commissioners as cs
from app.reports import fonts, layout
from db.models import Appointment, Commissioner, Event, Person, Workstation
from tests.app import report_helpers as rh
from tests.test_cli import main_py


@pytest.fixture
def chinese():
    i18n.set_language("zh_CN")


def render(tmp_path, kind, name=None, **options):
    out = tmp_path / f"{name or kind}.pdf"
    done = reports.render(reports.ReportRequest(kind, **options), out)
    assert done.path == out and out.is_file()
    return out


def assert_pages_numbered(path):
    """Every page says 第 x 页 共 y 页 with y the real page count."""
    texts = rh.page_texts(path)
    for number, text in enumerate(texts, start=1):
        assert f"第{number}页共{len(texts)}页" in text, (number, text[-40:])
    return texts


def assert_fonts_embedded(path):
    found = rh.fonts(path)
    assert found, "a report without text fonts"
    assert all(f["emb"] == "yes" and f["type"] == "TrueType" for f in found), found
    assert not any("STSong" in f["name"] or "Helvetica" in f["name"] for f in found)


def quarter(text):
    return reports.parse_period(text)


# Each report, on the demo data ---------------------------------------------------------------


def test_roster_lists_those_in_force_at_the_quarter_end(demo, chinese, tmp_path):
    path = render(tmp_path, "roster", period=quarter("2025Q2"))
    texts = assert_pages_numbered(path)
    assert_fonts_embedded(path)
    whole = "".join(texts)
    day = date(2025, 6, 30)
    in_force_count = Appointment.select().join(Commissioner).where(
        in_force(day) & (Appointment.term_end > day) & Commissioner.deleted_at.is_null()).count()
    assert texts[0].startswith("科技特派员季度花名册2025年第2季度（截至2025年6月30日）")
    assert "填报单位：泉州市鲤城区科学技术局" in texts[0]
    for header in ("序号", "姓名/团队/法人名称", "性别", "出生年月", "身份证号码", "派出单位",
                   "职称", "专业领域", "服务对象", "服务街道", "服务期限", "联系电话"):
        assert header in texts[0]
    assert f"期末在册{in_force_count}项选认" in whole
    assert "省级·个人" in whole and "市级·团队" in whole
    assert "本期期满或退出情况" in whole and "按层级和类型汇总" in whole
    totals = whole[whole.index("按层级和类型汇总"):]
    assert re.search(rf"合计\d+\d+\d+{in_force_count}", totals)
    assert "填报人：" in texts[-1] and "审核人：" in texts[-1]



def test_roster_of_one_level(demo, chinese, tmp_path):
    path = render(tmp_path, "roster", period=quarter("2025Q2"), level="municipal")
    whole = "".join(rh.page_texts(path))
    assert "市级·个人" in whole and "省级·个人" not in whole
    municipal = Appointment.select().where(in_force(date(2025, 6, 30))
                                           & (Appointment.level == "municipal")).count()
    assert f"期末在册{municipal}项选认" in whole


def test_workstation_roster(demo, chinese, tmp_path):
    path = render(tmp_path, "workstations", period=quarter("2025Q4"))
    texts = assert_pages_numbered(path)
    assert_fonts_embedded(path)
    whole = "".join(texts)
    assert whole.startswith("科技特派员工作站花名册2025年第4季度")
    for header in ("工作站", "依托单位", "地址", "站长", "入驻科技特派员", "认定日期", "文号", "状态"):
        assert header in whole
    for station in Workstation.select():
        assert station.name in whole
    assert "工作站5个，其中本期新认定1个" in whole  # 集力生物, recognized 2025-10-28


def test_activity_report_states_the_2024_facts(demo, database, tmp_path):
    """The 2024 scenario of DOMAIN.md, through main.py as the officer runs it."""
    out = tmp_path / "activities-2024.pdf"
    result = main_py("report", "activities", "--year", "2024", "--db", database.target,
                     "--summary", "全年组织科技特派员活动四场。", "--out", out)
    assert result.returncode == 0, result.stderr
    assert "共 2 页" in result.stdout or "页，已写入" in result.stdout
    texts = assert_pages_numbered(out)
    assert_fonts_embedded(out)
    whole = "".join(texts)
    assert whole.startswith("科技特派员工作活动报告2024年度（2024年1月1日至2024年12月31日）")
    assert "新选认省级科技特派员：个人4名、团队1个。" in whole
    assert "新选认市级科技特派员：个人13名、团队1个、法人1个。" in whole  # 15 appointments
    assert "新认定市级科技特派员工作站1个。" in whole
    for title in ("科技特派员联席会议暨人才交流活动", "科技特派员成果交流推介暨人才沙龙活动",
                  "赴洛江区调研学习科技特派员工作", "纺织鞋服科技人才交流活动和技术对接（深圳）"):
        assert title in whole
    shenzhen = whole[whole.index("纺织鞋服科技人才交流活动和技术对接（深圳）"):]
    assert shenzhen.index("企业8家") < shenzhen.index("技术合作意向5项；产品合作意向1项")
    for section in ("服务记录（条）", "发布需求", "认领率", "各状态需求数", "各类活动场次",
                    "各月服务天数", "六、工作小结", "全年组织科技特派员活动四场。"):
        assert section in whole


def test_sign_in_sheet_has_invitees_and_blank_rows(demo, chinese, tmp_path):
    event = Event.get(Event.title == "科技特派员联席会议暨人才交流活动")
    path = render(tmp_path, "signin", event=str(event.id))
    texts = assert_pages_numbered(path)
    assert_fonts_embedded(path)
    whole = "".join(texts)
    assert whole.startswith("签到表科技特派员联席会议暨人才交流活动")
    for header in ("序号", "姓名/名称", "单位", "职务/职称", "联系电话", "签名"):
        assert header in texts[0]
    invited = int(re.search(r"（共(\d+)行）；第(\d+)–(\d+)行供临时到场人员签到", whole)[1])
    assert invited > 0
    table = re.findall(r"(?<!\d)(\d{1,2})(?=[^\d])", whole)
    assert str(invited + 10) in table  # the last blank row is numbered


def test_event_summary_by_uuid(demo, chinese, tmp_path):
    event = Event.get(Event.title == "纺织鞋服科技人才交流活动和技术对接（深圳）")
    path = render(tmp_path, "event", event=event.uuid)
    texts = assert_pages_numbered(path)
    assert len(texts) == 1
    whole = texts[0]
    assert whole.startswith("活动纪要纺织鞋服科技人才交流活动和技术对接（深圳）")
    assert "企业和单位（8）" in whole
    kinds = re.findall(r"\d(技术|产品)合作意向", whole)  # the kind cell follows the row number
    assert kinds.count("技术") == 5 and kinds.count("产品") == 1


def test_dossier_masks_the_id_number(demo, chinese, tmp_path):
    commissioner = (Commissioner.select().join(Person)
                    .where((Commissioner.kind == "individual") & Person.id_number.is_null(False))
                    .get())
    number = commissioner.person.id_number
    path = render(tmp_path, "dossier", commissioner=str(commissioner.id))
    whole = "".join(assert_pages_numbered(path))
    assert whole.startswith("科技特派员个人工作实绩档案" + commissioner.person.name)
    assert number[:6] + "********" + number[-4:] in whole and number not in whole
    for section in ("基本情况", "选认情况", "服务协议", "服务日志", "认领的需求", "年度考核"):
        assert section in whole
    full = render(tmp_path, "dossier", "dossier-full", commissioner=commissioner.uuid, full_id=True)
    assert number in "".join(rh.page_texts(full))


# Layout ----------------------------------------------------------------------------------------


def test_long_roster_repeats_its_header_and_numbers_its_pages(chinese, tmp_path):
    rh.people(70)
    settings.put("compiler", "林小明")
    path = render(tmp_path, "roster", period=quarter("2025Q1"))
    texts = assert_pages_numbered(path)
    assert len(texts) >= 3
    for text in texts[1:-1]:
        assert "序号姓名/团队/法人名称性别出生年月身份证号码" in text
    assert "测试069" in "".join(texts)
    assert "期末在册70项选认，科技特派员70名；其中本期新选认70项" in texts[0]
    assert "填报人：林小明" in texts[-1]
    layout = rh.layout_text(path)
    assert layout.count("\f") == len(texts)
    # A row of the table reads as one line, its cells apart and in order.
    assert re.search(r"\n *70\*? +测试069 +男 +1980\.05 +350502\*{8}\d{3}[\dX] ", layout)


def test_rows_never_overflow_the_page(chinese, tmp_path):
    """Each page's table ends above the footer: no text below the bottom margin but the footer,
    and a full page does reach down there."""
    rh.people(30)
    path = render(tmp_path, "roster", period=quarter("2025Q1"))
    bottom = layout.MARGIN + layout.FOOTER_Y
    lowest = []
    for page in PdfReader(path).pages:
        heights = []

        def visit(text, cm, tm, font, size, heights=heights):
            if text.strip() and not text.strip().startswith("第"):
                heights.append(cm[1] * tm[4] + cm[3] * tm[5] + cm[5])  # y on the page

        page.extract_text(visitor_text=visit)
        lowest.append(min(heights))
    assert len(lowest) > 1
    assert all(y >= bottom for y in lowest), lowest
    assert lowest[0] < bottom + 60, lowest


def test_id_numbers_masked_unless_asked(chinese, tmp_path):
    rh.people(1)
    number = Person.get(Person.name == "测试000").id_number
    masked = "".join(rh.page_texts(render(tmp_path, "roster", period=quarter("2025Q1"))))
    assert f"350502********{number[-4:]}" in masked and number not in masked
    full = "".join(rh.page_texts(render(tmp_path, "roster", "full", period=quarter("2025Q1"),
                                        full_id=True)))
    assert number in full


def test_mask_id():
    assert layout.mask_id("350502198005010011") == "350502********0011"
    assert layout.mask_id("350502198005010011", full=True) == "350502198005010011"
    assert layout.mask_id(None) == ""


@pytest.mark.parametrize("kind", ["roster", "workstations", "activities"])
def test_an_empty_period_is_a_correct_report(kind, tmp_path, database):
    out = tmp_path / f"{kind}.pdf"
    result = main_py("report", kind, "--quarter", "2019Q1", "--db", database.target,
                     "--out", out)
    assert result.returncode == 0, result.stderr
    whole = "".join(assert_pages_numbered(out))
    assert "2019年第1季度" in whole
    assert any(text in whole for text in ("本期末无在册科技特派员。", "截至本期末无工作站。",
                                          "本期无新选认科技特派员。"))


def test_metadata(chinese, tmp_path):
    settings.put("issuing_unit", "泉州市鲤城区科学技术局（测试）")
    path = render(tmp_path, "roster", period=quarter("2025Q1"))
    reader = PdfReader(path)
    assert reader.metadata.title == "科技特派员季度花名册"
    assert reader.metadata.author == "泉州市鲤城区科学技术局（测试）"
    assert reader.metadata.subject.startswith("2025年第1季度")
    assert reader.trailer["/Root"]["/Lang"] == "zh-CN"


def test_reports_follow_the_language(tmp_path):
    i18n.set_language("en")
    whole = "".join(rh.page_texts(render(tmp_path, "roster", period=quarter("2025Q1"))))
    assert whole.startswith("Quarterlyrosterofscienceandtechnologycommissioners")
    assert "Page1of1" in whole


# Writing the file ------------------------------------------------------------------------------


def test_a_failed_generation_leaves_the_old_file_and_no_half_file(chinese, tmp_path, monkeypatch):
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "roster.pdf"
    out.write_bytes(b"the previous report")

    def broken(path, story, **options):
        with open(path, "wb") as half:
            half.write(b"%PDF-1.4 half")
        raise RuntimeError("disk full")

    monkeypatch.setattr(layout, "build", broken)
    with pytest.raises(RuntimeError):
        reports.render(reports.ReportRequest("roster", period=quarter("2025Q1")), out)
    assert out.read_bytes() == b"the previous report"
    assert [p.name for p in folder.iterdir()] == ["roster.pdf"]


def test_bad_requests_are_refused_before_writing(tmp_path):
    with pytest.raises(UserError) as error:
        reports.parse_period("2025Q5")
    assert error.value.field == "quarter"
    with pytest.raises(UserError) as error:
        reports.render(reports.ReportRequest("event", event="999"), tmp_path / "e.pdf")
    assert error.value.field == "event"
    with pytest.raises(UserError) as error:
        reports.render(reports.ReportRequest("dossier"), tmp_path / "d.pdf")
    assert error.value.field == "commissioner"
    with pytest.raises(UserError) as error:
        reports.render(reports.ReportRequest("roster"), tmp_path / "missing" / "r.pdf")
    assert error.value.field == "out"
    assert not list(tmp_path.glob("*.pdf"))


def test_periods():
    assert reports.parse_period("2025Q1") == reports.Period(date(2025, 1, 1), date(2025, 3, 31),
                                                            2025, 1)
    assert reports.parse_period("2024q4").end == date(2024, 12, 31)
    assert reports.parse_period(year=2024) == reports.Period(date(2024, 1, 1),
                                                             date(2024, 12, 31), 2024)
    assert reports.parse_period(today=date(2026, 11, 26)).quarter == 4


# Fonts -----------------------------------------------------------------------------------------


def test_the_configured_font_comes_first_and_a_broken_one_is_skipped(tmp_path):
    copy = tmp_path / "office.ttc"
    copy.write_bytes(fonts.bundled_font().read_bytes())
    settings.put("report_font", str(copy))
    chosen = fonts.resolve()
    assert chosen.regular_file == str(copy)
    broken = tmp_path / "broken.ttf"
    broken.write_bytes(b"not a font")
    settings.put("report_font", str(broken))
    assert fonts.resolve().regular_file == str(fonts.bundled_font())


def test_windows_fonts_come_before_the_bundled_one(tmp_path, monkeypatch):
    folder = tmp_path / "Fonts"
    folder.mkdir()
    for name in ("simsun.ttc", "simhei.ttf"):
        (folder / name).write_bytes(fonts.bundled_font().read_bytes())
    monkeypatch.setenv("WINDIR", str(tmp_path))
    chosen = fonts.resolve()
    assert chosen.regular_file == str(folder / "simsun.ttc")
    assert chosen.bold_file == str(folder / "simhei.ttf")  # 黑体 as the bold of 宋体


def test_appointments_that_ended_during_the_quarter_are_listed_apart(chinese, tmp_path):
    expired, withdrawn, _staying = rh.people(3, start=date(2024, 1, 1), end=date(2027, 12, 31))
    for commissioner, changes in ((expired, {"term_end": date(2025, 2, 28)}),
                                  (withdrawn, {"status": "withdrawn", "notes": "工作调动"})):
        current = cs.appointments_of(commissioner)[0]
        cs.save_appointment(replace(current, **changes))
    today = reports.parse_period(today=date.today())
    path = render(tmp_path, "roster", period=today)
    whole = "".join(rh.page_texts(path))
    ended = whole[whole.index("本期期满或退出情况"):whole.index("按层级和类型汇总")]
    assert "测试001" in ended and "已退出" in ended and "工作调动" in ended  # withdrawn today
    assert "测试002" in whole[:whole.index("本期期满或退出情况")]
    assert "测试000" not in whole  # its term ended in 2025Q1, not in this quarter
    q1 = "".join(rh.page_texts(render(tmp_path, "roster", "q1", period=quarter("2025Q1"))))
    ended_q1 = q1[q1.index("本期期满或退出情况"):]
    assert "测试000" in ended_q1 and "已到期" in ended_q1
    assert "测试001" not in ended_q1  # it was withdrawn later, not in 2025Q1
    # A past quarter's roster stands as the register stood then: withdrawn today, in force on
    # 31 March 2025, so listed with the one staying.
    in_force_q1 = q1[:q1.index("本期期满或退出情况")]
    assert "期末在册2项选认，科技特派员2名" in q1
    assert "测试001" in in_force_q1 and "测试002" in in_force_q1


def test_event_summary_shows_its_photos_scaled(chinese, tmp_path):
    changed = events.save_event(events.EventInput("salon", "纺织人才沙龙",
                                                  datetime(2025, 6, 26, 1)))
    photo = tmp_path / "现场.png"
    Image.new("RGB", (3000, 2000), "#3a6ea5").save(photo)
    attachments.add("event", events.get_event(changed.id).uuid, photo, caption="现场")
    path = render(tmp_path, "event", event=str(changed.id))
    page = PdfReader(path).pages[0]
    assert len(page.images) == 1
    assert "活动照片" in rh.page_texts(path)[0]
    assert_pages_numbered(path)


def test_reports_embed_simsun_for_the_body_and_simhei_for_headings(windows_fonts, chinese,
                                                                  tmp_path, monkeypatch):
    """The first face of simsun.ttc (宋体, not 新宋体 after it), 黑体 for the bold headings; a
    PDF that names them prints the same on a PC without them (embedded subsets)."""
    monkeypatch.setenv("WINDIR", str(windows_fonts.parent))
    rh.people(2)
    path = render(tmp_path, "roster", period=reports.parse_period(today=date.today()))
    embedded = {re.sub(r"-\d+$", "", str(font["/BaseFont"]).split("+")[-1])  # subset: -0
                for page in PdfReader(path).pages
                for font in page["/Resources"]["/Font"].values()}
    assert {"SimSun", "SimHei"} <= embedded and "NSimSun" not in embedded
    assert "WenQuanYiMicroHei" not in embedded


def test_without_simhei_simsun_is_its_own_bold_and_without_both_the_bundled_font(
        windows_fonts, tmp_path, monkeypatch):
    fonts_folder = tmp_path / "Fonts"
    fonts_folder.mkdir()
    (fonts_folder / "simsun.ttc").write_bytes((windows_fonts / "simsun.ttc").read_bytes())
    monkeypatch.setenv("WINDIR", str(tmp_path))
    chosen = fonts.resolve()
    assert chosen.regular_file == chosen.bold_file == str(fonts_folder / "simsun.ttc")
    (fonts_folder / "simsun.ttc").unlink()
    assert fonts.resolve().regular_file == str(fonts.bundled_font())
