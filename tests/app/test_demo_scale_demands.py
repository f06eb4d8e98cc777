"""Generated demands are as their life cycle leaves them on the day they are generated, so the
first start on a new province database has nothing to expire."""

from datetime import date

from app.data import session
from db.models import Demand, DemandTransition
from tests.benchmarks import scale_data as demo_scale


def test_nothing_is_due_on_the_day_generated(database):
    demo_scale.load_province(seed=3, factor=0.01)
    published = Demand.select().where(Demand.status == "published")
    assert published.count() and all(d.claim_deadline >= date.today() for d in published)
    assert session.expire_demands().ids("demand") == set()


def test_expired_demands_carry_the_step_that_expired_them(database):
    demo_scale.load_province(seed=3, factor=0.01)
    expired = list(Demand.select().where(Demand.status == "expired"))
    assert expired and all(d.claim_deadline < date.today() for d in expired)
    steps = {step.demand_id: step for step in DemandTransition.select()}
    for demand in expired:
        step = steps[demand.id]
        assert (step.from_status, step.to_status, step.actor) == ("published", "expired", "system")
        assert step.at.date() > demand.claim_deadline
