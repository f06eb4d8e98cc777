"""Page images of each report's first page (docs/screenshots/reports/, written by ``python -m
tests.screenshots``), and no character of any report drawn as a box: every character printed has
a glyph in the font program embedded for it."""

from __future__ import annotations

from reportlab.pdfgen.canvas import Canvas

from app import reports
from app.assessment import rounds
from app.core import i18n
from app.reports import fonts
from db.models import Commissioner, Event
from tests.app import report_helpers as rh


def test_first_pages_as_images_and_no_boxes(demo, tmp_path, screenshots):
    i18n.set_language("zh_CN")
    shenzhen = Event.get(Event.title == "纺织鞋服科技人才交流活动和技术对接（深圳）").id
    team = Commissioner.get(Commissioner.team_name.is_null(False)).id
    remarked = next(row for row in rounds.summary(2025).rows  # the demo's finished round
                    if row.subject_type == "individual" and row.remarks)
    requests = {
        "roster": reports.ReportRequest("roster", period=reports.parse_period("2025Q2")),
        "workstations": reports.ReportRequest("workstations", period=reports.parse_period("2025Q4")),
        "activities": reports.ReportRequest("activities", period=reports.parse_period(year=2024),
                                            summary="2024年，我局深入推行科技特派员制度。"),
        "signin": reports.ReportRequest("signin", event=str(shenzhen)),
        "event": reports.ReportRequest("event", event=str(shenzhen)),
        "dossier": reports.ReportRequest("dossier", commissioner=str(team)),
        "assessment": reports.ReportRequest("assessment", period=reports.parse_period(year=2025)),
        "assessment_sheet": reports.ReportRequest("assessment_sheet",
                                                  assessment=str(remarked.assessment_id)),
    }
    pages = screenshots / "reports"
    pages.mkdir(parents=True, exist_ok=True)
    for kind, request in requests.items():
        path = tmp_path / f"{kind}.pdf"
        reports.render(request, path)
        text = "".join(rh.page_texts(path))
        printed = rh.printed_glyphs(path)
        assert text and set(text) <= set(printed), kind
        assert all(printed.values()), (kind, [char for char, drawn in printed.items() if not drawn])
        image = rh.page_image(path)
        image.save(pages / f"{kind}.png")
        assert image.convert("L").getextrema()[0] < 64, kind  # black ink on the white page
        assert (pages / f"{kind}.png").stat().st_size > 10_000


def written(path, *lines):
    """A one-page PDF drawn by reportlab directly, a line for each (font name, text)."""
    canvas = Canvas(str(path))
    for number, (font, text) in enumerate(lines):
        canvas.setFont(font, 12)
        canvas.drawString(72, 720 - 20 * number, text)
    canvas.save()
    return path


def test_the_font_checks_can_fail(tmp_path):
    report_font = fonts.resolve().regular
    boxed = written(tmp_path / "box.pdf", (report_font, "科技 𠀀"))  # U+20000: not in the font
    printed = rh.printed_glyphs(boxed)
    assert printed["科"] and printed[" "] and not all(printed.values())
    assert rh.page_texts(boxed) == ["科技"]  # where the box is, a reader finds no text
    standard = written(tmp_path / "standard.pdf", (report_font, "科技"), ("Helvetica", "Latin"))
    found = rh.fonts(standard)
    assert {"name": "Helvetica", "type": "Type 1", "emb": "no"} in found
    assert [font["emb"] for font in found if font["type"] == "TrueType"] == ["yes"]
