"""Demand statistics against a hand-computed fixture of 14 demands (12 published in Q1 2025).

| # | org | published | first claim (days) | now | notes |
|---|-----|-----------|--------------------|-----|-------|
| 1 | A | 01-06 | a 01-08 (2) | closed | 满意 5 |
| 2 | A | 01-10 | b 01-20 (10) | closed | 基本满意 4 |
| 3 | B | 01-15 | c 01-16 (1) | closed | 不满意 2 |
| 4 | B | 02-01 | a 02-05 (4) | terminated | |
| 5 | A | 02-03 | b 02-10 (7) | in service | expected finish 05-31: overdue on 06-30 |
| 6 | A | 02-10 | assigned c, no claim | in service | finish 12-31 |
| 7 | B | 02-15 | – | withdrawn | |
| 8 | B | 02-20 | – | expired | deadline 03-10 |
| 9 | A | 03-01 | d 03-04 (3), pending | claimed | deadline 03-31: overdue on 06-30 |
| 10 | A | 03-05 | a 03-06 (1), rejected | published | deadline 07-31 |
| 11 | B | 03-10 | b 03-15 (5) | awaiting evaluation | |
| 12 | A | 03-20 | c 03-30 (10) | closed | 满意 3 |
| 13 | A | 04-02 | a 04-03 (1) | closed | 满意 5 (Q2) |
| 14 | A | – | – | draft | never counted |

A: 海滨, textile. B: 开元, food.
"""

from __future__ import annotations

from datetime import date

import pytest

from app.demands import lifecycle as demands
from app.demands import stats as demand_stats
from tests.app import demand_helpers as h

TODAY = date(2025, 6, 30)
LATE = date(2025, 7, 31)
FINISH = date(2025, 9, 30)


def d(month: int, day: int) -> date:
    return date(2025, month, day)


@pytest.fixture
def fixture():
    org_a = h.organization("鲤城纺织", street="haibin", field="textile")
    org_b = h.organization("开元食品", street="kaiyuan", field="food")
    a, b, c, e = (h.commissioner(n) for n in ("甲", "乙", "丙", "丁"))

    def published(org, on, deadline=LATE, finish=FINISH):
        field = "textile" if org == org_a else "food"
        demand_id = h.demand(org, today=on, deadline=deadline, finish=finish, field=field)
        demands.publish(demand_id, on)
        return demand_id

    def served(demand_id, who, on, accepted_on=None):
        claim = demands.claim(demand_id, who, on).detail
        demands.accept_claim(claim, accepted_on or on)

    def closed(demand_id, satisfaction, score, on):
        demands.start_evaluation(demand_id, on)
        demands.close(demand_id, "完成", on, satisfaction, score)

    n1 = published(org_a, d(1, 6))
    served(n1, a, d(1, 8))
    closed(n1, "satisfied", 5, d(3, 1))
    n2 = published(org_a, d(1, 10))
    served(n2, b, d(1, 20))
    closed(n2, "basically_satisfied", 4, d(3, 2))
    n3 = published(org_b, d(1, 15))
    served(n3, c, d(1, 16))
    closed(n3, "dissatisfied", 2, d(3, 3))
    n4 = published(org_b, d(2, 1))
    served(n4, a, d(2, 5))
    demands.terminate(n4, "企业停产")
    n5 = published(org_a, d(2, 3), deadline=d(3, 31), finish=d(5, 31))
    served(n5, b, d(2, 10))
    n6 = published(org_a, d(2, 10), finish=d(12, 31))
    demands.assign(n6, c, d(2, 11))
    n7 = published(org_b, d(2, 15))
    demands.withdraw(n7, "企业自行解决")
    n8 = published(org_b, d(2, 20), deadline=d(3, 10))
    assert demands.expire_due(d(3, 11)).ids("demand") == {n8}
    n9 = published(org_a, d(3, 1), deadline=d(3, 31))
    demands.claim(n9, e, d(3, 4))
    n10 = published(org_a, d(3, 5))
    demands.reject_claim(demands.claim(n10, a, d(3, 6)).detail, d(3, 7), "方向不符")
    n11 = published(org_b, d(3, 10))
    served(n11, b, d(3, 15))
    demands.start_evaluation(n11, d(6, 1))
    n12 = published(org_a, d(3, 20))
    served(n12, c, d(3, 30), d(4, 2))
    closed(n12, "satisfied", 3, d(6, 1))
    n13 = published(org_a, d(4, 2))
    served(n13, a, d(4, 3))
    closed(n13, "satisfied", 5, d(5, 1))
    h.demand(org_a, today=d(5, 1))


def test_quarter(fixture):
    stats = demand_stats.statistics(d(1, 1), d(3, 31), today=TODAY)
    assert stats.by_status == {
        "draft": 0, "published": 1, "claimed": 1, "in_service": 2, "awaiting_evaluation": 1,
        "closed": 4, "withdrawn": 1, "expired": 1, "terminated": 1,
    }
    assert (stats.published, stats.claimed, stats.in_service, stats.closed, stats.withdrawn,
            stats.expired, stats.terminated) == (12, 9, 2, 4, 1, 1, 1)
    assert stats.claim_rate == pytest.approx(9 / 12)
    assert stats.median_days_to_first_claim == 4.0  # 1 1 2 3 [4] 5 7 10 10
    assert stats.completion_rate == pytest.approx(4 / 8)
    assert stats.overdue == 2  # 5 (service late) and 9 (claims undecided past the deadline)
    assert stats.satisfaction_rate == pytest.approx(3 / 4)
    assert stats.mean_score == pytest.approx(3.5)


def test_by_field_and_street(fixture):
    textile = demand_stats.statistics(d(1, 1), d(3, 31), industry_field="textile", today=TODAY)
    assert (textile.published, textile.claimed) == (7, 6)
    assert textile.median_days_to_first_claim == 5.0  # 1 2 3 | 7 10 10
    assert textile.completion_rate == pytest.approx(3 / 5)
    assert (textile.overdue, textile.satisfaction_rate, textile.mean_score) == (2, 1.0, 4.0)
    kaiyuan = demand_stats.statistics(d(1, 1), d(3, 31), street_code="kaiyuan", today=TODAY)
    assert (kaiyuan.published, kaiyuan.claimed, kaiyuan.claim_rate) == (5, 3, 0.6)
    assert kaiyuan.median_days_to_first_claim == 4.0
    assert kaiyuan.completion_rate == pytest.approx(1 / 3)
    assert (kaiyuan.overdue, kaiyuan.satisfaction_rate, kaiyuan.mean_score) == (0, 0.0, 2.0)
    assert set(demand_stats.by_field(d(1, 1), d(3, 31), TODAY)) == {"textile", "food"}
    streets = demand_stats.by_street(d(1, 1), d(3, 31), TODAY)
    assert {k: s.published for k, s in streets.items()} == {"haibin": 7, "kaiyuan": 5}


def test_quarters_and_year(fixture):
    quarters = demand_stats.by_quarter(2025, today=TODAY)
    assert [q.published for q in quarters.values()] == [12, 1, 0, 0]
    second = quarters[2]
    assert (second.claim_rate, second.median_days_to_first_claim, second.completion_rate,
            second.satisfaction_rate, second.mean_score) == (1.0, 1.0, 1.0, 1.0, 5.0)
    empty = quarters[3]
    assert (empty.claim_rate, empty.median_days_to_first_claim, empty.completion_rate,
            empty.satisfaction_rate, empty.mean_score, empty.overdue) == (
        None, None, None, None, None, 0)
    year = demand_stats.statistics(*demand_stats.year_range(2025), today=TODAY)
    assert (year.published, year.closed, year.by_status["draft"]) == (13, 5, 0)


def test_overdue_count_for_the_dashboard(fixture):
    assert demand_stats.overdue_count(TODAY) == 2
    assert demand_stats.overdue_count(d(3, 1)) == 0


def test_quarter_range():
    assert demand_stats.quarter_range(2025, 1) == (d(1, 1), d(3, 31))
    assert demand_stats.quarter_range(2025, 4) == (d(10, 1), d(12, 31))
