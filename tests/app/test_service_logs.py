"""Service logs: every field and counter, several commissioners, verification, batch training,
and the lists of a commissioner, an organization and a workstation."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from app.activities import service_logs as logs
from app.core.errors import UserError
from db import changelog
from db.models import ChangeBatch, ServiceLog, ServiceLogCommissioner, Workstation
from tests.app import activity_helpers as h


@pytest.fixture
def world():
    org = h.organization("泉州鲤城纺织有限公司", field="textile")
    with changelog.batch("test workstation"):
        station = Workstation(name="纺织工作站", level="municipal", host=org)
        station.save()
    return {"org": org, "other": h.organization("福建火炬电子"), "ws": station.id,
            "a": h.commissioner("张伟"), "b": h.commissioner("李娜")}


def full_input(world) -> logs.LogInput:
    return logs.LogInput(
        commissioner_ids=(world["a"], world["b"]), organization_id=world["org"],
        date=date(2025, 5, 6), kind="teaching", mode="online", days="1.5",
        content=" 讲授染整节能工艺 ", workstation_id=world["ws"], trainings_held=1,
        people_trained=35, technologies_introduced=2, new_products=1, problems_solved=3,
        jobs_created=4, output_value="120.5")


def test_every_field_and_counter_round_trips(world):
    saved = logs.save_log(full_input(world))
    got = logs.get_log(saved.id)
    expected = replace(full_input(world), days=Decimal("1.5"), output_value=Decimal("120.5"),
                       content="讲授染整节能工艺")
    assert got.input == expected
    assert got.verification == "pending"
    assert set(logs.COUNTER_LABELS) == set(logs.COUNTERS)


def test_commissioners_are_kept_in_sync(world):
    saved = logs.save_log(full_input(world))
    logs.save_log(replace(full_input(world), commissioner_ids=(world["b"],)), saved.id)
    assert logs.get_log(saved.id).input.commissioner_ids == (world["b"],)
    assert ServiceLogCommissioner.select().count() == 2  # one in the recycle bin
    (row,) = logs.logs_for(organization_id=world["org"])
    assert row.commissioners == "李娜"


@pytest.mark.parametrize(("change", "field"), [
    ({"commissioner_ids": ()}, "commissioners"),
    ({"organization_id": None}, "organization"),
    ({"days": "0"}, "days"),
    ({"days": "abc"}, "days"),
    ({"days": "400"}, "days"),
    ({"people_trained": -1}, "people_trained"),
    ({"output_value": "-3"}, "output_value"),
    ({"kind": "party"}, "kind"),
    ({"mode": "mail"}, "mode"),
    ({"demand_id": 12345}, "demand"),
])
def test_bad_input_is_refused_and_nothing_written(world, change, field):
    batches = ChangeBatch.select().count()
    with pytest.raises(UserError) as error:
        logs.save_log(replace(full_input(world), **change))
    assert error.value.field == field
    assert ServiceLog.select().count() == 0
    assert ChangeBatch.select().count() == batches


def test_verification_pending_approved_returned_resubmitted(world):
    first = logs.save_log(full_input(world)).id
    second = logs.save_log(replace(full_input(world), date=date(2025, 5, 7))).id
    assert logs.approve([first]).ids("service_log") == {first}
    assert logs.get_log(first).verification == "approved"
    with pytest.raises(UserError) as error:
        logs.return_logs([second], "  ")
    assert error.value.field == "verification_note"
    logs.return_logs([second], "缺少盖章确认单")
    got = logs.get_log(second)
    assert (got.verification, got.verification_note) == ("returned", "缺少盖章确认单")
    logs.save_log(got.input, second)
    assert logs.get_log(second).verification == "pending"
    assert logs.get_log(first).verification == "approved"
    assert logs.count(logs.LogQuery(verification="pending")) == 1


def test_batch_training_for_several_organizations_is_one_batch(world):
    batches = ChangeBatch.select().count()
    done = logs.batch_training([world["a"]], [world["org"], world["other"]], date(2025, 6, 3),
                               "电子商务培训", people_trained={world["org"]: 20, world["other"]: 12})
    assert ChangeBatch.select().count() == batches + 1
    rows = [logs.get_log(i).input for i in sorted(done.ids("service_log"))]
    assert [(r.organization_id, r.kind, r.trainings_held, r.people_trained) for r in rows] == [
        (world["org"], "teaching", 1, 20), (world["other"], "teaching", 1, 12)]
    with pytest.raises(UserError):
        logs.batch_training([world["a"]], [], date(2025, 6, 3), "x")


def test_lists_of_commissioner_organization_and_workstation_in_pages(world):
    for day in range(1, 13):
        logs.save_log(replace(full_input(world), commissioner_ids=(world["a"],),
                              workstation_id=None if day % 2 else world["ws"],
                              organization_id=world["org"] if day <= 8 else world["other"],
                              date=date(2025, 3, day)))
    logs.save_log(replace(full_input(world), commissioner_ids=(world["b"],)))
    assert len(logs.logs_for(commissioner_id=world["a"])) == 12
    assert len(logs.logs_for(commissioner_id=world["b"])) == 1
    assert len(logs.logs_for(organization_id=world["other"])) == 4
    assert len(logs.logs_for(workstation_id=world["ws"])) == 7
    query = logs.LogQuery(commissioner_id=world["a"])
    first = logs.page(query, limit=5)
    assert [r.date.day for r in first.rows] == [12, 11, 10, 9, 8]
    rest = logs.page(query, after=first.cursor, limit=20)
    assert [r.date.day for r in rest.rows] == [7, 6, 5, 4, 3, 2, 1]
    assert logs.count(logs.LogQuery(text="李娜")) == 1
    assert logs.count(logs.LogQuery(text="火炬")) == 4
    totals = logs.totals(query)
    assert (totals.logs, totals.days, totals.counters["people_trained"], totals.output_value) == (
        12, Decimal("18.0"), 12 * 35, Decimal("1446.0"))


def test_delete_moves_to_the_recycle_bin(world):
    log_id = logs.save_log(full_input(world)).id
    logs.delete_log(log_id)
    assert logs.count(logs.LogQuery()) == 0
    assert ServiceLog.get_by_id(log_id).deleted_at is not None
