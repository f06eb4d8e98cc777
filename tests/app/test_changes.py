"""What a change returns is what it wrote: each screen refreshes by it, so a table left out
would leave a screen stale, and a table named that was not written costs a reload."""

from dataclasses import replace
from datetime import date, datetime

import pytest

from app.core.errors import UserError
from app.history import recycle
from app.history import undo as history
from app.register import commissioners as cs
from app.register import people, views
from db import changelog, models
from tests.app.registry_helpers import individual, organization, person, street_id


def test_a_save_names_its_record_and_every_table_it_wrote():
    saved = people.save_person(people.PersonData(name="张伟", mobile="13800138000"))
    assert (saved.entity, saved.created) == ("person", True)
    assert dict(saved.written) == {"person": {saved.id}}
    assert models.ChangeBatch.get_by_id(saved.batch_id).label == "Save person 张伟"

    team = cs.save_commissioner(cs.CommissionerData(kind="team", team_name="纺织团队",
                                                    person_id=saved.id))
    assert team.touches("commissioner", "team_member") and not team.touches("person")
    assert team.ids("team_member") == {models.TeamMember.get().id}


def test_nothing_to_write_gives_no_batch():
    zhang = person()
    again = people.save_person(people.get_person(zhang))
    assert (again.id, again.batch_id, dict(again.written)) == (zhang, None, {})
    assert not again.touches("person")


def test_bulk_writes_name_every_record_they_wrote():
    orgs = [organization(name) for name in ("甲公司", "乙公司")]
    changed = views.bulk_set("organization", orgs, "street", street_id("haibin"))
    assert changed.ids("organization") == set(orgs)
    deleted = recycle.delete("commissioner", [individual(person("李娜")), individual(person("王强"))])
    assert deleted.entity == "commissioner" and len(deleted.ids("commissioner")) == 2


def test_an_undo_names_what_it_wrote_back():
    history.mark_start()
    zhang = person(mobile="13800138000")
    people.save_person(replace(people.get_person(zhang), mobile="13900139000"))
    undone = history.undo()
    assert undone.detail == "Save person 张伟"
    assert undone.ids("person") == {zhang} and undone.batch_id is not None


def test_a_refused_change_writes_nothing():
    zhang = person()
    before = models.ChangeBatch.select().count()
    models.Person.update(deleted_at=models.Person.created_at).where(
        models.Person.id == zhang).execute()  # moved to the recycle bin meanwhile, elsewhere
    with pytest.raises(UserError, match="no longer exists"):
        people.save_person(people.PersonData(id=zhang, name="张伟", mobile="13800138000"))
    assert models.ChangeBatch.select().count() == before


def _checked_in_batch(monkeypatch, module, name) -> list[bool]:
    """Whether each call of ``module.name`` (a state check) ran with the write batch open."""
    seen, check = [], getattr(module, name)

    def spy(*args, **kwargs):
        seen.append(changelog._current.get() is not None)
        return check(*args, **kwargs)

    monkeypatch.setattr(module, name, spy)
    return seen


def test_state_checks_run_inside_the_write_transaction(monkeypatch):
    """Is the record still there, is the transition allowed, is the check-in not done yet: read
    in the transaction that writes, so that no other write comes between (PostgreSQL)."""
    from app.activities import events
    from app.demands import lifecycle as demands
    from app.register import people as people_module
    from tests.app import demand_helpers

    edited = replace(people.get_person(person()), mobile="13900139000")
    live = _checked_in_batch(monkeypatch, people_module, "live")
    people.save_person(edited)
    assert live and all(live)

    demand_id = demand_helpers.demand(organization("纺织公司"))
    rules = _checked_in_batch(monkeypatch, demands, "rule_for")
    demands.publish(demand_id, date(2025, 3, 1))
    assert rules and all(rules)

    event = events.save_event(events.EventInput("salon", "沙龙", datetime(2025, 6, 1, 1))).id
    found = _checked_in_batch(monkeypatch, events.common, "live")
    events.delete_event(event)
    assert found and all(found)


def test_a_change_inside_a_named_batch_keeps_that_name():
    """An import saves people through the same functions: the batch stays the import's."""
    with changelog.batch("Import 名册.xlsx", kind="import") as outer:
        inner = people.save_person(people.PersonData(name="张伟"))
    assert inner.batch_id == outer.id
    assert models.ChangeBatch.get_by_id(outer.id).label == "Import 名册.xlsx"
