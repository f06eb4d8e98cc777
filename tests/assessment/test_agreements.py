import shutil
from datetime import date
from decimal import Decimal

import pytest

from app.activities import attachments
from app.assessment import agreements
from app.assessment.agreements import AgreementQuery, AgreementValues
from app.core.errors import UserError
from app.data import session
from app.history import undo
from db import changelog, models
from tests.assessment.helpers import commissioner, log, organization
from tests.db.test_migrations import RELEASED

TERM = dict(term_start=date(2025, 1, 1), term_end=date(2025, 12, 31))


def test_an_agreement_is_saved_read_back_and_listed():
    employer = organization("华侨大学")
    served = organization("泉州海天材料科技股份有限公司")
    someone = commissioner("陈明辉", employer=employer)
    values = AgreementValues(someone, served, None, date(2025, 1, 10), **TERM,
                             targets_text=" 全年驻企服务，开展培训 ",
                             targets={"service_days": "20", "trainings": Decimal(2)},
                             status="in_progress")
    saved = agreements.save_agreement(values)
    assert saved.created and saved.touches("agreement")
    view = agreements.agreement(saved.id)
    assert view.values.targets == {"service_days": Decimal(20), "trainings": Decimal(2)}
    assert view.values.targets_text == "全年驻企服务，开展培训"
    assert (view.commissioner, view.organization, view.sending_unit,
            view.sending_unit_is_employer) == ("陈明辉", "泉州海天材料科技股份有限公司", "华侨大学", True)
    assert [v.id for v in agreements.agreements_of(someone)] == [saved.id]
    page = agreements.agreements_page(AgreementQuery(organization_id=served))
    assert [v.id for v in page.rows] == [saved.id] and page.cursor is None
    assert agreements.agreements_page(AgreementQuery(status="completed")).rows == []


def test_the_list_finds_agreements_by_name_and_year_and_pages_in_order():
    served = organization("泉州海天材料科技股份有限公司")
    chen, lin = commissioner("陈明辉"), commissioner("林晓燕")
    saved = [agreements.save_agreement(AgreementValues(
        who, served, None, signed, term_start=date(year, 1, 1), term_end=date(year, 12, 31))).id
        for who, signed, year in ((chen, date(2024, 1, 5), 2024), (lin, None, 2025),
                                  (chen, date(2025, 2, 1), 2025))]
    by_name = agreements.agreements_page(AgreementQuery(text="明辉"))
    assert {v.id for v in by_name.rows} == {saved[0], saved[2]}
    assert {v.id for v in agreements.agreements_page(AgreementQuery(text="海天")).rows} == set(saved)
    assert {v.id for v in agreements.agreements_page(AgreementQuery(year=2025)).rows} == set(
        saved[1:])
    first = agreements.agreements_page(AgreementQuery(sort="signed_on"), limit=2)
    rest = agreements.agreements_page(AgreementQuery(sort="signed_on"), first.cursor, limit=2)
    assert [v.id for v in first.rows + rest.rows] == [saved[2], saved[0], saved[1]]
    assert rest.cursor is None


@pytest.mark.parametrize(("change", "field"), [
    ({"commissioner_id": None}, "commissioner"),
    ({"organization_id": None}, "organization"),
    ({"status": "lost"}, "status"),
    ({"term_start": date(2025, 6, 1), "term_end": date(2025, 1, 1)}, "term_end"),
    ({"targets": {"service_days": "-3"}}, "service_days"),
    ({"targets": {"trainings": "1.234"}}, "trainings"),
    ({"targets": {"trainings": 2.5}}, "trainings"),
    ({"targets": {"visits": "3"}}, "targets"),
])
def test_bad_values_are_refused_with_the_field_named(change, field):
    values = dict(commissioner_id=commissioner("陈明辉"),
                  organization_id=organization("泉州海天材料科技股份有限公司"), **TERM)
    with pytest.raises(UserError) as refused:
        agreements.save_agreement(AgreementValues(**{**values, **change}))
    assert refused.value.field == field
    assert not models.Agreement.select().exists()


def test_completion_counts_the_verified_logs_for_that_organization_within_the_term():
    served, other = organization("泉州海天材料科技股份有限公司"), organization("七星电气股份有限公司")
    someone, colleague = commissioner("陈明辉"), commissioner("林晓燕")
    saved = agreements.save_agreement(AgreementValues(
        someone, served, None, None, **TERM,
        targets={"service_days": "10", "trainings": "2", "products": "4"}))
    log(someone, served, date(2025, 3, 1), days="2.5", trainings_held=1)
    log([colleague, someone], served, date(2025, 4, 1), days="0.5", new_products=1)
    log(someone, served, date(2025, 5, 1), days="3", trainings_held=5)
    log(someone, served, date(2025, 6, 1), days="9", approved=False)  # not verified
    log(someone, other, date(2025, 6, 2), days="9")  # another organization
    log(someone, served, date(2024, 12, 31), days="9")  # before the term
    log(colleague, served, date(2025, 7, 1), days="9")  # someone else's
    done = agreements.completion([saved.id])[saved.id]
    assert done.done == {"service_days": Decimal(6), "trainings": Decimal(6),
                         "technologies": Decimal(0), "products": Decimal(1)}
    # days 6/10, trainings capped at 1, products 1/4: (0.6 + 1 + 0.25) / 3
    assert done.ratio == (Decimal("0.6") + 1 + Decimal("0.25")) / 3
    assert agreements.agreement(saved.id).completion == done


def test_an_agreement_without_counted_targets_has_no_ratio():
    saved = agreements.save_agreement(AgreementValues(
        commissioner("陈明辉"), organization("泉州海天材料科技股份有限公司"), None, None, **TERM,
        targets_text="提供技术咨询"))
    assert agreements.completion([saved.id])[saved.id].ratio is None


def test_saving_and_deleting_an_agreement_are_undone():
    saved = agreements.save_agreement(AgreementValues(
        commissioner("陈明辉"), organization("泉州海天材料科技股份有限公司"), **TERM))
    agreements.delete_agreement(saved.id)
    assert not models.Agreement.live().exists()
    undo.undo()
    assert models.Agreement.live().count() == 1
    undo.undo()
    assert not models.Agreement.select().exists()


@pytest.mark.sqlite_only("the released versions are database files")
def test_the_served_objects_of_a_released_file_become_agreements(tmp_path):
    """Schema step 7 on the file of version 4: one agreement per served object, with the
    appointment's commissioner and term, the organization and the agreement date."""
    session.close_session()
    copy = tmp_path / "v4.db"
    shutil.copy(RELEASED[4], copy)
    session.open_session(copy)
    so, a = models.ServedObject, models.Appointment
    expected = sorted(
        (r.appointment.commissioner_id, r.organization_id, r.agreement_date,
         r.appointment.term_start, r.appointment.term_end, r.deleted_at is not None)
        for r in so.select(so, a).join(a))
    assert expected
    got = sorted((g.commissioner_id, g.organization_id, g.signed_on, g.term_start, g.term_end,
                  g.deleted_at is not None) for g in models.Agreement.select())
    assert got == expected
    assert {g.status for g in models.Agreement.select()} == {"signed"}
    assert so.select().count() == len(expected)  # the served objects stay


def test_without_a_named_sending_unit_a_team_is_sent_by_its_leaders_employer():
    university, served = organization("泉州师范学院"), organization("泉州海天材料科技股份有限公司")
    with changelog.batch("test team and legal person"):
        leader = models.Person(name="林晓燕", employer=university)
        leader.save()
        team = models.Commissioner(kind="team", team_name="纺织鞋服绿色染整团队")
        team.save()
        models.TeamMember(commissioner=team, person=leader, role="leader").save()
        legal = models.Commissioner(kind="legal_person", organization=university)
        legal.save()
    views = [agreements.agreement(agreements.save_agreement(AgreementValues(who, served, **TERM)).id)
             for who in (team.id, legal.id)]
    assert [(v.commissioner, v.sending_unit, v.sending_unit_is_employer) for v in views] == [
        ("纺织鞋服绿色染整团队", "泉州师范学院", True), ("泉州师范学院", "泉州师范学院", True)]


def test_the_scanned_agreement_is_attached_to_its_row(tmp_path):
    saved = agreements.save_agreement(AgreementValues(
        commissioner("陈明辉"), organization("泉州海天材料科技股份有限公司"), **TERM))
    uuid = agreements.agreement(saved.id).uuid
    scan = tmp_path / "三方协议.pdf"
    scan.write_bytes(b"%PDF-1.4 scanned agreement")
    info = attachments.add("agreement", uuid, scan).detail
    assert [a.id for a in attachments.attachments_of("agreement", uuid)] == [info.id]
    assert attachments.path_of(info.id).read_bytes() == scan.read_bytes()
