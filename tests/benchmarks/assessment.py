"""Opening an assessment round: every subject in force in a year gets its row, its data items
computed by one grouped query per figure over the year's records (``app.assessment.figures``),
in one transaction, with progress. Measured on the working copy for 2026 (no round yet at either
scale: the demo's 2024 and 2025 rounds are finished), wall-clock seconds, rolled back after. The
target is absolute."""

from __future__ import annotations

import time

from app.assessment import rounds
from db.database import database
from tests.benchmarks.harness import Figure

LIMIT_S = 10.0
YEAR = 2026


def figure(size: dict) -> Figure:
    del size  # every subject of the database, whatever the scale
    told = []
    with database.atomic() as transaction:  # the round goes again afterwards
        started = time.perf_counter()
        opened = rounds.open_round(YEAR, progress=lambda done, total: told.append(done))
        took = time.perf_counter() - started
        transaction.rollback()
    assert told and told[-1] == 5 and opened.detail, "no progress, or no subject"
    return Figure("assessment_open", round(took, 3), "s", None, f"<= {LIMIT_S:g} s "
                  f"({opened.detail} subjects)", took <= LIMIT_S)
