"""The Reports screen: generate in the background, preview the pages, zoom, print, save."""

from __future__ import annotations

import pytest
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter

from app import reports
from tests.app import report_helpers as rh

pytestmark = pytest.mark.gui


def open_reports(make_window, kind="roster"):
    window = make_window("zh_CN")
    view = window.show_screen("reports")
    view.kind.setCurrentIndex(view.kind.findData(kind))
    return window, view


def generate(qtbot, view):
    with qtbot.waitSignal(view.generated, timeout=60_000):
        view.generate_button.click()
    qtbot.waitUntil(lambda: view.document.pageCount() > 0)


def roster_of_2025q1(make_window, qtbot, people: int):
    """The Reports screen showing the 2025Q1 roster of ``people`` new commissioners."""
    rh.people(people)
    _window, view = open_reports(make_window)
    view.year.setValue(2025)
    view.quarter.setCurrentIndex(view.quarter.findData(1))
    generate(qtbot, view)
    return view


def test_generate_preview_zoom_print_and_save(make_window, qtbot, screenshot, tmp_path):
    rh.people(30)
    window, view = open_reports(make_window)
    view.year.setValue(2025)
    view.quarter.setCurrentIndex(view.quarter.findData(1))
    assert not view.print_button.isEnabled()
    generate(qtbot, view)
    pages = view.document.pageCount()
    assert pages == view.current.pages >= 2
    assert view.page_label.text() == f"第 1 页 共 {pages} 页"
    assert "科技特派员季度花名册" in view.status.text()
    view.next_button.click()
    qtbot.waitUntil(lambda: view.page() == 1)
    assert view.page_label.text() == f"第 2 页 共 {pages} 页"
    before = view.pdf_view.zoomFactor()
    view.zoom_in_button.click()
    assert view.pdf_view.zoomFactor() == pytest.approx(before * 1.25)
    view.fit_button.click()
    view.go_to_page(0)
    qtbot.wait(1500)  # the preview renders its pages in a thread of its own
    screenshot(window, "reports_zh_CN")

    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert view.print_to(printer) == pages
    assert len(PdfReader(tmp_path / "printed.pdf").pages) == pages

    view.save_to(str(tmp_path / "saved.pdf"))
    assert (tmp_path / "saved.pdf").read_bytes() == view.current.path.read_bytes()
    assert "已保存" in view.status.text() or "saved.pdf" in view.status.text()


def test_parameters_follow_the_report(make_window):
    _window, view = open_reports(make_window, "activities")
    assert view.summary.isVisibleTo(view) and view.period_row.isVisibleTo(view)
    assert not view.level.isVisibleTo(view) and not view.event.isVisibleTo(view)
    view.kind.setCurrentIndex(view.kind.findData("signin"))
    assert view.event.isVisibleTo(view) and not view.period_row.isVisibleTo(view)
    assert not view.summary.isVisibleTo(view)
    view.kind.setCurrentIndex(view.kind.findData("roster"))
    assert view.level.isVisibleTo(view) and view.full_id.isVisibleTo(view)
    view.kind.setCurrentIndex(view.kind.findData("assessment"))  # a whole year, no quarter
    assert view.kind.currentText() == "年度考核结果汇总表"
    assert view.period_row.isVisibleTo(view) and not view.quarter.isVisibleTo(view)
    view.year.setValue(2024)
    assert view.request().period == reports.parse_period(year=2024)
    view.kind.setCurrentIndex(view.kind.findData("activities"))
    assert view.quarter.isVisibleTo(view)


def test_a_missing_choice_is_said_and_nothing_runs(make_window):
    _window, view = open_reports(make_window, "dossier")
    view.generate_button.click()
    assert view.message.isVisibleTo(view)
    assert view.message.text() == "请选择科技特派员。"
    assert view.current is None


def test_the_activity_summary_is_printed(make_window, qtbot, screenshot):
    _window, view = open_reports(make_window, "activities")
    view.year.setValue(2025)
    view.quarter.setCurrentIndex(view.quarter.findData(0))
    view.summary.setPlainText("本年度科技特派员工作稳步推进。")
    generate(qtbot, view)
    assert "本年度科技特派员工作稳步推进。" in "".join(rh.page_texts(view.current.path))


def test_printing_turns_each_page_and_hands_the_pdf_to_the_system(make_window, qtbot, tmp_path,
                                                                   monkeypatch):
    from app.reports import printing

    view = roster_of_2025q1(make_window, qtbot, 3)
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    view.send_to(printer)  # a PDF printer: drawn, turned like the roster's landscape pages
    for page in PdfReader(tmp_path / "printed.pdf").pages:
        assert page.mediabox.width > page.mediabox.height

    handed = []
    monkeypatch.setattr(printing, "hand_over", lambda *args: handed.append(args) or True)
    native = QPrinter(QPrinter.PrinterMode.HighResolution)
    native.setOutputFormat(QPrinter.OutputFormat.NativeFormat)
    if native.outputFormat() != QPrinter.OutputFormat.NativeFormat:
        pytest.skip("no printer system on this machine")
    view.send_to(native)
    assert handed and handed[0][0] == view.current.path  # the PDF itself, text as text


def test_save_as_offers_the_editable_version_with_the_period_in_its_name(make_window, qtbot,
                                                                        tmp_path):
    from openpyxl import load_workbook

    view = roster_of_2025q1(make_window, qtbot, 2)
    assert view.suggested_name() == "科技特派员季度花名册_2025Q1.pdf"
    out = tmp_path / "花名册.xlsx"
    view.save_to(str(out))
    qtbot.waitUntil(out.exists, timeout=20_000)
    qtbot.waitUntil(lambda: "已保存" in view.status.text() or str(out) in view.status.text())
    assert load_workbook(out).active["A1"].value == "科技特派员季度花名册"


def test_lp_is_given_the_pdf_printer_copies_and_pages(monkeypatch, tmp_path):
    from app.reports import printing

    monkeypatch.setattr(printing.shutil, "which", lambda name: "/usr/bin/lp")
    pdf = tmp_path / "r.pdf"
    assert printing.lp_command(pdf, "HP_LaserJet", 2, (1, 3)) == [
        "/usr/bin/lp", "-n", "2", "-d", "HP_LaserJet", "-P", "1-3", "--", str(pdf)]
    monkeypatch.setattr(printing.shutil, "which", lambda name: None)
    assert printing.lp_command(pdf, "HP_LaserJet") is None
