"""The dashboard's figures against the Licheng demo data (today there is 2026-11-26) and against
the lists and statistics each figure opens or repeats."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from app.activities import events, service_logs
from app.dashboard.figures import Period, figures
from app.demands import stats as demand_stats
from app.demo import TODAY
from app.register import commissioners as cs
from app.search import lists as search
from db import changelog
from db.models import COMMISSIONER_KINDS, LEVELS, Appointment, ServiceLog

YEAR_2024 = Period(2024)
NOW = Period(2026, 4)


def test_periods():
    assert (Period(2025, 1).start, Period(2025, 1).end) == (date(2025, 1, 1), date(2025, 3, 31))
    assert (Period(2025, 4).start, Period(2025, 4).end) == (date(2025, 10, 1), date(2025, 12, 31))
    assert (YEAR_2024.start, YEAR_2024.end) == (date(2024, 1, 1), date(2024, 12, 31))
    assert Period(2025, 3).months == (7, 8, 9)
    assert YEAR_2024.months == tuple(range(1, 13))
    assert Period.current(TODAY) == NOW
    assert Period.current(TODAY, whole_year=True) == Period(2026)
    assert NOW.label() == "Q4 2026"
    assert YEAR_2024.label() == "2024"


def test_the_2024_work_report(demo):
    """The figures the bureau's 2024 report states (app/demo.py)."""
    f = figures(YEAR_2024, TODAY)
    assert f.as_of == date(2024, 12, 31)
    assert f.appointed == {"national": 0, "provincial": 5, "municipal": 15, "district": 0}
    assert f.events == 4
    for level, n in f.appointed.items():  # what the tile's link opens
        assert n == search.count(search.ListQuery("commissioners", filters={
            "level": level, "year": 2024}), TODAY)
    assert sum(sum(months.values()) for months in f.events_by_month.values()) == 4
    assert set(f.events_by_month["joint_meeting"]) == set(range(1, 13))


def test_commissioners_in_force_match_the_filtered_list(demo):
    """Each level × kind figure is what the commissioners list shows for that click."""
    f = figures(NOW, TODAY)
    assert f.as_of == TODAY
    assert f.commissioners_in_force == search.count(
        search.ListQuery("commissioners", filters={"status": "in_force"}), TODAY)
    for level in LEVELS:
        for kind in COMMISSIONER_KINDS:
            shown = search.count(search.ListQuery("commissioners", filters={
                "status": "in_force", "level": level, "kind": kind}), TODAY)
            assert f.commissioners[level, kind] == shown, (level, kind)
    assert f.commissioners["provincial", "individual"] > 0
    assert f.commissioners["municipal", "team"] > 0


def test_workstations_and_demands_repeat_their_lists_and_statistics(demo):
    f = figures(NOW, TODAY)
    for status, n in f.workstations.items():
        assert n == search.count(search.ListQuery("workstations", filters={"status": status}))
    assert f.overdue_demands == demand_stats.overdue_count(TODAY) > 0
    for period in (YEAR_2024, Period(2025), NOW):
        by_status = demand_stats.statistics(period.start, period.end, today=TODAY).by_status
        assert figures(period, TODAY).demands_by_state == {
            s: n for s, n in by_status.items() if s != "draft"}
    assert f.open_demands == sum(
        demand_stats.statistics(date(2000, 1, 1), TODAY, today=TODAY).by_status[s]
        for s in ("published", "claimed", "in_service", "awaiting_evaluation"))


def test_service_days_and_events_of_a_year_match_their_lists(demo):
    for year in (2024, 2025, 2026):
        f = figures(Period(year), TODAY)
        assert f.service_days == service_logs.totals(service_logs.LogQuery(year=year)).days
        assert f.events == events.count(events.EventQuery(year=year))
        assert f.events == sum(sum(m.values()) for m in f.events_by_month.values())
    assert figures(Period(2025), TODAY).service_days > 0


def test_half_days_add_up_exactly(demo):
    log = ServiceLog.select().where(ServiceLog.date.year == 2025).first()
    before = figures(Period(2025), TODAY).service_days
    with changelog.batch("half a day"):
        log.days = Decimal(log.days) + Decimal("0.5")
        log.save()
    assert figures(Period(2025), TODAY).service_days == before + Decimal("0.5")


def test_appointments_by_quarter(demo):
    f = figures(YEAR_2024, TODAY)
    quarters = [(q.year, q.quarter) for q in f.appointments_by_quarter]
    assert quarters == [(2023, 1), (2023, 2), (2023, 3), (2023, 4),
                        (2024, 1), (2024, 2), (2024, 3), (2024, 4)]
    provincial_2024 = sum(f.commissioners["provincial", kind] for kind in COMMISSIONER_KINDS)
    assert f.appointments_by_quarter[-1].by_level["provincial"] == provincial_2024
    # The current quarter is counted today, not at its end (terms ending 12/31 still count).
    now = figures(NOW, TODAY).appointments_by_quarter
    assert [(q.year, q.quarter) for q in now][-1] == (2026, 4)
    today_count = Appointment.select().where(
        (Appointment.status == "active") & Appointment.deleted_at.is_null()
        & (Appointment.term_start <= TODAY) & (Appointment.term_end >= TODAY)).count()
    assert sum(now[-1].by_level.values()) == today_count



def test_past_quarters_count_the_statuses_of_their_time(demo):
    """Withdrawn today, in force at the end of 2024: 2024's figures stay as they were, today's
    lose it (the same rule as the roster's)."""
    today = date.today()
    before_2024, before_now = figures(YEAR_2024, TODAY), figures(Period.current(today), today)
    appointment = Appointment.get((Appointment.level == "provincial") & (Appointment.status == "active")
                                  & (Appointment.term_start <= date(2024, 12, 31))
                                  & (Appointment.term_end >= today))
    data = next(a for a in cs.appointments_of(appointment.commissioner_id) if a.id == appointment.id)
    cs.save_appointment(replace(data, status="withdrawn"))
    after_2024, after_now = figures(YEAR_2024, TODAY), figures(Period.current(today), today)
    assert after_2024.appointments_by_quarter == before_2024.appointments_by_quarter
    assert after_2024.commissioners == before_2024.commissioners
    assert (after_now.appointments_by_quarter[-1].by_level["provincial"]
            == before_now.appointments_by_quarter[-1].by_level["provincial"] - 1)

def test_the_list_behind_a_past_figure_counts_as_the_figure_does(demo):
    """The commissioners list "in force on" the end of 2024 counts whom 2024's figure counts,
    also after a withdrawal today, which only today's list and figure lose."""
    today = date.today()

    def listed(filters: dict) -> int:
        return search.first_page(search.ListQuery("commissioners", filters=filters))[1]

    end_2024 = {"in_force_on": "2024-12-31"}
    before = listed(end_2024), listed({"status": "in_force"})
    active = (Appointment.status == "active") & Appointment.deleted_at.is_null()
    appointment = next(  # of a commissioner who holds no other
        a for a in Appointment.select().where(active & (Appointment.term_start <= date(2024, 12, 31))
                                              & (Appointment.term_end >= today))
        if Appointment.select().where(active & (Appointment.commissioner == a.commissioner_id))
        .count() == 1)
    data = next(a for a in cs.appointments_of(appointment.commissioner_id) if a.id == appointment.id)
    cs.save_appointment(replace(data, status="withdrawn"))
    assert listed(end_2024) == figures(YEAR_2024, TODAY).commissioners_in_force == before[0]
    now = figures(Period.current(today), today).commissioners_in_force
    assert listed({"status": "in_force"}) == now < before[1]


def test_the_recycle_bin_is_not_counted(demo):
    f = figures(YEAR_2024, TODAY)
    appointment = Appointment.get((Appointment.level == "provincial")
                                  & (Appointment.term_start.year == 2024))
    with changelog.batch("delete"):
        appointment.soft_delete()
    after = figures(YEAR_2024, TODAY)
    assert after.appointed["provincial"] == f.appointed["provincial"] - 1
    assert (after.appointments_by_quarter[-1].by_level["provincial"]
            == f.appointments_by_quarter[-1].by_level["provincial"] - 1)


@pytest.mark.parametrize("period", [Period(2023, 1), Period(2030)])
def test_a_period_without_data_counts_zero(demo, period):
    f = figures(period, TODAY)
    assert f.events == 0
    assert f.appointed == dict.fromkeys(LEVELS, 0)
    assert not any(f.demands_by_state.values())
