"""Events: every field and kind, the list in pages, invitations one by one and by filter,
participants' statuses and roles, outcomes with parties and a demand."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from app.activities import events
from app.core.errors import UserError
from app.demands import lifecycle as demands
from db import changelog
from db.models import EVENT_KINDS, ChangeBatch, Demand, Event, Outcome, OutcomeParty, Participant
from tests.app import activity_helpers as h

TODAY = date(2025, 6, 1)


def test_every_kind_and_field_round_trips():
    for i, kind in enumerate(EVENT_KINDS):
        data = events.EventInput(kind, f" 活动{i} ", datetime(2025, 3, i + 1, 9),
                                 datetime(2025, 3, i + 1, 17), " 会议室 ", "鲤城区科技局", "纪要")
        saved = events.save_event(data)
        got = events.get_event(saved.id)
        assert (got.kind, got.title, got.starts_at, got.ends_at, got.place, got.organizer,
                got.summary) == (kind, f"活动{i}", data.starts_at, data.ends_at, "会议室",
                                 "鲤城区科技局", "纪要")
    assert set(events.EVENT_KIND_LABELS) == set(EVENT_KINDS)


@pytest.mark.parametrize(("change", "field"), [
    ({"kind": "party"}, "kind"),
    ({"title": "  "}, "title"),
    ({"ends_at": datetime(2025, 3, 1, 8)}, "ends_at"),
])
def test_bad_event_is_refused_and_nothing_written(change, field):
    values = {"kind": "salon", "title": "沙龙", "starts_at": datetime(2025, 3, 1, 9)} | change
    batches = ChangeBatch.select().count()
    with pytest.raises(UserError) as error:
        events.save_event(events.EventInput(**values))
    assert error.value.field == field
    assert Event.select().count() == 0
    assert ChangeBatch.select().count() == batches


def test_list_pages_sorts_and_filters():
    for day in range(1, 26):
        events.save_event(events.EventInput("training" if day % 2 else "salon", f"培训{day:02d}",
                                            datetime(2025, 1, day, 9)))
    events.save_event(events.EventInput("roadshow", "路演", datetime(2024, 5, 1, 9)))
    query = events.EventQuery(year=2025)
    first = events.page(query, limit=10)
    assert [r.title for r in first.rows][:2] == ["培训25", "培训24"]
    seen = list(first.rows)
    cursor = first.cursor
    while cursor is not None:
        more = events.page(query, after=cursor, limit=10)
        seen += more.rows
        cursor = more.cursor
    assert len(seen) == len({r.id for r in seen}) == events.count(query) == 25
    by_title = events.page(events.EventQuery(sort="title", descending=False), limit=3).rows
    assert [r.title for r in by_title] == ["培训01", "培训02", "培训03"]
    assert events.count(events.EventQuery(kind="salon")) == 12
    assert events.count(events.EventQuery(text="路")) == 1


def test_invite_one_by_one_and_in_bulk_by_filter():
    event_id = h.event()
    textile_m = h.commissioner("张伟", fields="textile,materials")
    h.commissioner("李娜", fields="electronics")
    textile_p = h.commissioner("王强", level="provincial", fields="textile")
    h.commissioner("过期", fields="textile", term=(date(2020, 1, 1), date(2023, 12, 31)))
    h.commissioner("退出", fields="textile", status="withdrawn")
    matching = events.commissioners_matching(level="municipal", industry_field="textile", today=TODAY)
    assert matching == [textile_m]
    assert events.commissioners_matching(industry_field="textile", today=TODAY) == [textile_m, textile_p]

    org = h.organization("鸿星尔克（泉州）体育用品有限公司", field="textile", phone="0595-22223333")
    h.organization("火炬电子", field="electronics")
    assert events.organizations_matching(industry_field="textile") == [org]
    guest = h.person("陈教授", "13800001111")

    invited = events.invite(event_id, commissioner_ids=matching, organization_ids=[org])
    assert len(invited.ids("participant")) == 2
    again = events.invite(event_id, commissioner_ids=[textile_m, textile_p], person_ids=[guest],
                          role="guest")
    assert (len(again.ids("participant")), again.detail) == (2, 1)
    rows = {r.name: r for r in events.participants(event_id)}
    assert set(rows) == {"张伟", "王强", "陈教授", "鸿星尔克（泉州）体育用品有限公司"}
    assert rows["陈教授"].role == "guest" and rows["陈教授"].type == "person"
    assert rows["鸿星尔克（泉州）体育用品有限公司"].mobile == "0595-22223333"
    assert all(r.status == "invited" for r in rows.values())
    assert events.get_event(event_id).invited == 4


def test_team_and_legal_person_names():
    event_id = h.event()
    team = h.team("纺织新材料团队", "林队长")
    events.invite(event_id, commissioner_ids=[team])
    (row,) = events.participants(event_id)
    assert (row.name, row.mobile) == ("纺织新材料团队", "13900000000")


def test_statuses_and_roles_are_logged_and_undoable():
    event_id = h.event()
    people = [h.person(n) for n in ("甲", "乙")]
    ids = sorted(events.invite(event_id, person_ids=people).ids("participant"))
    events.set_status(ids, "registered")
    events.set_role(ids[:1], "speaker")
    assert [(r.status, r.role) for r in events.participants(event_id)] == [
        ("registered", "speaker"), ("registered", "attendee")]
    with pytest.raises(UserError):
        events.set_status(ids, "sleeping")
    last = ChangeBatch.select().order_by(ChangeBatch.id.desc()).first()
    changelog.revert(last.id, "undo")
    assert [r.role for r in events.participants(event_id)] == ["attendee", "attendee"]
    events.remove_participants(ids[1:])
    assert [r.id for r in events.participants(event_id)] == ids[:1]


def test_outcomes_with_parties_and_a_demand():
    event_id = h.event()
    org = h.organization("泉州纺织有限公司", field="textile")
    partner = h.organization("深圳新材料研究院")
    c = h.commissioner("张伟", fields="textile")
    demand_id = demands.create(demands.DemandInput("面料染色工艺改进", org), TODAY).id

    saved = events.save_outcome(events.OutcomeInput(
        "technical_intention", " 合作开发环保染料 ", commissioner_ids=(c,),
        organization_ids=(org, partner), demand_id=demand_id, event_id=event_id))
    (outcome,) = events.outcomes(event_id)
    assert outcome.kind == "technical_intention" and outcome.description == "合作开发环保染料"
    assert outcome.parties == ("张伟", "泉州纺织有限公司", "深圳新材料研究院")
    assert outcome.demand == f"{Demand.get_by_id(demand_id).number} 面料染色工艺改进"
    assert events.get_event(event_id).outcomes == 1

    events.save_outcome(events.OutcomeInput("signed_project", "签约", organization_ids=(org,),
                                            signed_on=date(2025, 7, 1), event_id=event_id), saved.id)
    (outcome,) = events.outcomes(event_id)
    assert (outcome.kind, outcome.parties, outcome.signed_on, outcome.demand_id) == (
        "signed_project", ("泉州纺织有限公司",), date(2025, 7, 1), None)
    assert OutcomeParty.live().count() == 1

    events.delete_outcome(saved.id)
    assert events.outcomes(event_id) == []
    assert Outcome.select().count() == 1  # in the recycle bin


@pytest.mark.parametrize(("change", "field"), [
    ({"kind": "gift"}, "kind"),
    ({"organization_ids": ()}, "parties"),
    ({"kind": "signed_project"}, "signed_on"),
    ({"demand_id": 999}, "demand"),
    ({"event_id": None}, "event"),
])
def test_bad_outcome_is_refused(change, field):
    event_id = h.event()
    org = h.organization("泉州纺织有限公司")
    values = {"kind": "talent_intention", "organization_ids": (org,), "event_id": event_id} | change
    with pytest.raises(UserError) as error:
        events.save_outcome(events.OutcomeInput(**values))
    assert error.value.field == field
    assert Outcome.select().count() == 0


def test_upcoming_events_and_delete():
    past = h.event("去年的会", start=datetime(2020, 1, 1, 9))
    future = h.event("明年的会", start=datetime(2099, 1, 1, 9))
    assert events.upcoming() == [future]
    events.delete_event(future)
    assert events.upcoming() == []
    assert events.count(events.EventQuery()) == 1
    assert Participant.select().count() == 0
    assert past
