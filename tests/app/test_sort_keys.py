"""The list's stored sort keys on a field package: a laptop that sorts its list on another day
rewrites them, and the package still merges as it would have."""

from __future__ import annotations

from datetime import date, timedelta

from app import search, session
from app.exchange import merge
from app.exchange.package import export_package, read_package
from tests.fieldwork import work_at_the_event


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
