"""Check-in at the door: lookup by name, pinyin and phone, check-in with time and device, undo of
the last check-in, walk-ins, the tally and the absent list. How fast a lookup is among 2,000
invitees is the benchmark figure ``checkin_p95`` (tests/benchmarks/fieldwork.py), not a test: a
timing depends on the machine and its load."""

from __future__ import annotations

from datetime import datetime

import pytest

from app.activities import checkin, events
from app.core import settings
from app.core.errors import UserError
from db import changelog
from db.models import ChangeBatch, Organization, Participant, Person
from tests.app import activity_helpers as h


@pytest.fixture
def door():
    event_id = h.event()
    org = h.organization("泉州鲤城纺织有限公司")
    ids = {
        "张伟": h.commissioner("张伟", mobile="13805951234", fields="textile"),
        "张维": h.person("张维", "13905955678", employer=org),
        "李娜": h.person("李娜", "13700001234"),
    }
    events.invite(event_id, commissioner_ids=[ids["张伟"]], person_ids=[ids["张维"], ids["李娜"]])
    events.invite(event_id, organization_ids=[org])
    return event_id


def names(rows):
    return [r.name for r in rows]


def test_lookup_by_name_initials_pinyin_and_phone(door):
    assert set(names(checkin.lookup(door, "张"))) == {"张维", "张伟"}
    assert set(names(checkin.lookup(door, "zw"))) == {"张伟", "张维"}
    assert set(names(checkin.lookup(door, "ZhangW"))) == {"张伟", "张维"}
    assert names(checkin.lookup(door, "ln")) == ["李娜"]
    assert set(names(checkin.lookup(door, "1234"))) == {"张伟", "李娜"}
    assert names(checkin.lookup(door, "5678")) == ["张维"]
    assert names(checkin.lookup(door, "１２３４")) == names(checkin.lookup(door, "1234"))
    assert "泉州鲤城纺织有限公司" in names(checkin.lookup(door, "纺织"))
    assert len(checkin.lookup(door, "")) == 4
    assert checkin.lookup(door, "王") == []


def test_check_in_records_time_and_device_and_can_be_undone(door):
    (li,) = checkin.lookup(door, "ln")
    at = datetime(2025, 6, 26, 8, 55)
    done = checkin.check_in(li.id, at=at)
    shown = done.detail
    assert (shown.name, shown.checked_in_at, shown.tally) == ("李娜", at, checkin.Tally(1, 4))
    row = Participant.get_by_id(li.id)
    assert (row.status, row.checked_in_by) == ("attended", settings.device()["name"])
    assert ChangeBatch.get_by_id(done.batch_id).device_id == settings.device()["id"]
    # checked-in people go to the end of the lookup
    assert names(checkin.lookup(door, ""))[-1] == "李娜"
    with pytest.raises(UserError, match="李娜"):
        checkin.check_in(li.id)

    (zhang,) = [r for r in checkin.lookup(door, "5678")]
    checkin.check_in(zhang.id, at=datetime(2025, 6, 26, 9, 1))
    undone = checkin.undo_last(door)
    assert undone.id == zhang.id and undone.detail.tally == checkin.Tally(1, 4)
    assert Participant.get_by_id(zhang.id).status == "invited"
    assert Participant.get_by_id(zhang.id).checked_in_at is None
    assert ChangeBatch.get_by_id(undone.batch_id).reverts_id is not None
    checkin.undo_last(door)
    assert checkin.tally(door) == checkin.Tally(0, 4)
    with pytest.raises(UserError):
        checkin.undo_last(door)


def test_walk_in_creates_a_provisional_person_and_can_be_undone(door):
    people, orgs = Person.select().count(), Organization.select().count()
    done = checkin.walk_in(door, " 黄明 ", "138 0595 9999", "晋江新材料有限公司")
    assert done.detail.tally == checkin.Tally(1, 4)  # came, though not invited
    person = Person.get(Person.name == "黄明")
    assert (person.walk_in, person.mobile, person.employer.name) == (True, "13805959999",
                                                                      "晋江新材料有限公司")
    row = Participant.get_by_id(done.id)
    assert (row.walk_in, row.status, row.person_id) == (True, "attended", person.id)
    assert row.checked_in_at is not None
    # an existing organization is reused
    checkin.walk_in(door, "周洁", "", "泉州鲤城纺织有限公司")
    assert Organization.select().count() == orgs + 1
    checkin.undo_last(door)
    checkin.undo_last(door)
    assert (Person.select().count(), Organization.select().count()) == (people, orgs)
    assert checkin.tally(door) == checkin.Tally(0, 4)


@pytest.mark.parametrize(("name", "mobile", "field"), [("", "", "name"), ("黄明", "12345", "mobile")])
def test_bad_walk_in_writes_nothing(door, name, mobile, field):
    people = Person.select().count()
    with pytest.raises(UserError) as error:
        checkin.walk_in(door, name, mobile)
    assert error.value.field == field
    assert Person.select().count() == people


def test_undo_never_reverts_work_other_than_a_check_in(door):
    (li,) = checkin.lookup(door, "ln")
    events.set_status([li.id], "attended")  # marked by hand in the participant list: no check-in
    with changelog.batch("time set by hand"):
        row = Participant.get_by_id(li.id)
        row.checked_in_at = datetime(2025, 6, 26, 9)
        row.save()
    with pytest.raises(UserError):
        checkin.undo_last(door)


def test_absent_list_at_the_end(door):
    (li,) = checkin.lookup(door, "ln")
    checkin.check_in(li.id)
    assert len(checkin.not_attended(door)) == 3
    checkin.close_check_in(door)
    assert {r.status for r in checkin.not_attended(door)} == {"absent"}
    assert checkin.tally(door) == checkin.Tally(1, 4)


def test_lookup_finds_the_one_among_2000_invitees():
    event_id = h.event()
    with changelog.batch("many people"):
        ids = []
        for i in range(2000):
            person = Person(name=f"测试{i:04d}号", mobile=f"138{i:08d}")
            person.save()
            ids.append(person.id)
    events.invite(event_id, person_ids=ids)
    assert names(checkin.lookup(event_id, "0042")) == ["测试0042号"]
