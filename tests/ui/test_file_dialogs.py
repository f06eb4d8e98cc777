"""Every file dialog starts in the documents folder or the last folder used for its kind of
file — never in the database's folder, whose listing would drop SQLite's locks."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog

from ui.common import file_dialogs


def test_dialogs_start_away_from_the_database_and_remember_their_kind(app, database, monkeypatch,
                                                                       tmp_path):
    started = []

    def dialog(answer):
        def show(_parent, _title, folder, _filters=""):
            started.append(Path(folder))
            return answer, ""
        return show

    file_dialogs.set_database(database.target)
    database_folder = Path(database.target).parent
    reports = tmp_path / "reports"
    reports.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", dialog(str(reports / "花名册.pdf")))
    assert file_dialogs.save_file(None, "report", "t", "花名册.pdf", "*.pdf") == str(
        reports / "花名册.pdf")
    assert started[-1].parent == file_dialogs.documents()
    file_dialogs.save_file(None, "report", "t", "季度报表.pdf", "*.pdf")
    assert started[-1] == reports / "季度报表.pdf"  # the folder last used for reports

    # a suggestion in the database's folder, or a remembered one there, is not followed
    file_dialogs.save_file(None, "export", "t", str(database_folder / "x.xlsx"), "*.xlsx")
    assert started[-1].parent == file_dialogs.documents()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", dialog(str(database_folder / "a.db")))
    file_dialogs.open_file(None, "database", "t", "*.db")
    file_dialogs.open_file(None, "database", "t", "*.db")
    assert started[-1] == file_dialogs.documents()
    assert database_folder not in started
