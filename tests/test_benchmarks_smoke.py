"""The benchmark suite runs end to end at district scale and writes its figures (issue #9).

Only that it runs and reports each figure in the promised shape: whether a figure meets its
target is for the province run (docs/PERFORMANCE.md); the district one is too small to say.
"""

import json
import shutil
import subprocess
import sys

NAMES = ["startup", "rss_peak", "search_p95", "sort_first_page", "import_xlsx", "checkin_p95",
         "merge_package", "roster_pdf", "assessment_open"]
KEYS = ["name", "value", "unit", "baseline", "ratio", "target", "ok"]


def test_district_run_prints_the_table_and_writes_every_figure(demo_file, tmp_path):
    db = tmp_path / "district.db"
    shutil.copyfile(demo_file[0], db)
    out = tmp_path / "out.json"
    done = subprocess.run([sys.executable, "-m", "tests.benchmarks", "--scale", "district",
                           "--db", str(db), "--json", str(out)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode in (0, 1), done.stderr
    figures = json.loads(out.read_text("utf-8"))
    assert [f["name"] for f in figures] == NAMES
    for figure in figures:
        assert list(figure) == KEYS
        assert figure["value"] > 0 and isinstance(figure["ok"], bool), figure
        if figure["baseline"] is not None:
            assert figure["ratio"] == round(figure["value"] / figure["baseline"], 3)
    table = done.stdout.split("\n\n")[-1].splitlines()  # after the figures as measured
    assert table[0].split()[:2] == ["name", "value"]
    assert [line.split()[0] for line in table[1:]] == NAMES
    assert done.returncode == (0 if all(f["ok"] for f in figures) else 1)
