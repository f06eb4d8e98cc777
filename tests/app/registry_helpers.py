"""Small register data built through the services (shared by the register's app and UI tests)."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date

from stdnum.cn import ric, uscc

from app.core import settings
from app.register import commissioners as cs
from app.register import people
from db import changelog, models


def resident_id(area: str = "350502", born: str = "19800501", seq: str = "001") -> str:
    body = area + born + seq
    return body + ric.calc_check_digit(body + "0")


def credit_code(body: str = "91350502MA2YHT001") -> str:
    return body + uscc.calc_check_digit(body + "0")


def street_id(code: str = "jiangnan") -> int:
    return models.Dictionary.get((models.Dictionary.kind == "street")
                                 & (models.Dictionary.code == code)).id


def organization(name: str = "泉州海天材料科技股份有限公司", **values) -> int:
    return people.save_organization(people.OrganizationData(name=name, **values)).id


def person(name: str = "张伟", **values) -> int:
    return people.save_person(people.PersonData(name=name, **values), allow_similar=True).id


def individual(person_id: int, **values) -> int:
    return cs.save_commissioner(cs.CommissionerData(kind="individual", person_id=person_id,
                                                    **values)).id


def appoint(commissioner_id: int, level: str = "provincial", year: int = 2024,
            start: date = date(2024, 1, 1), end: date = date(2026, 12, 31), **values) -> int:
    return cs.save_appointment(cs.AppointmentData(
        commissioner_id=commissioner_id, level=level, year=year, term_start=start, term_end=end,
        **values)).id


@contextmanager
def other_computer(name="李科员"):
    """Writes made meanwhile by a colleague's computer on the same (shared) database."""
    mine = settings.device()
    changelog.configure(actor=name, device_id="the-other-computer")
    try:
        yield
    finally:
        changelog.configure(actor=mine["name"], device_id=mine["id"])
