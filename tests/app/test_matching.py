"""Recommendations: precision@5 on the labelled evaluation set, and the load and prior-service
adjustments."""

from __future__ import annotations

import json
from datetime import date

from app.demands import lifecycle as demands
from app.demands import matching
from db import changelog
from db.models import Appointment, ServiceStreet
from tests.app import demand_helpers as h
from tests.conftest import REPO

TODAY = date(2025, 3, 1)
# Each demand has 3 suitable commissioners, so precision@5 cannot exceed 3/5. Reached now:
# 36 of 70 top-5 places (0.514); a change that loses one fails.
PRECISION_FLOOR = 36 / 70


def build_eval_set():
    data = json.loads((REPO / "tests" / "data" / "matching_eval.json").read_text("utf-8"))
    ids = {c["key"]: h.commissioner(c["name"], specialty=c["specialty"], expertise=c["expertise"],
                                    title=c["title"], fields=c["fields"])
           for c in data["commissioners"]}
    org = h.organization("评测企业")
    cases = []
    for item in data["demands"]:
        demand_id = h.demand(org, item["title"], field=item["field"],
                             description=item["description"])
        demands.publish(demand_id, TODAY)
        cases.append((item["key"], demand_id, {ids[k] for k in item["suitable"]}))
    return cases


def test_precision_at_5_on_the_evaluation_set():
    cases = build_eval_set()
    assert sum(len(suitable) for _k, _d, suitable in cases) >= 40
    hits = []
    for key, demand_id, suitable in cases:
        top = [r.commissioner_id for r in matching.recommend(demand_id, TODAY)]
        assert len(top) == 10
        hits.append(len(set(top[:5]) & suitable))
        print(f"{key}: {hits[-1]}/3 suitable in the top 5")
    precision = sum(hits) / (5 * len(cases))
    print(f"precision@5 = {precision:.3f} over {len(cases)} demands (ceiling 0.600)")
    assert precision >= PRECISION_FLOOR


def test_reasons_name_the_matched_terms():
    org = h.organization("染整厂")
    dyer = h.commissioner("林芳", specialty="染整", expertise="节能染色工艺、印染废水处理",
                          fields="textile")
    h.commissioner("刘洋", specialty="机械工程", expertise="数控机床", fields="equipment")
    demand_id = h.demand(org, "印染废水处理", description="染色车间废水超标")
    best = matching.recommend(demand_id, TODAY)[0]
    assert best.commissioner_id == dyer
    assert best.field_match
    assert "印染废水处理" in best.matched_terms and "染色" in best.matched_terms


def test_terms_are_bigrams_and_latin_words():
    assert matching.terms("染色工艺 PLC") == {"染色": 1, "色工": 1, "工艺": 1, "plc": 1}


def test_load_and_prior_service_move_the_ranking():
    org = h.organization("鲤城纺织", street="kaiyuan")
    busy = h.commissioner("甲", specialty="纺织工程", fields="textile")
    local = h.commissioner("乙", specialty="纺织工程", fields="textile")
    for _ in range(2):  # two accepted claims on open demands
        other = h.demand(h.organization("别家"))
        demands.publish(other, TODAY)
        demands.assign(other, busy, TODAY)
    with changelog.batch("service street"):
        appointment = Appointment.get(Appointment.commissioner == local)
        ServiceStreet(appointment=appointment, street=h.street_id("kaiyuan")).save()
    demand_id = h.demand(org, "纺织工程")
    ranked = {r.commissioner_id: r for r in matching.recommend(demand_id, TODAY)}
    assert ranked[busy].load == 2 and ranked[local].load == 0
    assert ranked[local].served_street and not ranked[busy].served_street
    gap = ranked[local].score - ranked[busy].score
    assert round(gap, 4) == round(2 * matching.LOAD_PENALTY + matching.STREET_BONUS, 4)
    # serving the same enterprise before counts too
    earlier = h.demand(org, "旧需求")
    demands.publish(earlier, TODAY)
    demands.assign(earlier, busy, TODAY)
    ranked = {r.commissioner_id: r for r in matching.recommend(demand_id, TODAY)}
    assert ranked[busy].served_enterprise and ranked[busy].served_street


def test_only_commissioners_in_force_who_have_not_claimed():
    org = h.organization("企业")
    h.commissioner("过期", specialty="纺织", term=(date(2020, 1, 1), date(2021, 1, 1)))
    claimant = h.commissioner("已认领", specialty="纺织")
    free = h.commissioner("空闲", specialty="纺织")
    demand_id = h.demand(org, "纺织")
    demands.publish(demand_id, TODAY)
    demands.claim(demand_id, claimant, TODAY)
    assert [r.commissioner_id for r in matching.recommend(demand_id, TODAY)] == [free]
