"""The demand life cycle: every allowed transition walked, every disallowed one refused."""

from __future__ import annotations

from datetime import date

import pytest

from app.core import i18n
from app.core.errors import UserError
from app.data import session
from app.demands import lifecycle as demands
from app.demands import queries as demand_queries
from db import changelog
from db.models import ChangeBatch, Claim, Demand, DemandTransition
from tests.app import demand_helpers as h

D0 = date(2025, 3, 1)


@pytest.fixture
def world():
    org = h.organization("泉州鲤城纺织有限公司")
    return {
        "org": org,
        "a": h.commissioner("张伟", specialty="纺织工程"),
        "b": h.commissioner("李娜", specialty="染整"),
        "c": h.commissioner("王强", specialty="机械"),
    }


def status(demand_id: int) -> str:
    return Demand.get_by_id(demand_id).status


def published(world, **kw) -> int:
    demand_id = h.demand(world["org"], **kw)
    demands.publish(demand_id, D0)
    return demand_id


# Each state reached from scratch, so every action can be tried in every state.
def reach(world, state: str) -> int:
    if state == "draft":
        return h.demand(world["org"])
    demand_id = published(world)
    if state == "published":
        return demand_id
    if state == "withdrawn":
        demands.withdraw(demand_id, "企业自行解决")
        return demand_id
    if state == "expired":
        demands.expire_due(date(2025, 4, 1))
        return demand_id
    claim = demands.claim(demand_id, world["a"], D0).detail
    if state == "claimed":
        return demand_id
    demands.accept_claim(claim, D0)
    if state == "in_service":
        return demand_id
    if state == "terminated":
        demands.terminate(demand_id, "企业停产")
        return demand_id
    demands.start_evaluation(demand_id, date(2025, 6, 1))
    if state == "awaiting_evaluation":
        return demand_id
    demands.close(demand_id, "工艺改进完成", date(2025, 6, 1), "satisfied", 5)
    assert state == "closed"
    return demand_id


def attempt(world, demand_id: int, action: str):
    """Run one action on a demand with valid arguments, as the officer would."""

    def claim_id() -> int:
        claim = Claim.select().where(Claim.demand == demand_id).order_by(Claim.status.desc()).first()
        if claim is None:  # a stray claim, so that the state alone decides
            with changelog.batch("stray claim"):
                claim = Claim(demand=demand_id, commissioner=world["b"], claimed_on=D0)
                claim.save()
        return claim.id

    run = {
        "publish": lambda: demands.publish(demand_id, D0),
        "claim": lambda: demands.claim(demand_id, world["b"], D0),
        "assign": lambda: demands.assign(demand_id, world["c"], D0),
        "accept": lambda: demands.accept_claim(claim_id(), D0),
        "reject": lambda: demands.reject_claim(claim_id(), D0, "方向不符"),
        "withdraw_claim": lambda: demands.withdraw_claim(claim_id(), D0),
        "start_service": lambda: demands.start_service(demand_id),
        "start_evaluation": lambda: demands.start_evaluation(demand_id, date(2025, 6, 1)),
        "close": lambda: demands.close(demand_id, "完成", date(2025, 6, 1), "satisfied", 4),
        "withdraw": lambda: demands.withdraw(demand_id, "不再需要"),
        "terminate": lambda: demands.terminate(demand_id, "放弃"),
        "expire": lambda: demands.expire_due(date(2025, 4, 1)),
    }
    return run[action]()


ALL_ACTIONS = tuple(demands.ACTION_LABELS)


@pytest.mark.parametrize("state", demands.TRANSITIONS)
def test_every_disallowed_action_is_refused_naming_the_state(world, state):
    for action in ALL_ACTIONS:
        if action in demands.TRANSITIONS[state]:
            continue
        demand_id = reach(world, state)
        transitions = DemandTransition.select().count()
        if action == "expire":
            assert demand_id not in demands.expire_due(date(2030, 1, 1)).ids("demand")
            assert status(demand_id) == state
            continue
        with pytest.raises(UserError) as refused:
            attempt(world, demand_id, action)
        number = Demand.get_by_id(demand_id).number
        assert number in refused.value.message
        assert demands.STATUS_LABELS[state].lower() in refused.value.message.lower()
        assert refused.value.field == "status"
        assert status(demand_id) == state
        assert DemandTransition.select().count() == transitions


def test_refusal_lists_what_is_allowed_in_chinese(world):
    demand_id = reach(world, "draft")
    i18n.set_language("zh_CN")
    with pytest.raises(UserError) as refused:
        demands.terminate(demand_id, "x")
    assert "草稿" in refused.value.message and "发布" in refused.value.message


# (state, action) → state after; together they cover every entry of the table.
WALKS = [
    ("draft", "publish", "published"),
    ("published", "claim", "claimed"),
    ("published", "assign", "in_service"),
    ("published", "withdraw", "withdrawn"),
    ("published", "expire", "expired"),
    ("claimed", "claim", "claimed"),
    ("claimed", "assign", "in_service"),
    ("claimed", "accept", "in_service"),
    ("claimed", "reject", "published"),
    ("claimed", "withdraw_claim", "published"),
    ("in_service", "start_evaluation", "awaiting_evaluation"),
    ("in_service", "terminate", "terminated"),
    ("awaiting_evaluation", "close", "closed"),
]


def test_the_walks_cover_the_whole_table():
    covered = {(s, a) for s, a, _t in WALKS} | {
        ("claimed", "start_service"), ("in_service", "reject"), ("in_service", "withdraw_claim")}
    assert covered == {(s, a) for s, rules in demands.TRANSITIONS.items() for a in rules}


@pytest.mark.parametrize(("state", "action", "target"), WALKS)
def test_every_allowed_transition_is_made_and_recorded(world, state, action, target):
    demand_id = reach(world, state)
    attempt(world, demand_id, action)
    assert status(demand_id) == target
    assert target in demands.TRANSITIONS[state][action].targets
    last = (DemandTransition.select().where(DemandTransition.demand == demand_id)
            .order_by(DemandTransition.id.desc()).first())
    if target != state:
        assert (last.from_status, last.to_status) == (state, target)
        assert last.actor == ("system" if action == "expire" else session.settings.device()["name"])


def test_start_service_with_fewer_than_the_limit(world):
    demand_id = published(world, max_accepted=2)
    first = demands.claim(demand_id, world["a"], D0).detail
    demands.accept_claim(first, D0)
    assert status(demand_id) == "claimed"
    demands.start_service(demand_id)
    assert status(demand_id) == "in_service"


def test_start_service_needs_an_accepted_claim(world):
    demand_id = published(world)
    demands.claim(demand_id, world["a"], D0)
    with pytest.raises(UserError):
        demands.start_service(demand_id)
    assert status(demand_id) == "claimed"


def test_left_over_claims_are_decided_during_the_service(world):
    demand_id = published(world)
    first = demands.claim(demand_id, world["a"], D0).detail
    second = demands.claim(demand_id, world["b"], D0).detail
    demands.accept_claim(first, D0)
    assert status(demand_id) == "in_service"
    with pytest.raises(UserError, match="In service"):
        demands.accept_claim(second, D0)
    demands.reject_claim(second, D0, "名额已满")
    assert status(demand_id) == "in_service"
    assert Claim.get_by_id(second).decision_note == "名额已满"
    with pytest.raises(UserError):
        demands.withdraw_claim(first, D0)  # accepted, and the service runs


def test_claim_limit(world):
    demand_id = published(world, max_accepted=2)
    claims = [demands.claim(demand_id, world[k], D0).detail for k in "abc"]
    demands.accept_claim(claims[0], D0)
    assert status(demand_id) == "claimed"
    demands.accept_claim(claims[1], D0)
    assert status(demand_id) == "in_service"
    with pytest.raises(UserError, match="cannot accept a claim"):
        demands.accept_claim(claims[2], D0)
    assert Claim.get_by_id(claims[2]).status == "pending"


def test_assign_respects_the_limit_and_marks_the_source(world):
    demand_id = published(world)
    demands.claim(demand_id, world["a"], D0)
    changed = demands.assign(demand_id, world["b"], D0)
    assert Demand.get_by_id(changed.id).status == "in_service"
    row = Claim.get_by_id(changed.detail)
    assert (row.source, row.status) == ("assigned", "accepted")
    assert Demand.get_by_id(demand_id).source == "assigned"


def test_all_claims_rejected_or_withdrawn_return_to_published(world):
    demand_id = published(world)
    first = demands.claim(demand_id, world["a"], D0).detail
    second = demands.claim(demand_id, world["b"], D0).detail
    demands.reject_claim(first, D0, "方向不符")
    assert status(demand_id) == "claimed"
    demands.withdraw_claim(second, D0)
    assert status(demand_id) == "published"
    steps = [(t.from_status, t.to_status) for t in DemandTransition.select()
             .where(DemandTransition.demand == demand_id).order_by(DemandTransition.id)]
    assert steps == [(None, "draft"), ("draft", "published"), ("published", "claimed"),
                     ("claimed", "published")]


def test_reasons_are_required(world):
    demand_id = published(world)
    claim = demands.claim(demand_id, world["a"], D0).detail
    with pytest.raises(UserError) as refused:
        demands.reject_claim(claim, D0, "  ")
    assert refused.value.field == "reason"
    other = published(world)
    with pytest.raises(UserError):
        demands.withdraw(other, "")
    demands.withdraw(other, "企业已自行解决")
    assert Demand.get_by_id(other).close_reason == "企业已自行解决"
    serving = reach(world, "in_service")
    with pytest.raises(UserError):
        demands.terminate(serving, "")
    assert status(serving) == "in_service"


def test_close_needs_summary_date_and_evaluation(world):
    demand_id = reach(world, "awaiting_evaluation")
    for args, field in [
        (("", date(2025, 6, 1), "satisfied", 5), "result_summary"),
        (("完成", None, "satisfied", 5), "finished_on"),
        (("完成", date(2025, 6, 1), None, 5), "satisfaction"),
        (("完成", date(2025, 6, 1), "satisfied", 6), "satisfaction_score"),
        (("完成", date(2025, 6, 1), "satisfied", None), "satisfaction_score"),
    ]:
        with pytest.raises(UserError) as refused:
            demands.close(demand_id, *args)
        assert refused.value.field == field
    assert status(demand_id) == "awaiting_evaluation"
    demands.close(demand_id, "完成", date(2025, 6, 2), "basically_satisfied", 4)
    row = Demand.get_by_id(demand_id)
    assert (row.status, row.satisfaction, row.satisfaction_score) == (
        "closed", "basically_satisfied", 4)


def test_claim_refused_without_an_appointment_in_force(world):
    ended = h.commissioner("赵六", term=(date(2020, 1, 1), date(2022, 12, 31)))
    withdrawn = h.commissioner("钱七", status="withdrawn")
    never = h.commissioner("孙八", term=None)
    demand_id = published(world)
    for commissioner in (ended, withdrawn, never):
        with pytest.raises(UserError) as refused:
            demands.claim(demand_id, commissioner, D0)
        assert refused.value.field == "commissioner"
        assert "appointment in force" in refused.value.message
        with pytest.raises(UserError):
            demands.assign(demand_id, commissioner, D0)
    assert status(demand_id) == "published"
    assert not Claim.select().exists()


def test_a_claim_without_its_date_is_refused_at_the_date(world):
    demand_id = published(world)
    for record in (demands.claim, demands.assign):
        with pytest.raises(UserError) as refused:
            record(demand_id, world["a"], None)
        assert (refused.value.field, refused.value.message) == (
            "claimed_on", "Please enter the date of the claim.")
    assert status(demand_id) == "published"
    assert not Claim.select().exists()


def test_a_commissioner_claims_once(world):
    demand_id = published(world)
    demands.claim(demand_id, world["a"], D0)
    with pytest.raises(UserError, match="already"):
        demands.claim(demand_id, world["a"], D0)


def test_numbers_run_per_year(world):
    first = demands.create(demands.DemandInput("甲", world["org"]), date(2025, 1, 5))
    second = demands.create(demands.DemandInput("乙", world["org"]), date(2025, 2, 5))
    third = demands.create(demands.DemandInput("丙", world["org"]), date(2026, 1, 5))
    numbers = [Demand.get_by_id(c.id).number for c in (first, second, third)]
    assert numbers == ["XQ-2025-0001", "XQ-2025-0002", "XQ-2026-0001"]


def test_numbers_go_on_past_9999(world):
    assert h.numbers_past_9999(world["org"], D0) == ["XQ-2025-10000", "XQ-2025-10001"]


def test_a_number_another_user_took_meanwhile_is_skipped(world, monkeypatch):
    """The number read was written by someone else before this demand: it takes the next one,
    in the same write, and both demands are kept."""
    taken = h.another_user_takes_numbers(
        monkeypatch, lambda number: h.other_users_demand(number, world["org"]).execute())
    created = demands.create(demands.DemandInput("甲", world["org"]), D0)
    assert taken == ["XQ-2025-0001"] and h.number_of(created) == "XQ-2025-0002"
    assert Demand.select().count() == 2 and DemandTransition.select().count() == 1


def test_when_every_number_tried_is_taken_the_officer_is_asked_to_save_again(world, monkeypatch):
    h.another_user_takes_numbers(
        monkeypatch, lambda number: h.other_users_demand(number, world["org"]).execute(),
        times=demands.NUMBER_TRIES)
    with pytest.raises(UserError, match="save again"):
        demands.create(demands.DemandInput("甲", world["org"]), D0)
    assert not Demand.select().where(Demand.title == "甲").exists()


def test_bad_input_writes_nothing(world):
    batches = ChangeBatch.select().count()
    cases = [
        (demands.DemandInput(" ", world["org"]), "title"),
        (demands.DemandInput("甲", None), "organization"),
        (demands.DemandInput("甲", world["org"], budget="abc"), "budget"),
        (demands.DemandInput("甲", world["org"], budget="-1"), "budget"),
        (demands.DemandInput("甲", world["org"], max_accepted=0), "max_accepted"),
        (demands.DemandInput("甲", world["org"], industry_field="nope"), "industry_field"),
        (demands.DemandInput("甲", world["org"], claim_deadline=date(2025, 5, 1),
                             expected_finish=date(2025, 4, 1)), "expected_finish"),
    ]
    for values, field in cases:
        with pytest.raises(UserError) as refused:
            demands.create(values, D0)
        assert refused.value.field == field
    assert ChangeBatch.select().count() == batches
    assert not Demand.select().exists()


def test_publish_needs_a_future_deadline(world):
    demand_id = h.demand(world["org"], deadline=date(2025, 2, 1))
    with pytest.raises(UserError) as refused:
        demands.publish(demand_id, D0)
    assert refused.value.field == "claim_deadline"


def test_expiry_on_open_is_a_system_transition(world, database, tmp_path):
    due = published(world)  # deadline 2025-03-31
    claimed = published(world)
    demands.claim(claimed, world["a"], D0)
    session.close_session()
    session.open_session(database.target)  # today is long after 2025-03-31
    assert status(due) == "expired"
    assert status(claimed) == "claimed"  # its claims still wait for the officer's decision
    step = DemandTransition.select().where(DemandTransition.demand == due).order_by(
        DemandTransition.id.desc()).first()
    assert (step.from_status, step.to_status, step.actor) == ("published", "expired", "system")
    i18n.set_language("zh_CN")  # the reason is said in the language of whoever looks
    detail = demand_queries.demand_detail(due, date.today())
    assert detail.history[-1].reason == "认领截止日期 2025年3月31日 已过，无被接受的认领。"
    assert detail.close_reason == detail.history[-1].reason
    batch = ChangeBatch.select().order_by(ChangeBatch.id.desc()).first()
    assert batch.kind == "system"
    assert demands.expire_due(date.today()).ids("demand") == set()


def test_expire_due_keeps_demands_before_their_deadline(world):
    demand_id = published(world)
    assert demands.expire_due(date(2025, 3, 31)).ids("demand") == set()
    assert demands.expire_due(date(2025, 4, 1)).ids("demand") == {demand_id}


def test_overdue(world):
    assert demands.is_overdue("published", date(2025, 3, 31), None, date(2025, 4, 1))
    assert not demands.is_overdue("published", date(2025, 3, 31), None, date(2025, 3, 31))
    assert demands.is_overdue("in_service", None, date(2025, 9, 30), date(2025, 10, 1))
    assert not demands.is_overdue("closed", date(2025, 3, 31), date(2025, 9, 30), date(2026, 1, 1))
    claimed = published(world)
    demands.claim(claimed, world["a"], D0)
    late = demand_queries.list_demands(demand_queries.DemandFilter(overdue_only=True),
                                       date(2025, 4, 1))
    assert [r.id for r in late] == [claimed] and late[0].overdue


def test_pages_for_organization_and_commissioner(world):
    demand_id = published(world)
    other = h.organization("别家公司")
    h.demand(other)
    claim = demands.claim(demand_id, world["a"], D0, plan="两周内上门").detail
    demands.reject_claim(claim, date(2025, 3, 2), "方向不符")
    rows = demand_queries.demands_of_organization(world["org"], D0)
    assert [r.id for r in rows] == [demand_id]
    claims = demand_queries.claims_of_commissioner(world["a"])
    assert [(c.demand_id, c.commissioner, c.status, c.plan, c.decision_note) for c in claims] == [
        (demand_id, "张伟", "rejected", "两周内上门", "方向不符")]
    detail = demand_queries.demand_detail(demand_id, D0)
    assert [t.to_status for t in detail.history] == ["draft", "published", "claimed", "published"]
    assert detail.history[-1].reason == "方向不符"


def test_list_filters_and_sorting(world):
    north = h.organization("开元食品厂", street="kaiyuan")
    first = published(world)
    second = h.demand(north, "食品保鲜技术", field="food")
    query = demand_queries.DemandFilter
    ids = lambda f, **kw: [r.id for r in demand_queries.list_demands(f, D0, **kw)]  # noqa: E731
    assert ids(query(street_code="kaiyuan")) == [second]
    assert ids(query(industry_field="textile")) == [first]
    assert ids(query(status="draft")) == [second]
    assert ids(query(text="kyspc")) == [second]  # pinyin initials of 开元食品厂
    assert ids(query(year=2025)) == [first]
    assert ids(query(), sort="number", descending=False) == [first, second]
    assert ids(query(), sort="number", descending=False, offset=1, limit=1) == [second]
    assert demand_queries.count_demands(query(), D0) == 2
