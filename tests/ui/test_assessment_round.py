"""The Assessment screen (issue 21), driven as the officer drives it on the demo data: a round
opened with progress, a score typed in place changing the total and the grade, a refused score
kept out with its reason, finishing refused while a row is incomplete, finish → reopen → undo,
the evidence behind a figure, the withdrawal list, the dashboard's card, and pictures."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox

from app.assessment import rounds, schemes
from app.core.i18n import format_decimal
from tests.ui.waiting import wait_for_writes
from ui import ops
from ui.assessment.round_screen import AssessmentView, EvidenceDialog

pytestmark = pytest.mark.gui

YEAR = 2026  # the demo's logs reach into this year; no round of it yet


@pytest.fixture
def yes(monkeypatch):
    """The officer answers Yes to a confirmation."""
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *args, **kwargs: asked.append(args[2]) or
                        QMessageBox.StandardButton.Yes)
    return asked


def shown(view: AssessmentView, qtbot, year: int = YEAR) -> AssessmentView:
    """The round of ``year`` on the screen, once its rows are loaded."""
    with qtbot.waitSignal(view.loaded, timeout=30_000):
        if view.year.value() == year:
            view.refresh()
        else:
            view.year.setValue(year)
    return view


def opened(window, qtbot, year: int = YEAR) -> AssessmentView:
    view = shown(window.show_screen("assessment"), qtbot, year)
    assert view.state is None and view.empty.isVisible()
    with qtbot.waitSignal(view.loaded, timeout=20_000):
        view.buttons["open"].click()
        wait_for_writes()
    assert view.state is not None and view.state.status == "open"
    return view


def column_of(model, code: str) -> int:
    return next(c for c in range(model.columnCount())
                if (item := model.item_at(c)) is not None and item.code == code)


def type_into(table, index, text: str) -> None:
    """Type ``text`` into a cell as the officer does: select it, type, Enter."""
    table.setFocus()
    table.setCurrentIndex(index)
    table.edit(index)
    (editor,) = [w for w in table.findChildren(QLineEdit) if w.isVisible()]  # not a closed one
    editor.selectAll()
    if text.isascii():
        QTest.keyClicks(editor, text)
    else:  # as an input method gives Chinese: the whole word at once
        editor.insert(text)
    QTest.keyClick(editor, Qt.Key.Key_Return)
    QApplication.processEvents()  # the delegate commits on the next turn of the event loop


def stored_row(assessment_id: int) -> rounds.RoundRow:
    return next(r for r in rounds.round_rows(YEAR) if r.assessment_id == assessment_id)


def test_open_a_round_type_a_score_and_see_total_and_grade(make_window, demo, qtbot):
    window = make_window("en")
    view = opened(window, qtbot)
    assert view.state.rows_total == len(rounds.round_rows(YEAR)) > 0
    model, table = view.models["individual"], view.tables["individual"]
    assert model.rowCount() > 0
    mode = column_of(model, "service_mode")
    results = column_of(model, "service_count")
    assert not model.flags(model.index(0, results)) & Qt.ItemFlag.ItemIsEditable
    assert model.flags(model.index(0, mode)) & Qt.ItemFlag.ItemIsEditable
    # a row whose data items all have their figure: the officer's scores complete it
    manual = [i for i in model.items if i.source == "manual" and not i.bonus]
    assert len(manual) >= 2
    r = next(i for i, row in enumerate(model.rows)
             if all(v is not None for code, v in row.items.items()
                    if code not in {m.code for m in model.items if m.source == "manual"}))
    row = model.rows[r]
    n = len(model.items)
    assert row.total is None and model.index(r, mode).data() == ""
    for item, typed in zip(manual, ("12.5", "20"), strict=False):
        with qtbot.waitSignal(view.loaded, timeout=30_000):
            type_into(table, model.index(r, column_of(model, item.code)), typed)
            wait_for_writes()
        assert model.rows[r].assessment_id == row.assessment_id
        assert model.index(r, column_of(model, item.code)).data() == typed
        if item is manual[0]:  # one still to enter: no total yet
            assert model.index(r, n + 2).data() == ""
    for item in manual[2:]:
        rounds.set_scores(row.assessment_id, {item.code: "1"}, "")
    shown(view, qtbot)
    after = stored_row(row.assessment_id)
    assert after.items[manual[0].code] == Decimal("12.5") and after.complete
    # the total is the items' points (capped at 100), its grade the scheme's floor it reaches
    # unless a hard rule caps it; both shown on the row
    total = min(sum(v for v in after.items.values() if v is not None), Decimal(100))
    assert after.total == total
    assert model.index(r, n + 2).data() == format_decimal(total)
    floors = dict(schemes.scheme_for(YEAR, "individual").grade_floors)
    by_points = next((g for g, floor in floors.items() if total >= floor), "fail")
    assert after.grade == by_points or after.violations
    assert model.index(r, n + 3).data() == schemes.GRADE_LABELS[after.grade]
    if after.violations:
        assert model.index(r, 0).data(Qt.ItemDataRole.ToolTipRole) == "\n".join(after.violations)
        assert model.index(r, 0).data(Qt.ItemDataRole.ForegroundRole) == model.WARN
    assert f"scored {view.state.rows_complete}/" in view.state_line.text()


def test_refused_score_stays_out_and_says_why(make_window, demo, qtbot):
    window = make_window("en")
    view = opened(window, qtbot)
    model, table = view.models["individual"], view.tables["individual"]
    mode = column_of(model, "service_mode")
    row = model.rows[0]
    for typed, reason in (("16", "Service approach: 16 is out of range (0 to 15)."),
                          ("abc", "Service approach: “abc” is not a number."),
                          ("3.25", "Service approach: at most 1 decimal.")):
        type_into(table, model.index(0, mode), typed)
        wait_for_writes()
        qtbot.waitUntil(lambda: view.message.isVisible())
        assert view.message.text() == reason
        assert stored_row(row.assessment_id).items["service_mode"] is None
        assert model.index(0, mode).data() == ""
    # a good one clears the message
    with qtbot.waitSignal(view.loaded, timeout=30_000):
        type_into(table, model.index(0, mode), "10")
        wait_for_writes()
    assert not view.message.isVisible() and model.index(0, mode).data() == "10"

    # a data item without its figure (no rated demand) is the officer's to score, and stays
    # editable once scored, to correct it
    satisfaction = column_of(model, "satisfaction")
    r = next(i for i, row in enumerate(model.rows) if row.items["satisfaction"] is None)
    index = model.index(r, satisfaction)
    assert model.flags(index) & Qt.ItemFlag.ItemIsEditable
    for typed in ("15", "16.5"):
        with qtbot.waitSignal(view.loaded, timeout=30_000):
            type_into(table, model.index(r, satisfaction), typed)
            wait_for_writes()
        assert model.index(r, satisfaction).data() == typed
        assert model.flags(model.index(r, satisfaction)) & Qt.ItemFlag.ItemIsEditable
    assert "satisfaction" in stored_row(model.rows[r].assessment_id).officer
    # one with its figure is read-only: a double click shows its evidence
    r = next(i for i, row in enumerate(model.rows) if row.items["satisfaction"] is not None
             and "satisfaction" not in row.officer)
    assert not model.flags(model.index(r, satisfaction)) & Qt.ItemFlag.ItemIsEditable


def score_everything(year: int) -> None:
    """What the officer types row by row, done through the service: every item still empty
    (the manual ones, and data items without a figure), with nought, which keeps the 优秀 quota."""
    for row in rounds.round_rows(year):
        scheme = schemes.scheme_for(year, row.subject_type)
        rounds.set_scores(row.assessment_id, {
            i.code: "0" for i in scheme.items if row.items[i.code] is None and not i.bonus}, "")


def test_finish_refused_while_incomplete_then_finish_reopen_and_undo(make_window, demo, qtbot,
                                                                   yes):
    window = make_window("en")
    view = opened(window, qtbot)
    view.buttons["finish"].click()
    wait_for_writes()
    qtbot.waitUntil(lambda: view.message.isVisible())
    assert "Score every item first" in view.message.text()
    assert rounds.round_state(YEAR).status == "open"

    score_everything(YEAR)
    shown(view, qtbot)
    with qtbot.waitSignal(view.loaded, timeout=30_000):
        view.buttons["finish"].click()
        wait_for_writes()
    assert rounds.round_state(YEAR).status == "finished", view.message.text()
    assert view.state.status == "finished" and "(finished)" in view.state_line.text()
    assert view.buttons["reopen"].isEnabled() and not view.buttons["finish"].isEnabled()
    model = view.models["individual"]
    assert not model.flags(model.index(0, column_of(model, "service_mode"))) \
        & Qt.ItemFlag.ItemIsEditable  # a finished round is not typed into
    assert schemes.scheme_for(YEAR, "individual").frozen

    with qtbot.waitSignal(view.loaded, timeout=30_000):
        view.buttons["reopen"].click()
        wait_for_writes()
    assert rounds.round_state(YEAR).status == "open" and view.state.status == "open"
    assert not schemes.scheme_for(YEAR, "individual").frozen
    assert len(yes) == 3  # each finishing and the reopening were confirmed

    assert "Reopen" in window.undo_action.text()
    with qtbot.waitSignal(view.loaded, timeout=30_000):
        window.undo_action.trigger()
        wait_for_writes(30)  # an undo of the whole round: slower on a busy server
    assert rounds.round_state(YEAR).status == "finished"
    assert view.state.status == "finished"


def test_evidence_of_a_figure_and_the_withdrawal_list(make_window, demo, qtbot):
    window = make_window("en")
    view = opened(window, qtbot)
    model, table = view.models["individual"], view.tables["individual"]
    count = column_of(model, "service_count")
    row = next(i for i, r in enumerate(model.rows) if r.items["service_count"])
    table.setCurrentIndex(model.index(row, count))
    table.doubleClicked.emit(model.index(row, count))
    qtbot.waitUntil(lambda: isinstance(view.active_dialog, EvidenceDialog))
    dialog = view.active_dialog
    lines = rounds.evidence(model.rows[row].assessment_id, "service_count")
    assert dialog.model.rowCount() == len(lines) > 0
    assert dialog.model.index(0, 1).data() == lines[0].text
    dialog.close()
    # a manual item has no evidence: double-click edits it instead
    table.setCurrentIndex(model.index(row, column_of(model, "service_mode")))
    view.show_evidence()
    assert "Only the items filled from the data" in view.message.text()

    view.buttons["withdrawal"].click()
    qtbot.waitUntil(lambda: view.active_dialog is not dialog)
    withdrawal = view.active_dialog
    assert withdrawal.model.rowCount() == len(rounds.withdrawal_candidates(YEAR))


def test_the_dashboard_card_shows_the_rounds_progress(make_window, demo, qtbot):
    window = make_window("en")
    opened(window, qtbot)
    dashboard = window.show_screen("dashboard")
    dashboard.period_kind.setCurrentIndex(1)  # years: this one first
    state = rounds.round_state(YEAR)
    qtbot.waitUntil(lambda: dashboard.round_tile.figure.text()
                    == f"{state.rows_complete}/{state.rows_total}")
    assert f"at most {state.excellent_cap}" in dashboard.round_tile.details.text()
    dashboard.round_tile.clicked.emit()
    assert window.stack.currentWidget() is window.screens["assessment"]


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_round_screen_picture(make_window, demo, qtbot, language, screenshot):
    window = make_window(language)
    view = opened(window, qtbot)
    scheme = schemes.scheme_for(YEAR, "individual")
    for row in rounds.round_rows(YEAR, "individual")[:6]:
        rounds.set_scores(row.assessment_id, {
            i.code: str(i.max_points * Decimal("0.8")) for i in scheme.items
            if i.source == "manual" and not i.bonus}, "")
    shown(view, qtbot)
    screenshot(window, f"assessment/round_open_{language}")
    shown(view, qtbot, 2025)  # the demo's finished round
    assert view.state.status == "finished"
    screenshot(window, f"assessment/round_{language}")


def test_print_buttons_write_the_summary_and_a_sheet(make_window, demo, qtbot, monkeypatch,
                                                     tmp_path):
    """The demo's finished 2025 round, printed as the officer prints it: the summary as a
    workbook, the selected subject's sheet as a PDF, read back."""
    import openpyxl
    from PySide6.QtWidgets import QFileDialog

    from tests.app.report_helpers import page_texts

    window = make_window("zh_CN")
    view = shown(window.show_screen("assessment"), qtbot, 2025)
    assert view.state.status == "finished"
    target = {"path": ""}
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *args: (target["path"], args[3].split(";;")[0]))
    target["path"] = str(tmp_path / "汇总.xlsx")
    view.buttons["summary"].click()
    qtbot.waitUntil(lambda: "汇总.xlsx" in view.message.text() and "…" not in
                    view.message.text(), timeout=20_000)
    sheet = openpyxl.load_workbook(target["path"]).active
    names = {cell.value for row in sheet.iter_rows() for cell in row}
    first = rounds.round_rows(2025, "individual")[0]
    assert first.name in names

    table = view.tables["individual"]
    table.setCurrentIndex(view.models["individual"].index(0, 0))
    target["path"] = str(tmp_path / "考核表.pdf")
    view.buttons["sheet"].click()
    qtbot.waitUntil(lambda: "考核表.pdf" in view.message.text() and "…" not in
                    view.message.text(), timeout=20_000)
    text = "".join(page_texts(target["path"]))
    assert first.name in text


def test_evidence_of_the_agreement_item_opens_the_agreement(make_window, demo, qtbot,
                                                            monkeypatch):
    from ui.assessment.agreement_form import AgreementForm

    window = make_window("en")
    view = shown(window.show_screen("assessment"), qtbot, 2025)
    model, table = view.models["individual"], view.tables["individual"]
    column = column_of(model, "agreement")
    row = next(i for i, r in enumerate(model.rows)
               if rounds.evidence(r.assessment_id, "agreement"))
    table.setCurrentIndex(model.index(row, column))
    view.show_evidence()
    qtbot.waitUntil(lambda: isinstance(view.active_dialog, EvidenceDialog))
    dialog = view.active_dialog
    line = rounds.evidence(model.rows[row].assessment_id, "agreement")[0]
    assert line.kind == "agreement"
    opened = []
    monkeypatch.setattr(AgreementForm, "exec", lambda form: opened.append(form) or 0)
    dialog.table.doubleClicked.emit(dialog.model.index(0, 1))
    assert opened[0].agreement_id == line.record_id


def test_remarks_are_typed_in_place(make_window, demo, qtbot):
    window = make_window("en")
    view = opened(window, qtbot)
    model, table = view.models["team"], view.tables["team"]
    view.tabs.setCurrentWidget(table)
    with qtbot.waitSignal(view.loaded, timeout=30_000):
        type_into(table, model.index(0, model.remarks_column()), "驻企服务扎实")
        wait_for_writes()
    assert stored_row(model.rows[0].assessment_id).remarks == "驻企服务扎实"
    assert model.index(0, model.remarks_column()).data() == "驻企服务扎实"


ASCII = st.characters(min_codepoint=32, max_codepoint=126)  # what QTest can type


def test_a_typed_score_is_stored_exactly_or_refused_with_a_reason(make_window, demo, qtbot):
    """Oracle: points of 服务方式 (out of 15) are a number from 0 to 15 with at most one decimal:
    stored as that number (blank clears it); anything else is refused, the reason said, and the
    stored score is unchanged."""
    window = make_window("en")
    view = opened(window, qtbot)
    model, table = view.models["individual"], view.tables["individual"]
    column = column_of(model, "service_mode")
    assessment_id = model.rows[0].assessment_id

    @settings(max_examples=20, deadline=None)
    @given(typed=st.one_of(st.text(ASCII, max_size=6), st.decimals(-5, 30, places=2).map(str),
                           st.integers(-3, 20).map(str)))
    def typing(typed: str) -> None:
        before = stored_row(assessment_id).items["service_mode"]
        view.say("")
        type_into(table, model.index(0, column), typed)
        wait_for_writes()
        qtbot.waitUntil(lambda: not ops.busy())
        shown(view, qtbot)
        after = stored_row(assessment_id).items["service_mode"]
        text = typed.strip()
        try:
            number = Decimal(text) if text else None
        except ArithmeticError:
            number = Decimal("NaN")
        if text == points_text(before):
            assert after == before  # nothing changed, nothing saved
        elif number is None:
            assert after is None
        elif (number.is_finite() and 0 <= number <= 15
              and number == number.quantize(Decimal("0.1"))):
            assert after == number and not view.message.isVisible()
        else:
            assert after == before and view.message.isVisible()
            assert view.message.text().startswith("Service approach: ")
        assert model.index(0, column).data() == points_text(after)

    typing()


def points_text(value) -> str:
    return "" if value is None else format_decimal(value)
