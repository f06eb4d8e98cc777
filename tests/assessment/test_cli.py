"""``main.py assess``, as the officer runs it, in a subprocess on a real file."""

import json
from datetime import date

import pytest

from app.data import session
from tests.assessment.helpers import commissioner, log, organization
from tests.test_cli import main_py

pytestmark = pytest.mark.sqlite_only("the command runs on the test's database file")


@pytest.fixture
def register(database, tmp_path):
    served = organization("泉州海天材料科技股份有限公司")
    for name, count in (("陈明辉", 14), ("林晓燕", 3)):
        who = commissioner(name)
        for i in range(count):
            log(who, served, date(2025, 1 + i % 12, 1 + i // 12))
    session.close_session()
    return str(database.target)


def assess(path, *args):
    return main_py("--db", path, "--lang", "en", "assess", *args)


def test_open_prints_the_state_line_and_finish_says_what_is_missing(register):
    opened = assess(register, "open", "--year", "2025")
    assert opened.returncode == 0, opened.stderr
    assert opened.stdout.strip() == ("2025 assessment round: Open for scoring; 0 of 2 scored; "
                                     "0 Excellent, at most 0; funds 0.00 10k yuan.")
    refused = assess(register, "finish", "--year", "2025")
    assert refused.returncode == 1
    assert "Score every item first; 2 still incomplete: 陈明辉 and 林晓燕." in refused.stderr
    state = main_py("--db", register, "--lang", "en", "--read-only", "assess", "state",
                    "--year", "2025")
    assert state.returncode == 0 and "0 of 2 scored" in state.stdout
    writing = main_py("--db", register, "--read-only", "assess", "open", "--year", "2025")
    assert writing.returncode == 1 and "--read-only" in writing.stderr
    none = assess(register, "state", "--year", "2019")
    assert none.returncode == 1 and "There is no 2019 assessment round." in none.stdout


def test_schemes_go_out_and_come_back_as_a_file(register, tmp_path):
    out = tmp_path / "schemes.json"
    written = assess(register, "export-schemes", "--year", "2025", "--out", out)
    assert written.returncode == 0, written.stderr
    document = json.loads(out.read_text("utf-8"))
    assert [s["subject_type"] for s in document["schemes"]] == [
        "individual", "team", "legal_person", "workstation"]
    document["year"] = 2026
    document["schemes"][0]["min_days_for_good"] = "10"
    out.write_text(json.dumps(document), "utf-8")
    imported = assess(register, "import-schemes", out)
    assert imported.returncode == 0 and "The 2026 schemes are imported." in imported.stdout
    document["schemes"][0]["items"][0]["max_points"] = "15.55"
    out.write_text(json.dumps(document), "utf-8")
    refused = assess(register, "import-schemes", out)
    assert refused.returncode == 1
    assert "This scheme file cannot be imported: " in refused.stderr
    wrong = assess(register, "export-schemes", "--year", "2025", "--out", tmp_path / "x.txt")
    assert wrong.returncode == 1 and ".json" in wrong.stderr
