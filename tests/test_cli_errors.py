"""The command line's one error path: whatever odd arguments it is given, an expected failure is
one line on stderr in the officer's language, exit 1, and the database as it was."""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing

import pytest

from app.data import session
from tests.test_cli import main_py

HUGE = "9" * 25


def _contents(target) -> list:
    """Every table's rows (not the search index's virtual tables, which are derived)."""
    if str(target).startswith("postgresql://"):
        import psycopg2

        with closing(psycopg2.connect(str(target))) as raw, raw.cursor() as cursor:
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                           "ORDER BY tablename")
            contents = []
            for (table,) in cursor.fetchall():
                cursor.execute(f'SELECT * FROM "{table}"')
                contents.append((table, sorted(map(repr, cursor.fetchall()))))
            return contents
    with closing(sqlite3.connect(target)) as raw:
        tables = [t for (t,) in raw.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                            "AND name NOT LIKE 'sqlite%' AND sql NOT LIKE "
                                            "'%VIRTUAL%' ORDER BY name")]
        return [(t, sorted(map(repr, raw.execute(f'SELECT * FROM "{t}"')))) for t in tables]


@pytest.fixture
def files(office, tmp_path):
    session.close_session()
    a_file = tmp_path / "note.txt"
    a_file.write_text("not a folder")
    folder = tmp_path / "folder.xlsx"
    folder.mkdir()
    rows = tmp_path / "orgs.csv"
    rows.write_text("单位名称,统一社会信用代码\n某公司,NOT-A-CODE\n", encoding="utf-8")
    return {"db": office["path"], "file": a_file, "folder": folder, "rows": rows}


ODD = {
    "quarter of year 0": ["report", "roster", "--quarter", "0000Q1", "--out", "{tmp}/r.pdf"],
    "empty quarter": ["report", "roster", "--quarter", "", "--out", "{tmp}/r.pdf"],
    "year 0": ["report", "roster", "--year", "0", "--out", "{tmp}/r.pdf"],
    "huge commissioner": ["report", "dossier", "--commissioner", HUGE, "--out", "{tmp}/r.pdf"],
    "huge event": ["report", "signin", "--event", HUGE, "--out", "{tmp}/r.pdf"],
    "report into a folder": ["report", "roster", "--out", "{folder}"],
    "report under a file": ["report", "roster", "--out", "{file}/r.pdf"],
    "export into a folder": ["export", "organizations", "{folder}"],
    "export under a file": ["export", "organizations", "{file}/o.xlsx"],
    "package into a folder": ["package", "export", "--out", "{folder}"],
    "package under a file": ["package", "export", "--out", "{file}/p.cdpkg"],
    "package event huge": ["package", "export", "--out", "{tmp}/p.cdpkg", "--event", HUGE],
    "errors as csv": ["import", "organizations", "{rows}", "--errors", "{tmp}/e.csv"],
    "errors into a folder": ["import", "organizations", "{rows}", "--errors", "{folder}"],
    "errors under a file": ["import", "organizations", "{rows}", "--errors", "{file}/e.xlsx"],
    "backup to a file": ["backup", "--to", "{file}"],
    "restore a folder": ["restore", "{folder}"],
    "import a folder": ["import", "organizations", "{folder}"],
    "package import a folder": ["package", "import", "{folder}"],
}
CLASS_NAME = re.compile(r"\b[A-Z]\w*(Error|Exception|Warning)\b|Traceback")


@pytest.mark.parametrize("case", list(ODD))
def test_odd_arguments_give_one_line_in_chinese_exit_1_and_change_nothing(files, tmp_path, case):
    args = [a.format(tmp=tmp_path, **files) for a in ODD[case]]
    before = _contents(files["db"])
    result = main_py(*args, "--db", files["db"])
    assert result.returncode == 1, (result.stdout, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert not CLASS_NAME.search(lines[0]), lines[0]
    assert re.search(r"[\u4e00-\u9fff]", lines[0]), f"not in Chinese: {lines[0]}"
    assert _contents(files["db"]) == before


def test_a_huge_limit_means_no_limit(files):
    result = main_py("search", "来宾", "--limit", HUGE, "--db", files["db"])
    assert result.returncode == 0, result.stderr
    assert result.stdout == main_py("search", "来宾", "--db", files["db"]).stdout != ""


def test_a_100k_character_summary_flows_over_pages(files, tmp_path):
    from pypdf import PdfReader

    out = tmp_path / "a.pdf"
    result = main_py("report", "activities", "--year", "2025", "--summary",
                     "activity summary " * 6000, "--out", out, "--db", files["db"])
    assert result.returncode == 0, result.stderr
    pages = PdfReader(out).pages
    assert len(pages) > 10
    assert "activitysummary" in pages[-2].extract_text().replace(" ", "")
