"""The list's stored sort keys on a field package: a laptop that sorts its list on another day
rewrites them, and the package still merges as it would have."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.data import session
from app.exchange import merge
from app.exchange.package import export_package, read_package
from app.register import commissioners as cs
from app.search import lists as search
from tests.app.registry_helpers import appoint, individual, person
from tests.fieldwork import work_at_the_event

TODAY = date.today()


def test_sorting_on_the_laptop_another_day_leaves_the_package_mergeable(office, tmp_path):
    package = tmp_path / "p.cdpkg"
    export_package(package)
    work_at_the_event(package, office)
    expected = merge.plan_merge(read_package(package)).summary_line()

    session.close_session()
    session.open_session(package)
    for days in (1, 400, 900):  # the office's appointment ends 2027-12-31: expiring, expired
        search.page(search.ListQuery("commissioners", sort="status"),
                    today=date.today() + timedelta(days=days))
    session.close_session()
    session.open_session(office["path"])

    plan = merge.plan_merge(read_package(package))
    assert plan.refused == () and plan.summary_line() == expected


LEVELS = ("national", "provincial", "municipal", "district")
STATUSES = ("active", "active", "recommended", "withdrawn", "terminated")
BASE = date(2026, 6, 1)
appointments = st.lists(st.tuples(st.sampled_from(LEVELS), st.sampled_from(STATUSES),
                                  st.none() | st.integers(-90, 150)), max_size=3)


def every_page(sort: str, descending: bool, today: date) -> list:
    query, rows, after = search.ListQuery("commissioners", sort=sort, descending=descending), [], None
    while True:
        found = search.page(query, after=after, limit=4, today=today)
        rows += found.rows
        if found.cursor is None:
            return rows
        after = found.cursor


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(appointments, min_size=2, max_size=9),
       st.lists(st.tuples(st.integers(-120, 200), st.integers(0, 90)), min_size=1, max_size=4))
def test_the_stored_keys_order_rows_as_they_are_shown_on_any_day(database, held, days):
    """Oracle: the rows as the list shows them (derived in Python, app.search.lists), in the domain
    order of each column, then by name; after any sequence of days and expiring windows."""
    from app.core import settings as app_settings
    from app.core.status import DERIVED_STATUSES
    from app.register import people
    from app.register.commissioners import (
        AppointmentData,
        CommissionerData,
        save_appointment,
        save_commissioner,
    )
    from db import database as dbmod

    dbmod.database.execute_sql('DELETE FROM "appointment"')
    dbmod.database.execute_sql('DELETE FROM "commissioner"')
    for n, appointed in enumerate(held):
        person = people.save_person(people.PersonData(name=f"测试{n}"), allow_similar=True).id
        commissioner = save_commissioner(CommissionerData(kind="individual", person_id=person)).id
        for level, status, end in appointed:
            save_appointment(AppointmentData(
                commissioner_id=commissioner, level=level, year=2024, status=status,
                term_start=BASE - timedelta(days=400),
                term_end=None if end is None else BASE + timedelta(days=end)))
    names = {row.id: i for i, row in enumerate(every_page("name", False, BASE))}
    for offset, window in days:
        app_settings.put("expiring_days", window)
        today = BASE + timedelta(days=offset)
        for sort, key in (
                ("status", lambda r: len(DERIVED_STATUSES) if not r.status
                 else DERIVED_STATUSES.index(r.status)),
                ("levels", lambda r: [LEVELS.index(lv) for lv in r.levels] or [9]),
                ("term_end", lambda r: r.term_end or date.max)):
            rows = every_page(sort, False, today)
            assert len(rows) == len(held)
            shown = [(key(r), names[r.id]) for r in rows]
            assert shown == sorted(shown), (sort, today, window)


def test_the_order_follows_the_day_and_the_appointments():
    the_order_follows_the_day_and_the_appointments()


def the_order_follows_the_day_and_the_appointments():
    """Keys stored as of one day are moved to the day asked for, and follow an edit (also run
    on PostgreSQL by tests/db/test_postgres.py)."""
    soon = individual(person("郑一"))
    later = individual(person("郑二"))
    appoint(soon, "municipal", 2024, TODAY - timedelta(days=700), TODAY + timedelta(days=1))
    appoint(later, "provincial", 2024, TODAY - timedelta(days=700), TODAY + timedelta(days=500))

    def by_status(day):
        rows = search.page(search.ListQuery("commissioners", sort="status"), today=day).rows
        return [(row.name, row.status) for row in rows]

    assert by_status(TODAY) == [("郑二", "active"), ("郑一", "expiring")]
    assert by_status(TODAY + timedelta(days=2)) == [("郑二", "active"), ("郑一", "expired")]
    assert by_status(TODAY + timedelta(days=480)) == [("郑二", "expiring"), ("郑一", "expired")]
    (data,) = cs.appointments_of(later)
    cs.save_appointment(replace(data, status="withdrawn"))
    assert by_status(TODAY) == [("郑一", "expiring"), ("郑二", "withdrawn")]
