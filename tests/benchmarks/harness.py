"""What every benchmark shares: the figure it reports, timing, and the database it runs on.

A figure is measured together with its baseline in the same run, each the median of repeated
runs after a warm-up, so that a machine busy with other work moves both alike. Timed work that
runs on one thread is measured in CPU time (``time.process_time``) where the brief says so.
"""

from __future__ import annotations

import shutil
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from app.data import session

# How much each benchmark handles at a scale: province is the figures, district a smoke
# run of the same code in seconds. A heavy run (an import of 10,000 rows, a merge) takes minutes
# at province scale, so it runs once after a small warm-up.
SIZES = {
    "province": {"roster_rows": 10_000, "import_rows": 10_000, "invitees": 2_000,
                 "check_ins": 2_000, "walk_ins": 1_500, "queries": 60, "repeat": 5,
                 "roster_repeat": 3, "heavy_repeat": 1},
    "district": {"roster_rows": 100, "import_rows": 30, "invitees": 20,
                 "check_ins": 10, "walk_ins": 5, "queries": 6, "repeat": 1,
                 "roster_repeat": 1, "heavy_repeat": 1},
}


@dataclass(frozen=True)
class Figure:
    name: str
    value: float
    unit: str
    baseline: float | None  # None where the target is absolute
    target: str  # e.g. "ratio <= 1.5", "<= 50 ms"
    ok: bool

    @property
    def ratio(self) -> float | None:
        return None if not self.baseline else round(self.value / self.baseline, 3)

    def as_json(self) -> dict:
        data = asdict(self)
        data["ratio"] = self.ratio
        return {key: data[key] for key in ("name", "value", "unit", "baseline", "ratio",
                                           "target", "ok")}


def ratio_figure(name: str, value: float, baseline: float, unit: str, limit: float) -> Figure:
    return Figure(name, round(value, 4), unit, round(baseline, 4), f"ratio <= {limit}",
                  value / baseline <= limit)


def median_time(action: Callable[[], object], repeat: int, clock=time.perf_counter,
                warm_up: bool = True) -> float:
    """Median seconds of ``repeat`` runs, after one warm-up run."""
    if warm_up:
        action()
    took = []
    for _i in range(repeat):
        started = clock()
        action()
        took.append(clock() - started)
    return statistics.median(took)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def build_database(scale: str, path: Path, seed: int = 1) -> Path:
    """The scale's generated database, built once and reused while it exists."""
    if path.exists():
        return path
    building = path.with_suffix(".building")
    building.unlink(missing_ok=True)
    session.open_session(building)
    try:
        fill(scale, seed)
    finally:
        session.close_session()
    building.rename(path)
    return path


def fill(scale: str, seed: int = 1) -> None:
    """Generate the scale's data into the open database."""
    if scale == "province":
        from tests.benchmarks.scale_data import load_province

        load_province(seed)
    else:
        from app import demo

        demo.load(seed)


def working_copy(source: Path, folder: Path) -> Path:
    """A copy to write to, so the generated database stays as it was built."""
    target = folder / source.name
    shutil.copyfile(source, target)
    return target
