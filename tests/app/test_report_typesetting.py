"""Typesetting of every report kind, in Chinese and English: the 禁则 of Chinese line breaking,
English words never split without a hyphen, header cells wrapping only at "/" or between words."""

from __future__ import annotations

import itertools
import re
from datetime import datetime

import pytest
from babel.messages.pofile import read_po

from app import reports
from app.activities import events
from app.core import i18n
from db.models import Commissioner, Event, Participant
from tests.app import report_helpers as rh

CLOSING = set("，。、；：？！）》」")
OPENING = set("（《「")
CATALOG = "resources/locale/zh_CN/LC_MESSAGES/messages.po"


def vocabulary() -> set[str]:
    """The English words the reports can print: those of the source strings."""
    with open(CATALOG, "rb") as handle:
        catalog = read_po(handle)
    words = set()
    for message in catalog:
        for source in (message.id if isinstance(message.id, tuple) else (message.id,)):
            words.update(w.lower() for w in re.findall(r"[A-Za-z]+", source or ""))
    return words


def requests(summary: str) -> dict[str, reports.ReportRequest]:
    shenzhen = Event.get(Event.title == "纺织鞋服科技人才交流活动和技术对接（深圳）").id
    team = Commissioner.get(Commissioner.team_name.is_null(False)).id
    return {
        "roster": reports.ReportRequest("roster", period=reports.parse_period("2025Q2")),
        "workstations": reports.ReportRequest("workstations",
                                              period=reports.parse_period("2025Q4")),
        "activities": reports.ReportRequest("activities", period=reports.parse_period(year=2024),
                                            summary=summary),
        "signin": reports.ReportRequest("signin", event=str(shenzhen)),
        "event": reports.ReportRequest("event", event=str(shenzhen)),
        "dossier": reports.ReportRequest("dossier", commissioner=str(team)),
    }


# Clauses of every length, so that punctuation falls at every place of a line.
SUMMARY = "".join(f"{('科技特派员服务企业' * 2)[:i % 17 + 1]}，（{'对接' * (i % 3 + 1)}）；"
                  f"《{'成果' * (i % 2 + 1)}》。" for i in range(60))


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_no_line_breaks_against_the_rules(demo, tmp_path, language):
    i18n.set_language(language)
    rh.people(4)  # long unit names in parentheses, in narrow columns
    event = Event.get(Event.title == "纺织鞋服科技人才交流活动和技术对接（深圳）")
    events.save_event(events.EventInput(event.kind, event.title, datetime(2024, 11, 5, 9),
                                        place=event.place, organizer=event.organizer,
                                        summary=SUMMARY), event.id)
    words = vocabulary()
    found = []
    for kind, request in requests(SUMMARY).items():
        path = tmp_path / f"{kind}.pdf"
        reports.render(request, path)
        lines = rh.text_lines(path)
        for line, after in itertools.pairwise(lines):
            if line[0] in CLOSING or line[-1] in OPENING:
                found.append((kind, line))
            tail = re.search(r"[A-Za-z]+$", line)
            head = re.match(r"[A-Za-z]+", after)
            if tail and head and (tail[0] + head[0]).lower() in words \
                    and tail[0].lower() not in words:
                found.append((kind, f"{line} | {after}"))
        assert len(lines) > 20, kind
    assert not found, found


def test_the_rules_themselves():
    from app.reports.linebreak import may_break

    assert not may_break("字", "，") and not may_break("（", "字")
    assert not may_break("d", "u") and not may_break("1", "2")
    assert may_break("字", "字") and may_break(" ", "w") and may_break("，", "字")
    assert not may_break("d", " ")  # a line ends before the space, not after the next word


def test_a_word_too_long_for_its_column_is_hyphenated(tmp_path):
    from reportlab.lib.styles import ParagraphStyle

    from app.reports import fonts
    from app.reports.linebreak import Text

    font = fonts.resolve().regular
    style = ParagraphStyle("t", fontName=font, fontSize=10, leading=12, wordWrap="CJK")
    para = Text("Indivisibilities everywhere", style)
    para.wrap(40, 1000)
    lines = ["".join(str(f.text) for f in line.words) for line in para.blPara.lines]
    assert all(line.endswith("-") for line in lines[:-1] if not line.endswith("es")), lines
    assert "".join(line.rstrip("-") for line in lines).replace(" ", "") == \
        "Indivisibilitieseverywhere"


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_header_cells_wrap_only_at_a_slash_or_between_words(demo, tmp_path, language):
    i18n.set_language(language)
    path = tmp_path / "roster.pdf"
    reports.render(reports.ReportRequest("roster", period=reports.parse_period("2025Q2")), path)
    lines = rh.text_lines(path)
    first = lines.index("No." if language == "en" else "序号")
    header = lines[first:lines.index("Phone" if language == "en" else "联系电话", first) + 1]
    if language == "zh_CN":
        assert header[1:3] == ["姓名/团队/", "法人名称"] and "出生年月" in header
    else:
        words = vocabulary()
        assert all(w.lower() in words for line in header for w in re.findall(r"[A-Za-z]+", line))
        assert "Born" in header
    ids = [line for line in lines if "****" in line]
    assert ids and all(re.fullmatch(r"\d{6}\*{8}\d{4}", line) for line in ids)  # never cut
    assert all(re.fullmatch(r"1\d{10}", line) for line in lines if re.fullmatch(r"1\d{5,}", line))


def test_summary_paragraphs_are_indented_two_characters(demo, tmp_path):
    i18n.set_language("zh_CN")
    path = tmp_path / "a.pdf"
    reports.render(reports.ReportRequest("activities", period=reports.parse_period(year=2024),
                                         summary="第一段。\n第二段，另起一行。"), path)
    starts = rh.line_starts(path)
    first, second = starts["第一段。"], starts["第二段，另起一行。"]
    assert first == pytest.approx(second)
    assert first - starts["六、工作小结"] >= 2 * 10 + 6 - 1  # two characters and the padding


def test_a_page_never_ends_on_a_group_heading_nor_starts_with_a_glued_row():
    from app.reports import fonts, layout

    kit = layout.make_kit(fonts.resolve(), True)
    rows = [layout.GroupRow("省级 · 个人"), *(layout.Row([str(i)]) for i in range(5)),
            layout.GroupRow("市级 · 个人"), *(layout.Row([str(i)], glued=i > 1) for i in range(5))]
    table = layout.ChunkedTable(["序号"], rows, [100], kit)
    row = table._row(0)[1]
    head = table.shared["head"][1]
    assert table.split(100, head + row + 0.5) == []  # a heading alone: all on the next page
    for fitting in range(2, len(rows)):
        first, *rest = table.split(100, head + row * fitting + 0.5)
        rest = [part for part in rest if isinstance(part, layout.ChunkedTable)]
        ends = first._cellvalues[-1][0]
        assert ends not in ("省级 · 个人", "市级 · 个人"), fitting
        if rest:
            assert not rows[rest[0].start].glued if isinstance(rows[rest[0].start], layout.Row) \
                else True, fitting


def test_walk_in_rows_never_start_a_page(tmp_path):
    from tests.app import activity_helpers as ah

    i18n.set_language("zh_CN")
    event = ah.event()
    invitees = [ah.person(f"嘉宾{n:02d}") for n in range(40)]
    for count in (18, 21, 24, 27):
        for participant in Participant.live().where(Participant.event == event):
            events.remove_participants([participant.id])
        events.invite(event, person_ids=invitees[:count])
        path = tmp_path / f"s{count}.pdf"
        reports.render(reports.ReportRequest("signin", event=str(event)), path)
        for page in rh.page_texts(path)[1:]:
            after_header = page[page.index("签名") + 2:]
            assert after_header.startswith(tuple(f"{n}嘉宾" for n in range(1, count + 1))), (
                count, page)


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_chart_labels_never_overlap_and_no_chart_is_empty(tmp_path, language):
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from app.activities.events import EVENT_KIND_LABELS
    from app.reports import charts, fonts, layout

    i18n.set_language(language)
    kit = layout.make_kit(fonts.resolve(), False)
    labels = [i18n._(text) for text in EVENT_KIND_LABELS.values()]
    drawing = charts.bar_chart("Events by kind", labels, [1] * len(labels), kit, kit.width / 2 - 6)
    chart = next(item for item in drawing.contents if hasattr(item, "categoryAxis"))
    spacing = chart.width / len(labels)
    names = chart.categoryAxis.categoryNames
    if chart.categoryAxis.labels.angle == 90:  # upright: side by side as thick as their lines
        assert all(len(n.split("\n")) * (charts.LABEL_SIZE + 1) < spacing for n in names)
        assert all(stringWidth(line, kit.fonts.regular, charts.LABEL_SIZE) < chart.y
                   for n in names for line in n.split("\n"))
    else:
        assert all(stringWidth(n, kit.fonts.regular, charts.LABEL_SIZE) <= spacing for n in names)
    assert "".join(names).replace("\n", " ").replace("- ", "-") == "".join(labels)
    path = tmp_path / "empty.pdf"
    reports.render(reports.ReportRequest("activities", period=reports.parse_period("2019Q1")), path)
    whole = "".join(rh.page_texts(path))
    assert ("本期无需求。" if language == "zh_CN" else "Nodemandwaspublishedinthisperiod.") in whole
