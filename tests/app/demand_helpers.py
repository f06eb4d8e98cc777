"""Small register fixtures for the demand tests: organizations and commissioners, written the way
the register writes them (inside a change-log batch)."""

from __future__ import annotations

from datetime import date, timedelta

from app.core.changes import Changes
from app.demands import lifecycle as demands
from db import changelog
from db.models import Appointment, Commissioner, Demand, Dictionary, Organization, Person


def street_id(code: str) -> int:
    return Dictionary.get((Dictionary.kind == "street") & (Dictionary.code == code)).id


def organization(name: str, street: str | None = "haibin", field: str | None = None) -> int:
    with changelog.batch("test organization"):
        row = Organization(name=name, street=street_id(street) if street else None,
                           industry_field=field)
        row.save()
    return row.id


def commissioner(name: str, *, specialty: str = "", expertise: str = "", title: str = "",
                 fields: str = "", term: tuple[date, date] | None = (date(2024, 1, 1),
                                                                     date(2027, 12, 31)),
                 status: str = "active") -> int:
    """An individual commissioner with one municipal appointment (none if ``term`` is None)."""
    with changelog.batch("test commissioner"):
        person = Person(name=name, specialty=specialty, expertise=expertise, title_name=title)
        person.save()
        row = Commissioner(kind="individual", person=person, industry_fields=fields)
        row.save()
        if term is not None:
            Appointment(commissioner=row, level="municipal", year=term[0].year,
                        term_start=term[0], term_end=term[1], status=status).save()
    return row.id


def demand(org_id: int, title: str = "纺织面料染色工艺改进", *, today: date = date(2025, 3, 1),
           deadline: date = date(2025, 3, 31), finish: date = date(2025, 9, 30),
           max_accepted: int = 1, field: str | None = "textile", description: str = "") -> int:
    return demands.create(
        demands.DemandInput(title=title, organization_id=org_id, industry_field=field,
                            description=description, claim_deadline=deadline,
                            expected_finish=finish, max_accepted=max_accepted),
        today,
    ).id



def open_today(org_id: int) -> int:
    """A demand published today and open for claims for a month (to be finished in four): one a
    commissioner may claim on any day the tests run."""
    today = date.today()
    demand_id = demand(org_id, today=today, deadline=today + timedelta(days=30),
                       finish=today + timedelta(days=120))
    demands.publish(demand_id, today)
    return demand_id

def another_user_takes_numbers(monkeypatch, take, times: int = 1) -> list[str]:
    """Another user writes a demand under the number ``demands.next_number`` hands out, before
    this one is saved (``take(number)``), on the first ``times`` calls; the numbers taken."""
    real = demands.next_number
    taken: list[str] = []

    def racing(year: int) -> str:
        number = real(year)
        if len(taken) < times:
            take(number)
            taken.append(number)
        return number

    monkeypatch.setattr(demands, "next_number", racing)
    return taken


def other_users_demand(number: str, organization_id: int):
    """The insert another user's program makes of a demand of that number."""
    return Demand.insert(number=number, title="另一位用户的需求", organization=organization_id)


def number_of(changed: Changes) -> str:
    return Demand.get_by_id(changed.id).number


def numbers_past_9999(org: int, on: date) -> list[str]:
    """Two demands created after XQ-2025-9999: the sequence goes on as a number."""
    with changelog.batch("renumber"):
        demand = Demand.get_by_id(demands.create(demands.DemandInput("甲", org), on).id)
        demand.number = "XQ-2025-9999"
        demand.save()
    return [number_of(demands.create(demands.DemandInput(title, org), on)) for title in "乙丙"]
