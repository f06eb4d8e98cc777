"""Small register fixtures for the event, check-in and service-log tests, written the way the
register writes them (inside a change-log batch)."""

from __future__ import annotations

from datetime import date, datetime

from app.activities import events
from db import changelog
from db.models import Appointment, Commissioner, Organization, Person

TERM = (date(2024, 1, 1), date(2027, 12, 31))


def organization(name: str, field: str | None = None, phone: str = "") -> int:
    with changelog.batch("test organization"):
        row = Organization(name=name, industry_field=field, contact_phone=phone)
        row.save()
    return row.id


def person(name: str, mobile: str = "", employer: int | None = None) -> int:
    with changelog.batch("test person"):
        row = Person(name=name, mobile=mobile, employer=employer)
        row.save()
    return row.id


def commissioner(name: str, *, level: str = "municipal", fields: str = "", mobile: str = "",
                 employer: int | None = None, term=TERM, status: str = "active") -> int:
    with changelog.batch("test commissioner"):
        someone = Person(name=name, mobile=mobile, employer=employer)
        someone.save()
        row = Commissioner(kind="individual", person=someone, industry_fields=fields)
        row.save()
        Appointment(commissioner=row, level=level, year=term[0].year, term_start=term[0],
                    term_end=term[1], status=status).save()
    return row.id


def team(name: str, leader: str, *, fields: str = "") -> int:
    from db.models import TeamMember

    with changelog.batch("test team"):
        head = Person(name=leader, mobile="13900000000")
        head.save()
        row = Commissioner(kind="team", team_name=name, industry_fields=fields)
        row.save()
        TeamMember(commissioner=row, person=head, role="leader").save()
        Appointment(commissioner=row, level="provincial", year=2024, term_start=TERM[0],
                    term_end=TERM[1]).save()
    return row.id


def event(title: str = "纺织鞋服新材料人才沙龙", kind: str = "salon",
          start: datetime = datetime(2025, 6, 26, 9, 0)) -> int:
    return events.save_event(events.EventInput(kind, title, start, place="鲤城科技园",
                                               organizer="鲤城区科技局")).id
