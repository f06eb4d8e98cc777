"""The demo data: the 2024 facts of the work report, valid identifiers, consistent demand life
cycles, the same data for the same seed, and no silent overwrite of a register."""

import itertools
import re
from collections import Counter
from datetime import date, datetime

import pytest
from peewee import fn
from stdnum.cn import ric, uscc

from app import demo
from app.core.errors import UserError
from app.data import session
from db import changelog, models

TODAY = date(2026, 11, 26)


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    """One database loaded with seed 1, shared by the tests that only read it."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    session.open_session(path)
    try:
        demo.load(seed=1)
    finally:
        session.close_session()
    return path


@pytest.fixture
def loaded(demo_file, database):
    session.close_session()
    session.open_session(demo_file)


def snapshot():
    P, D = models.Person, models.Demand
    return (list(P.select(P.name, P.id_number, P.mobile).order_by(P.id).tuples()),
            list(D.select(D.number, D.title).order_by(D.id).tuples()))


def in_2024(column):
    return (column >= datetime(2024, 1, 1)) & (column < datetime(2025, 1, 1))


def test_the_2024_scenario_of_the_work_report(loaded):
    A, C = models.Appointment, models.Commissioner
    rows = (A.select(A.level, C.kind, A.status, fn.COUNT(A.id)).join(C).where(A.year == 2024)
            .group_by(A.level, C.kind, A.status).tuples())
    assert {(level, kind, status): n for level, kind, status, n in rows} == {
        ("provincial", "individual", "active"): 4,
        ("provincial", "team", "active"): 1,
        ("municipal", "individual", "active"): 13,
        ("municipal", "team", "active"): 1,
        ("municipal", "legal_person", "active"): 1,
    }
    W = models.Workstation
    recognized = W.select(W.level).where((W.recognized_on >= date(2024, 1, 1))
                                         & (W.recognized_on <= date(2024, 12, 31)))
    assert [w.level for w in recognized] == ["municipal"]

    E = models.Event
    events = {e.title: e for e in E.select().where(in_2024(E.starts_at))}
    assert {(t, e.kind) for t, e in events.items()} == {
        ("科技特派员联席会议暨人才交流活动", "joint_meeting"),
        ("科技特派员成果交流推介暨人才沙龙活动", "exchange"),
        ("赴洛江区调研学习科技特派员工作", "study_tour"),
        ("纺织鞋服科技人才交流活动和技术对接（深圳）", "matchmaking"),
    }
    outcomes = models.Outcome.select().join(E).where(in_2024(E.starts_at))
    assert Counter(o.kind for o in outcomes) == {"technical_intention": 5, "product_intention": 1}
    shenzhen = events["纺织鞋服科技人才交流活动和技术对接（深圳）"]
    assert shenzhen.place == "深圳"
    assert {o.event_id for o in outcomes} == {shenzhen.id}
    assert all(len(o.parties) == 2 for o in outcomes)
    enterprises = [p.organization for p in shenzhen.participants if p.organization_id]
    assert len(enterprises) == 8
    assert all(org.org_type == "enterprise" for org in enterprises)
    assert any("鸿星尔克" in org.name for org in enterprises)
    assert any(p.commissioner_id for p in shenzhen.participants)


def test_identifiers_are_valid_and_consistent(loaded):
    people = list(models.Person.select())
    assert 140 <= len(people) <= 160
    for p in people:
        assert ric.is_valid(p.id_number), p.id_number
        assert ric.get_birth_date(p.id_number) == p.birth_date
        assert (int(p.id_number[16]) % 2 == 1) == (p.gender == "male")
        assert re.fullmatch(r"1[3-9]\d{9}", p.mobile)
    assert len({p.mobile for p in people}) == len(people)
    assert [p.mobile[:3] for p in people if p.name == "张伟"] == ["138"]
    orgs = list(models.Organization.select())
    assert all(uscc.is_valid(o.uscc) for o in orgs)
    licheng = [o for o in orgs if o.uscc[2:8] == "350502"]
    assert licheng and all(o.street_id for o in licheng)


def test_demands_cover_every_status_with_consistent_histories(loaded):
    demands = list(models.Demand.select())
    assert {d.status for d in demands} == set(models.DEMAND_STATUSES)
    for d in demands:
        assert re.fullmatch(rf"XQ-{d.number[3:7]}-\d{{4}}", d.number)
        steps = list(d.transitions.order_by(models.DemandTransition.at))
        assert (steps[0].from_status, steps[0].to_status) == (None, "draft")
        assert all(a.to_status == b.from_status for a, b in itertools.pairwise(steps))
        assert steps[-1].to_status == d.status
        assert all(s.at.date() < TODAY and s.actor == "演示数据" for s in steps)
        claims = Counter(c.status for c in d.claims)
        if d.status == "claimed":
            assert claims["pending"] >= 1
        if d.status in ("in_service", "awaiting_evaluation", "closed", "terminated"):
            assert 1 <= claims["accepted"] <= d.max_accepted
        if d.status in ("published", "claimed"):
            assert d.claim_deadline > TODAY
        if d.status == "closed":
            assert d.result_summary and d.finished_on and d.satisfaction
            assert 1 <= d.satisfaction_score <= 5
        if d.status in ("withdrawn", "terminated"):
            assert d.close_reason
    overdue = [d for d in demands if d.status == "in_service" and d.expected_finish < TODAY]
    assert 1 <= len(overdue) <= 2


def test_the_same_seed_gives_the_same_data(demo_file, tmp_path):
    session.close_session()
    session.open_session(demo_file)
    first = snapshot()
    session.close_session()
    session.open_session(tmp_path / "again.db")
    demo.load(seed=1)
    assert snapshot() == first
    session.close_session()
    session.open_session(tmp_path / "other.db")
    demo.load(seed=2)
    other = snapshot()
    assert other[0] != first[0] and other[1] != first[1]


def test_a_register_is_replaced_only_when_forced(database):
    with changelog.batch("user work") as batch:
        models.Person.create(name="李雷", mobile="13912345678")
        models.SavedView.create(name="我的视图", list_name="people")
    models.PackageMerge.create(package_id="field-laptop-1", batch=batch.id)
    with pytest.raises(UserError, match="already holds data"):
        demo.load()
    assert models.Person.select().count() == 1

    summary = demo.load(force=True).detail
    assert not models.Person.select().where(models.Person.name == "李雷").exists()
    assert models.SavedView.select().count() == 1
    assert models.Dictionary.select().where(models.Dictionary.kind == "street").count() == 8
    assert [b.kind for b in models.ChangeBatch.select()] == ["demo"]
    assert not models.PackageMerge.select().exists()
    assert summary.people == models.Person.select().count()
    assert summary.demands == 45 and summary.service_logs == 1009  # 200 + the rounds' years
