from dataclasses import replace
from datetime import date

import pytest

from app.core import i18n, settings
from app.core.errors import UserError
from app.dashboard import reminders
from app.history import audit, recycle
from app.history import undo as history
from app.register import commissioners as cs
from app.register import people, workstations
from db import models
from tests.app.registry_helpers import appoint, individual, other_computer, person


def test_history_says_what_changed_in_plain_language():
    i18n.set_language("zh_CN")
    zhang = person(mobile="13800138000")
    people.save_person(replace(people.get_person(zhang), mobile="13900139000"))
    lines = [e.text for e in history.history("person", zhang)]
    assert lines[0].endswith("手机 由 13800138000 改为 13900139000")
    assert "年" in lines[0] and lines[-1].endswith("创建")


def test_commissioner_history_includes_its_appointments():
    commissioner = individual(person())
    appointment = appoint(commissioner)
    data = next(a for a in cs.appointments_of(commissioner) if a.id == appointment)
    cs.save_appointment(replace(data, term_end=date(2027, 6, 30)))
    lines = [e.text for e in history.history("commissioner", commissioner)]
    assert "Appointment Provincial 2024: Term end changed from Dec 31, 2026 to Jun 30, 2027" in \
        lines[0]


def test_undo_and_redo_walk_back_to_the_start_only():
    before_start = person("早已存在")
    history.mark_start()
    assert history.undo_label() is None
    zhang = person(mobile="13800138000")
    people.save_person(replace(people.get_person(zhang), mobile="13900139000"))
    assert history.undo().detail == "Save person 张伟"
    assert people.get_person(zhang).mobile == "13800138000"
    assert history.undo().detail == "Save person 张伟"
    assert models.Person.get_or_none(models.Person.id == zhang) is None
    assert history.undo().detail is None  # the person from before the start stays
    assert models.Person.get_by_id(before_start)
    assert history.redo().detail == "Save person 张伟"
    zhang = models.Person.get(models.Person.name == "张伟").id
    assert people.get_person(zhang).mobile == "13800138000"
    assert history.redo().detail == "Save person 张伟"
    assert people.get_person(zhang).mobile == "13900139000"
    assert history.redo().detail is None
    assert history.undo().detail == "Save person 张伟"
    person("李娜")  # a new action ends redo
    assert history.redo_label() is None


def test_undo_reaches_only_this_computers_actions():
    history.mark_start()
    zhang = person("张伟")
    with other_computer():
        li = person("李娜")
        assert history.undo_label() == "Save person 李娜"  # each computer undoes its own
    assert history.undo_label() == "Save person 张伟"
    assert history.undo().detail == "Save person 张伟"
    assert history.undo().detail is None
    assert models.Person.get_or_none(models.Person.id == zhang) is None
    assert models.Person.get_by_id(li).name == "李娜"


def test_undo_refuses_when_a_colleague_changed_the_same_field_since():
    history.mark_start()
    zhang = person(mobile="13800138000", email="old@example.com")
    people.save_person(replace(people.get_person(zhang), mobile="13900139000",
                               email="mine@example.com"))
    with other_computer():
        people.save_person(replace(people.get_person(zhang), mobile="13700137000"))
    with pytest.raises(UserError, match=r"李科员 has changed the same data \(Person Mobile\)"):
        history.undo()
    assert (people.get_person(zhang).mobile, people.get_person(zhang).email) == (
        "13700137000", "mine@example.com")  # nothing reverted
    batch = models.ChangeBatch.select().where(models.ChangeBatch.device_id != "the-other-computer")
    with pytest.raises(UserError, match="李科员"):
        audit.undo_batch(batch.order_by(models.ChangeBatch.id.desc()).first().id)


def test_undo_keeps_a_colleagues_change_of_another_field():
    history.mark_start()
    zhang = person(mobile="13800138000")
    people.save_person(replace(people.get_person(zhang), mobile="13900139000"))
    with other_computer():
        people.save_person(replace(people.get_person(zhang), email="li@example.com"))
    assert history.undo().detail == "Save person 张伟"
    assert (people.get_person(zhang).mobile, people.get_person(zhang).email) == (
        "13800138000", "li@example.com")


def test_undo_of_a_delete_restores_the_links():
    history.mark_start()
    commissioner = individual(person())
    appointment = appoint(commissioner)
    recycle.delete("commissioner", [commissioner])
    history.undo()
    assert models.Commissioner.get_by_id(commissioner).deleted_at is None
    assert models.Appointment.get_by_id(appointment).deleted_at is None


def test_reminders():
    settings.put("expiring_days", 30)
    today = date(2025, 6, 1)
    soon = individual(person("李娜", mobile="13912345678"))
    appoint(soon, start=date(2023, 1, 1), end=date(2025, 6, 20))
    late = individual(person("王芳", mobile="13912345679"))
    appoint(late, start=date(2022, 1, 1), end=date(2025, 5, 1))
    later = individual(person("赵强", mobile="13912345670"))
    appoint(later, start=date(2023, 1, 1), end=date(2025, 8, 1))
    workstations.save_workstation(workstations.WorkstationData(name="空站"))
    found = reminders.all_reminders(today)
    assert [r.name for r in found["expiring"]] == ["李娜"]
    assert [r.name for r in found["expired"]] == ["王芳"]
    assert [(r.name, r.detail) for r in found["workstation"]] == [
        ("空站", "no head and no resident commissioner")]
    assert {r.name for r in found["incomplete"]} == {"李娜", "王芳", "赵强"}
    assert found["incomplete"][0].detail == "missing: ID number and employer"
    assert reminders.title("expiring") == "Appointments expiring within 30 days"
