"""The quarterly roster of 10,000 appointments against plain reportlab with the same rows.

The baseline is what one writes with reportlab alone: the same cells (14 columns, CJK-wrapping
paragraphs) in one ``LongTable`` with a repeated header, the same font and page, and no title
block, groups, shading, page count or signatures; once with every cell a paragraph and once with
plain text where it fits its column, as the roster does. All are rendered in the same run; the
roster should take at most 1.3× the faster baseline.
"""

from __future__ import annotations

import random
import tempfile
import time
from datetime import date
from pathlib import Path

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, TableStyle

from app.core import i18n
from app.data import session
from app.reports import fonts, layout, roster
from app.reports.register_data import RosterData, RosterLine
from app.reports.request import quarter_period
from db.models import COMMISSIONER_KINDS
from tests.benchmarks.harness import Figure, median_time, ratio_figure

TARGET = 1.3
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华玉兰萍建国文斌志宏海波鹏辉"
UNITS = ["华侨大学", "泉州师范学院", "黎明职业大学", "福建农林大学", "泉州信息工程学院",
         "泉州市鲤城区兴业食品有限公司", "中国科学院海西研究院泉州装备制造研究所",
         "福建火炬电子科技股份有限公司", "鸿星尔克（泉州）体育用品有限公司"]
FIELDS = ["纺织鞋服", "装备制造", "电子信息", "新材料", "生物医药", "现代农业", "食品加工、数字经济"]
STREETS = ["海滨街道", "临江街道", "鲤中街道", "开元街道", "浮桥街道", "江南街道", "金龙街道",
           "常泰街道"]


def sample(rows: int, seed: int = 6) -> RosterData:
    r = random.Random(seed)
    period = quarter_period(2025, 2)
    lines = []
    for i in range(rows):
        kind = COMMISSIONER_KINDS[0] if r.random() < 0.85 else r.choice(COMMISSIONER_KINDS[1:])
        start = date(r.choice((2023, 2024, 2025)), r.randint(1, 6), 1)
        lines.append(RosterLine(
            commissioner_id=i, level=r.choice(("provincial", "municipal")), kind=kind,
            name=r.choice(SURNAMES) + "".join(r.sample(GIVEN, r.randint(1, 2))),
            gender=r.choice(("male", "female")),
            birth_date=date(r.randint(1965, 1995), r.randint(1, 12), 1),
            id_number=f"350502{r.randint(1965, 1995)}{r.randint(1, 12):02d}"
                      f"{r.randint(1, 28):02d}{i % 10000:04d}",
            sending_unit=r.choice(UNITS), title=r.choice(("教授", "副教授", "高级工程师")),
            fields=r.choice(FIELDS), served="、".join(r.sample(UNITS[5:], r.randint(1, 3))),
            streets="、".join(r.sample(STREETS, r.randint(1, 2))), term_start=start,
            term_end=date(start.year + 2, 12, 31), phone=f"139{r.randint(10000000, 99999999)}",
            new=period.contains(start)))
    lines.sort(key=lambda line: (line.level, line.kind))
    return RosterData(period, None, tuple(lines), ())


def render_roster(data: RosterData, path: Path) -> None:
    from app.reports import heading

    report_fonts = fonts.resolve()
    kit = layout.make_kit(report_fonts, roster.WIDE)
    head = heading(i18n._(roster.TITLE), roster.period_text(data))
    layout.build(str(path), roster.story(data, kit, head), wide=True, fonts=report_fonts,
                        title=head.title, author=head.issuing_unit, subject=head.period)


def render_baseline(data: RosterData, path: Path, fitted: bool) -> None:
    """``fitted``: a cell is plain text where it fits its column, as in the roster; otherwise
    every cell is a paragraph."""
    report_fonts = fonts.resolve()
    kit = layout.make_kit(report_fonts, True)
    style = ParagraphStyle("cell", fontName=report_fonts.regular, fontSize=8, leading=10,
                           wordWrap="CJK")
    widths = layout.scaled([w for _n, w, _a in roster.COLUMNS], kit)

    def cell(value: str, column: int):
        if fitted and stringWidth(value, style.fontName, 8) <= widths[column] - 2 * layout.PAD:
            return value
        return Paragraph(value, style)

    rows = [[Paragraph(i18n._(name), style) for name, _w, _a in roster.COLUMNS]]
    rows += [[cell(value, c) for c, value in enumerate(roster.cells(n, line, False))]
             for n, line in enumerate(data.lines, start=1)]
    doc = SimpleDocTemplate(str(path), pagesize=layout.page_size(True), leftMargin=layout.MARGIN,
                            rightMargin=layout.MARGIN, topMargin=layout.MARGIN,
                            bottomMargin=layout.MARGIN + layout.FOOTER_Y,
                            initialFontName=report_fonts.regular)
    doc.build([LongTable(rows, colWidths=widths, repeatRows=1, style=TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), report_fonts.regular), ("FONTSIZE", (0, 0), (-1, -1), 8),
        ("LEADING", (0, 0), (-1, -1), 10), ("GRID", (0, 0), (-1, -1), 0.4, layout.RULE),
        *[(p, (0, 0), (-1, -1), layout.PAD) for p in ("LEFTPADDING", "RIGHTPADDING",
                                                      "TOPPADDING", "BOTTOMPADDING")]]))])


def figure(size: dict) -> Figure:
    """The roster's CPU time over the faster baseline's (the render is single-threaded, and CPU
    time does not count the waits of a machine busy with other work). One render takes seconds:
    a small one loads the fonts for all three instead of a full warm-up run of each."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        session.open_session(out / "settings.db")  # the font setting lives there
        i18n.set_language("zh_CN")
        data = sample(size["roster_rows"])
        warm = sample(50)
        render_roster(warm, out / "warm.pdf")
        render_baseline(warm, out / "warm.pdf", True)
        repeat = size["roster_repeat"]
        plain = median_time(lambda: render_baseline(data, out / "plain.pdf", False), repeat,
                            time.process_time, warm_up=False)
        fitted = median_time(lambda: render_baseline(data, out / "fitted.pdf", True), repeat,
                             time.process_time, warm_up=False)
        ours = median_time(lambda: render_roster(data, out / "roster.pdf"), repeat,
                           time.process_time, warm_up=False)
        session.close_session()
    return ratio_figure("roster_pdf", ours, min(plain, fitted), "s", TARGET)
