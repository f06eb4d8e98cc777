"""An event day: check-in lookups among the invitees, and merging the laptop's field package.

On a working copy of the generated database: an event with N invitees is set up, its field
package exported, and on the package (as on the laptop) invitees are checked in and walk-ins
added through the services. Each check-in and walk-in person is one change of the package.
"""

from __future__ import annotations

import random
import time
from datetime import datetime
from pathlib import Path

from app.activities import checkin
from app.data import session
from app.exchange import merge
from app.exchange.package import export_package, read_package
from db import changelog, models
from db import database as dbmod
from tests.benchmarks.harness import Figure, median_time, p95

CHECKIN_TARGET_MS = 30
MERGE_TARGET_S = 2.0


def make_event(invitees: int) -> int:
    with changelog.batch("benchmark event"):
        event = models.Event(kind="salon", title="科技特派员对接会（基准）",
                             starts_at=datetime(2099, 12, 3, 9), ends_at=datetime(2099, 12, 3, 17))
        event.save()
        people = models.Person.select(models.Person.id).where(models.Person.deleted_at.is_null())
        for (person,) in people.order_by(models.Person.id).limit(invitees).tuples():
            models.Participant(event=event, person=person).save()
    return event.id


def checkin_p95(event_id: int, size: dict) -> Figure:
    """Per lookup, the median of repeated runs; texts are what the officer types at the desk:
    the start of a name, pinyin initials, the last digits of a mobile."""
    r = random.Random(11)
    invitees = (models.Person.select(models.Person.name, models.Person.name_initials,
                                     models.Person.mobile)
                .join(models.Participant).where(models.Participant.event == event_id).tuples())
    texts = []
    for n, (name, initials, mobile) in enumerate(r.sample(list(invitees), size["queries"])):
        texts.append((name[:2], initials[:2], mobile[-4:])[n % 3])
    took = []
    for text in texts:
        took.append(median_time(lambda t=text: checkin.lookup(event_id, t), size["repeat"]))
    value = p95(took) * 1000
    return Figure("checkin_p95", round(value, 2), "ms", None, f"<= {CHECKIN_TARGET_MS} ms",
                  value <= CHECKIN_TARGET_MS)


def work_on_the_laptop(package: Path, event_id: int, size: dict, office: Path) -> None:
    session.close_session()
    session.open_session(package)
    changelog.configure(actor="笔记本", device_id="bench-laptop")
    invited = (models.Participant.select(models.Participant.id)
               .where(models.Participant.event == event_id).order_by(models.Participant.id))
    for (participant,) in invited.limit(size["check_ins"]).tuples():
        checkin.check_in(participant)
    for n in range(size["walk_ins"]):
        checkin.walk_in(event_id, f"现场来宾{n}", mobile=f"1980000{n:04d}")
    session.close_session()
    session.open_session(office)


def _merge_and_roll_back(package: Path, changes: int) -> None:
    with dbmod.database.atomic() as transaction:
        result = merge.apply_merge(read_package(package)).detail
        transaction.rollback()
    assert len(result.plan.new) + len(result.plan.updated) == changes


def figures(office: Path, folder: Path, size: dict) -> list[Figure]:
    event_id = make_event(size["invitees"])
    lookup = checkin_p95(event_id, size)
    package = folder / "bench.cdpkg"
    export_package(package, [str(event_id)])
    work_on_the_laptop(package, event_id, size, office)
    changes = size["check_ins"] + 2 * size["walk_ins"]
    seconds = median_time(lambda: _merge_and_roll_back(package, changes), size["heavy_repeat"],
                          time.process_time)
    return [lookup, Figure("merge_package", round(seconds, 3), "s", None,
                           f"<= {MERGE_TARGET_S} s ({changes} changes)", seconds <= MERGE_TARGET_S)]
