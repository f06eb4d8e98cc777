"""Page images of each report's first page (docs/screenshots/reports/), and no character of any
report drawn as a box: every character printed is in the embedded font."""

from __future__ import annotations

import subprocess

from reportlab.pdfbase.pdfmetrics import getFont

from app import i18n, reports
from app.reports import fonts
from db.models import Commissioner, Event
from tests.app import report_helpers as rh
from tests.conftest import SCREENSHOTS

PAGES = SCREENSHOTS / "reports"


def test_first_pages_as_images_and_no_boxes(demo, tmp_path):
    i18n.set_language("zh_CN")
    shenzhen = Event.get(Event.title == "纺织鞋服科技人才交流活动和技术对接（深圳）").id
    team = Commissioner.get(Commissioner.team_name.is_null(False)).id
    requests = {
        "roster": reports.ReportRequest("roster", period=reports.parse_period("2025Q2")),
        "workstations": reports.ReportRequest("workstations", period=reports.parse_period("2025Q4")),
        "activities": reports.ReportRequest("activities", period=reports.parse_period(year=2024),
                                            summary="2024年，我局深入推行科技特派员制度。"),
        "signin": reports.ReportRequest("signin", event=str(shenzhen)),
        "event": reports.ReportRequest("event", event=str(shenzhen)),
        "dossier": reports.ReportRequest("dossier", commissioner=str(team)),
    }
    chosen = fonts.resolve()
    known = {code for name in (chosen.regular, chosen.bold) for code in getFont(name).face.charToGlyph}
    PAGES.mkdir(parents=True, exist_ok=True)
    for kind, request in requests.items():
        path = tmp_path / f"{kind}.pdf"
        reports.render(request, path)
        text = "".join(rh.page_texts(path))
        assert text and not {c for c in text if ord(c) not in known}, kind
        subprocess.run(["pdftoppm", "-r", "80", "-f", "1", "-l", "1", "-png", "-singlefile",
                        str(path), str(PAGES / kind)], check=True)
        assert (PAGES / f"{kind}.png").stat().st_size > 10_000
