from dataclasses import replace
from datetime import date

import pytest

from app.core.errors import UserError
from app.history import recycle
from app.register import commissioners as cs
from app.register import people, workstations
from app.register.duplicates import DuplicateError
from db import models
from tests.app.registry_helpers import (
    appoint,
    credit_code,
    individual,
    organization,
    person,
    resident_id,
    street_id,
)


def counts():
    return {m._meta.table_name: m.select().count()
            for m in (*models.EDITABLE_MODELS, models.ChangeBatch, models.ChangeLog)}


def test_person_is_normalized_and_filled_from_the_id_number():
    employer = organization()
    saved = people.save_person(people.PersonData(
        name=" 张伟 ", id_number=resident_id().lower(), mobile="１３８００１３８０００",
        email="ZW@Example.com", employer_id=employer))
    got = people.get_person(saved.id)
    assert saved.created and got.name == "张伟"
    assert got.id_number == resident_id() and got.birth_date == date(1980, 5, 1)
    assert got.gender == "male" and got.mobile == "13800138000" and got.email == "zw@example.com"
    assert got.employer_name == "泉州海天材料科技股份有限公司"


def test_a_rejected_save_writes_nothing():
    person()
    before = counts()
    number = resident_id()
    wrong = number[:-1] + ("1" if number[-1] != "1" else "2")
    for bad, field in ((people.PersonData(name="李娜", id_number=wrong),
                        "id_number"),
                       (people.PersonData(name="李娜", mobile="1234"), "mobile"),
                       (people.PersonData(name=""), "name")):
        with pytest.raises(UserError) as caught:
            people.save_person(bad)
        assert caught.value.field == field
    assert counts() == before


def test_duplicates_warn_or_block():
    employer = organization()
    first = person(mobile="13800138000", id_number=resident_id(), employer_id=employer)
    with pytest.raises(DuplicateError) as caught:
        people.save_person(people.PersonData(name="李娜", mobile="13800138000"))
    assert not caught.value.blocking
    assert [(d.id, d.reason) for d in caught.value.duplicates] == [(first, "mobile")]
    assert people.save_person(people.PersonData(name="李娜", mobile="13800138000"),
                              allow_similar=True).created
    with pytest.raises(DuplicateError) as caught:
        people.save_person(people.PersonData(name="王芳", id_number=resident_id()),
                           allow_similar=True)
    assert caught.value.blocking and caught.value.field == "id_number"
    with pytest.raises(DuplicateError) as caught:
        people.save_person(people.PersonData(name="张伟", employer_id=employer))
    assert caught.value.duplicates[0].reason == "name_employer"
    code = credit_code()
    organization("甲公司", uscc=code)
    with pytest.raises(DuplicateError) as caught:
        people.save_organization(people.OrganizationData(name="乙公司", uscc=code))
    assert caught.value.field == "uscc"


def test_three_kinds_of_commissioner_with_two_levels_each():
    org = organization(uscc=credit_code())
    zhang = person(mobile="13800138000", employer_id=org)
    li, wang = person("李娜"), person("王芳")
    one = individual(zhang, industry_fields=("materials",))
    team = cs.save_commissioner(cs.CommissionerData(
        kind="team", team_name="新材料团队", person_id=li,
        members=(cs.MemberData(wang, joined_on=date(2024, 3, 1)),))).id
    legal = cs.save_commissioner(cs.CommissionerData(kind="legal_person",
                                                     organization_id=org)).id
    for commissioner in (one, team, legal):
        appoint(commissioner, "provincial", street_ids=(street_id(),),
                served=(cs.ServedData(org, date(2024, 2, 1)),))
        appoint(commissioner, "municipal", 2025, date(2025, 1, 1), date(2027, 12, 31))
    got = cs.get_commissioner(team)
    assert got.name == "新材料团队" and got.person_id == li
    assert [(m.person_id, m.role) for m in got.members] == [(wang, "member")]
    held = cs.appointments_of(one, today=date(2025, 6, 1))
    assert [(a.level, a.derived_status) for a in held] == [("municipal", "active"),
                                                           ("provincial", "active")]
    assert held[1].street_names == ("江南街道",)
    assert held[1].served[0].organization_name == "泉州海天材料科技股份有限公司"
    assert cs.get_commissioner(legal).name == "泉州海天材料科技股份有限公司"
    with pytest.raises(DuplicateError) as caught:
        individual(zhang)
    assert caught.value.blocking


def test_team_members_are_synced_and_the_term_is_checked():
    li, wang, zhao = person("李娜"), person("王芳"), person("赵强")
    data = cs.CommissionerData(kind="team", team_name="团队", person_id=li,
                               members=(cs.MemberData(wang),))
    team = cs.save_commissioner(data).id
    cs.save_commissioner(replace(data, id=team, members=(cs.MemberData(zhao),)))
    assert [m.person_id for m in cs.get_commissioner(team).members] == [zhao]
    with pytest.raises(UserError) as caught:
        cs.save_commissioner(replace(data, id=team, members=(cs.MemberData(li),)))
    assert caught.value.field == "members"
    with pytest.raises(UserError) as caught:
        appoint(team, start=date(2025, 1, 1), end=date(2024, 1, 1))
    assert caught.value.field == "term_end"


def test_delete_moves_links_to_the_recycle_bin_and_restore_brings_them_back():
    org = organization()
    commissioner = individual(person())
    appointment = appoint(commissioner, street_ids=(street_id(),),
                          served=(cs.ServedData(org),))
    station = workstations.save_workstation(workstations.WorkstationData(
        name="海天工作站", host_id=org,
        residents=(workstations.ResidentData(commissioner, date(2024, 1, 1)),))).id
    other = individual(person("李娜"))
    recycle.delete("commissioner", [commissioner, other])
    assert models.Appointment.get_by_id(appointment).deleted_at is not None
    assert models.ServiceStreet.live().count() == 0 and models.ServedObject.live().count() == 0
    assert workstations.get_workstation(station).residents == ()
    assert {(i.entity, i.id) for i in recycle.contents()} == {("commissioner", commissioner),
                                                              ("commissioner", other)}
    recycle.restore("commissioner", commissioner)
    assert models.Appointment.get_by_id(appointment).deleted_at is None
    assert models.ServiceStreet.live().count() == 1 and models.ServedObject.live().count() == 1
    assert [r.commissioner_id for r in workstations.get_workstation(station).residents] == [
        commissioner]
    assert [(i.entity, i.id) for i in recycle.contents()] == [("commissioner", other)]


def test_a_person_serving_as_commissioner_cannot_be_deleted_alone():
    zhang = person()
    individual(zhang)
    with pytest.raises(UserError):
        recycle.delete("person", [zhang])


def test_workstation_validation():
    with pytest.raises(UserError) as caught:
        workstations.save_workstation(workstations.WorkstationData(
            name="站", established_on=date(2024, 5, 1), recognized_on=date(2024, 1, 1)))
    assert caught.value.field == "recognized_on"
    head = person()
    saved = workstations.save_workstation(workstations.WorkstationData(
        name="站", head_id=head, street_id=street_id("changtai"), status="operating"))
    got = workstations.get_workstation(saved.id)
    assert (got.head_name, got.street_name, got.status) == ("张伟", "常泰街道", "operating")
