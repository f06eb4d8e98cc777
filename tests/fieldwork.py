"""A small office register and a day of work at an event on the laptop (field packages)."""

from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

from app.activities import checkin, events, service_logs
from app.data import session
from app.exchange.records import RecordReader
from app.register import people
from db import changelog, models
from db import database as dbmod

MOBILES = [f"1380000{n:04d}" for n in range(8)]


def snapshot() -> dict:
    reader = RecordReader(dbmod.database)
    return {m._meta.table_name: reader.read(m) for m in models.EDITABLE_MODELS}


def make_office(database) -> dict:
    """A small office register: eight invitees to an event next month, and one past event."""
    with changelog.batch("office set-up"):
        org = models.Organization(name="泉州海天材料科技股份有限公司")
        org.save()
        guests = []
        for n, mobile in enumerate(MOBILES):
            person = models.Person(name=f"来宾{n}", mobile=mobile, employer=org)
            person.save()
            guests.append(person)
        commissioner = models.Commissioner(kind="individual", person=guests[0])
        commissioner.save()
        models.Appointment(commissioner=commissioner, level="municipal", year=2025,
                           term_start=date(2025, 1, 1), term_end=date(2027, 12, 31)).save()
        event = models.Event(kind="salon", title="科技特派员人才沙龙",
                             starts_at=datetime(2099, 12, 3, 9), ends_at=datetime(2099, 12, 3, 17))
        event.save()
        past = models.Event(kind="training", title="往期培训", starts_at=datetime(2024, 5, 1, 9),
                            ends_at=datetime(2024, 5, 1, 12))
        past.save()
        for person in guests:
            models.Participant(event=event, person=person).save()
    return {"path": database.target, "event": event.id, "guests": [g.id for g in guests],
            "org": org.id, "commissioner": commissioner.id}


def work_at_the_event(package: Path, office: dict) -> None:
    """What the officer does on the laptop, through the same services as the GUI."""
    session.close_session()
    session.open_session(package)
    changelog.configure(actor="笔记本", device_id="laptop-1")
    participants = events.participants(office["event"])
    for row in participants[:5]:
        checkin.check_in(row.id)
    checkin.walk_in(office["event"], "新来宾", mobile="13912345678")
    checkin.walk_in(office["event"], "来宾七", mobile=MOBILES[7])  # already in the register
    events.save_outcome(events.OutcomeInput(
        kind="technical_intention", description="功能性面料合作意向", event_id=office["event"],
        commissioner_ids=(office["commissioner"],), organization_ids=(office["org"],)))
    service_logs.save_log(service_logs.LogInput(
        commissioner_ids=(office["commissioner"],), organization_id=office["org"],
        date=date(2099, 12, 3), kind="consulting", content="沙龙现场技术咨询"))
    guest = people.get_person(office["guests"][1])
    people.save_person(replace(guest, mobile="13700000001"))
    session.close_session()
    session.open_session(office["path"])


def office_edits_the_same_phone(office: dict) -> None:
    guest = people.get_person(office["guests"][1])
    people.save_person(replace(guest, mobile="13600000001"))


