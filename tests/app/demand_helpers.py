"""Small register fixtures for the demand tests: organizations and commissioners, written the way
the register writes them (inside a change-log batch)."""

from __future__ import annotations

from datetime import date

from app import demands
from db import changelog
from db.models import Appointment, Commissioner, Dictionary, Organization, Person


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
