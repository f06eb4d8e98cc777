"""The assessment round on a small register built for each test: data items, the officer's
scores, hard rules, the quota, finishing, reopening and undo."""

from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal

import pytest

from app.assessment import agreements, figures, rounds, schemes
from app.assessment.agreements import AgreementValues
from app.core.errors import UserError
from app.history import undo
from db import changelog, models
from tests.assessment.helpers import commissioner, log, organization

FULL = {"service_mode": "15", "agreement": "20", "results": "25", "satisfaction": "20"}


def logs(who: int, where: int, count: int, days: str = "1", year: int = 2025) -> None:
    for i in range(count):
        log(who, where, date(year, 1 + i % 12, 1 + i // 12), days=days)


def row_of(name: str, year: int = 2025) -> rounds.RoundRow:
    return next(r for r in rounds.round_rows(year) if r.name == name)


@pytest.fixture
def register():
    """Four individual commissioners serving one enterprise, one workstation hosted there."""
    served = organization("泉州海天材料科技股份有限公司")
    people = {name: commissioner(name) for name in ("陈明辉", "林晓燕", "黄志强", "吴丽")}
    logs(people["陈明辉"], served, 12)  # 12 logs, 12 days
    logs(people["林晓燕"], served, 4, days="2")  # 8 days: at most 合格
    logs(people["黄志强"], served, 2, days="2")  # 4 days: 不合格
    log(people["吴丽"], served, date(2025, 5, 1), days="9", approved=False)  # none verified
    with changelog.batch("test workstation"):
        station = models.Workstation(name="海天材料科技特派员工作站", level="municipal", host=served,
                                     recognized_on=date(2024, 6, 1), status="operating")
        station.save()
    from app.activities import service_logs
    saved = service_logs.save_log(service_logs.LogInput(
        (people["陈明辉"],), served, date(2025, 3, 3), days=Decimal(1),
        workstation_id=station.id))
    service_logs.approve([saved.id])
    return served, people, station.id


def test_opening_gives_each_subject_in_force_a_row_with_its_data_items(register):
    served, people, _station = register
    commissioner("郑过期", term=(date(2020, 1, 1), date(2024, 12, 31)))  # not in force in 2025
    agreements.save_agreement(AgreementValues(people["陈明辉"], served, None, None,
                                              date(2025, 1, 1), date(2025, 12, 31),
                                              targets={"service_days": "26"}))
    opened = rounds.open_round(2025)
    assert opened.created and opened.touches("assessment", "assessment_round")
    rows = {r.name: r for r in rounds.round_rows(2025)}
    assert set(rows) == {"陈明辉", "林晓燕", "黄志强", "吴丽", "海天材料科技特派员工作站"}
    chen = rows["陈明辉"]
    assert (chen.subject_type, chen.subject_id, chen.level) == ("individual", people["陈明辉"],
                                                                "municipal")
    # 13 verified logs (12 + the workstation's) of 12 → 20 points; 13 days of 26 → 10 of 20.
    assert chen.items == {"service_mode": None, "service_count": Decimal(20),
                          "agreement": Decimal(10), "results": None, "satisfaction": None,
                          "bonus": None}
    assert not chen.complete and chen.total is None and chen.grade is None
    ws = rows["海天材料科技特派员工作站"]
    # 1 verified log of the 20 that earn 25 points: 1.25 → 1.3
    assert ws.subject_type == "workstation" and ws.items["matching"] == Decimal("1.3")
    state = rounds.round_state(2025)
    assert (state.status, state.rows_total, state.rows_complete) == ("open", 5, 0)


def test_the_hard_rules_cap_the_grade_and_say_why(register):
    rounds.open_round(2025)
    for name in ("陈明辉", "林晓燕", "黄志强", "吴丽"):
        rounds.set_scores(row_of(name).assessment_id, {**FULL, "service_count": "20"}, "")
    rows = {r.name: r for r in rounds.round_rows(2025)}
    assert rows["陈明辉"].total == 100 and rows["陈明辉"].grade == "excellent"
    assert rows["陈明辉"].violations == ()
    assert rows["林晓燕"].total == 100 and rows["林晓燕"].grade == "pass"
    assert rows["林晓燕"].violations == (
        "8 service days in 2025, fewer than the 12 needed for Good or Excellent: at most Pass.",)
    assert rows["黄志强"].grade == "fail" and "fewer than the 5 needed" in rows["黄志强"].violations[0]
    assert rows["吴丽"].grade == "fail"
    assert rows["吴丽"].violations == ("No verified service log in 2025: Fail.",)
    assert rows["陈明辉"].funds == 1 and rows["林晓燕"].funds == 0


def test_the_grade_follows_the_floors_and_the_funds_the_grade(register):
    rounds.open_round(2025)
    chen = row_of("陈明辉").assessment_id
    # 15 + 20 (data) + 20 + 0 + 20 = 75 → 合格; with 5 bonus points 80 → 良好
    rounds.set_scores(chen, {"service_mode": "15", "agreement": "20", "results": "0",
                             "satisfaction": "20"}, "")
    assert (row_of("陈明辉").total, row_of("陈明辉").grade) == (75, "pass")
    rounds.set_scores(chen, {"bonus": "5"}, "积极参与培训")
    row = row_of("陈明辉")
    assert (row.total, row.grade, row.funds, row.remarks) == (80, "good", Decimal("0.5"),
                                                              "积极参与培训")


def test_the_quota_of_excellent_stops_finishing(register):
    served, _people, _station = register
    for name in ("郭一", "郭二"):
        logs(commissioner(name), served, 12)
    rounds.open_round(2025)
    for row in rounds.round_rows(2025):
        scores = FULL if row.subject_type == "individual" else {
            "measures": "20", "key_problems": "20", "results": "20", "satisfaction": "15"}
        rounds.set_scores(row.assessment_id, scores, "")
    state = rounds.round_state(2025)
    # 6 individuals, 35 % → at most 2 优秀; 陈明辉, 郭一 and 郭二 have 100 points
    assert (state.excellent, state.excellent_cap) == (3, 2)
    with pytest.raises(UserError, match="Individual: 3 Excellent, at most 2"):
        rounds.finish_round(2025)
    assert rounds.round_state(2025).status == "open"
    rounds.set_scores(row_of("郭二").assessment_id, {"service_mode": "4"}, "")  # 89: 良好
    assert rounds.finish_round(2025).touches("assessment_round")
    assert rounds.round_state(2025).status == "finished"


def test_an_incomplete_round_cannot_be_finished(register):
    rounds.open_round(2025)
    with pytest.raises(UserError, match="5 still incomplete"):
        rounds.finish_round(2025)


def finished(register_year: int = 2025) -> None:
    rounds.open_round(register_year)
    for row in rounds.round_rows(register_year):
        scores = FULL if row.subject_type == "individual" else {
            "measures": "10", "key_problems": "10", "results": "10", "satisfaction": "10"}
        rounds.set_scores(row.assessment_id, scores, "")
    rounds.finish_round(register_year)


def test_finishing_records_the_results_and_freezes_the_schemes(register):
    finished()
    a = models.Assessment
    recorded = {(r.total, r.grade, r.subsidy) for r in a.select().where(a.year == 2025)}
    assert recorded == {(r.total, r.grade, r.funds) for r in rounds.round_rows(2025)}
    assert all(total is not None for total, _grade, _subsidy in recorded)
    assert models.AssessmentRound.get().finished_on is not None
    assert all(s.frozen for s in models.AssessmentScheme.select())
    with pytest.raises(UserError, match="cannot change"):
        schemes.save_scheme(replace(schemes.scheme_for(2025, "individual"), min_days_to_pass=3))
    row = row_of("陈明辉")
    with pytest.raises(UserError, match="finished"):
        rounds.set_scores(row.assessment_id, {"bonus": "1"}, "")
    with pytest.raises(UserError, match="finished"):
        rounds.open_round(2025)
    assert row_of("陈明辉") == row


def test_reopening_is_undone_like_any_change(register):
    finished()
    before = rounds.round_rows(2025)
    rounds.reopen_round(2025)
    assert rounds.round_state(2025).status == "open"
    assert not any(s.frozen for s in models.AssessmentScheme.select())
    assert {r.grade for r in models.Assessment.select()} == {None}
    schemes.save_scheme(replace(schemes.scheme_for(2025, "individual"), min_days_to_pass=3))
    undo.undo()  # the scheme's edit
    undo.undo()  # the reopening
    assert rounds.round_state(2025).status == "finished"
    assert all(s.frozen for s in models.AssessmentScheme.select())
    assert rounds.round_rows(2025) == before
    assert {r.grade for r in models.Assessment.select()} == {r.grade for r in before}


def test_reopening_an_open_round_recomputes_the_data_and_keeps_the_officers_scores(register):
    served, people, _station = register
    rounds.open_round(2025)
    chen = row_of("陈明辉").assessment_id
    rounds.set_scores(chen, {"service_mode": "12.5", "service_count": "15"}, "驻企服务")
    newcomer = commissioner("苏新")
    logs(people["陈明辉"], served, 1, days="3", year=2025)
    again = rounds.open_round(2025)
    assert not again.created
    row = row_of("陈明辉")
    assert row.assessment_id == chen
    assert row.items["service_mode"] == Decimal("12.5") and row.items["service_count"] == 15
    assert row.remarks == "驻企服务" and row.officer == {"service_mode", "service_count"}
    assert figures.stored(2025)[("commissioner", people["陈明辉"])].service_days == 16
    assert any(r.subject_id == newcomer for r in rounds.round_rows(2025))
    rounds.set_scores(chen, {"service_count": ""}, "驻企服务")  # cleared: the data's points
    assert row_of("陈明辉").items["service_count"] == 20  # 14 logs of the 12 for full marks
    assert row_of("陈明辉").officer == {"service_mode"}


@pytest.mark.parametrize(("scores", "field"), [
    ({"service_mode": "16"}, "service_mode"),
    ({"service_mode": "-1"}, "service_mode"),
    ({"service_mode": "1.25"}, "service_mode"),
    ({"service_mode": "十"}, "service_mode"),
    ({"unknown": "1"}, "items"),
])
def test_scores_out_of_range_are_refused_with_the_item_named(register, scores, field):
    rounds.open_round(2025)
    row = row_of("陈明辉")
    with pytest.raises(UserError) as refused:
        rounds.set_scores(row.assessment_id, scores, "")
    assert refused.value.field == field
    assert row_of("陈明辉") == row


def test_two_failures_in_a_row_are_listed_for_withdrawal(register):
    served, people, _station = register
    logs(people["陈明辉"], served, 12, year=2024)
    finished(2024)
    finished(2025)
    listed = rounds.withdrawal_candidates(2025)
    # 黄志强 (4 days) and 吴丽 (no verified log) failed both years; 林晓燕 had no 2024 log, failed
    # 2024 and passed 2025; 陈明辉 passed both.
    assert sorted(r.name for r in listed) == ["吴丽", "黄志强"]


def test_evidence_summary_and_subject_sheet(register):
    served, people, _station = register
    saved = agreements.save_agreement(AgreementValues(
        people["陈明辉"], served, None, date(2025, 1, 5), date(2025, 1, 1), date(2025, 12, 31),
        targets={"service_days": "26"}))
    finished()
    chen = row_of("陈明辉")
    lines = rounds.evidence(chen.assessment_id, "service_count")
    assert len(lines) == 13 and {line.kind for line in lines} == {"service_log"}
    assert [line.record_id for line in rounds.evidence(chen.assessment_id, "agreement")] == [
        saved.id]
    assert rounds.evidence(chen.assessment_id, "service_mode") == []
    total = rounds.summary(2025)
    assert [r.subject_type for r in total.rows] == ["individual"] * 4 + ["workstation"]
    assert [r.grade for r in total.rows[:4]] == ["excellent", "pass", "fail", "fail"]
    assert total.state.status == "finished" and total.finished_on is not None
    assert total.funds_total == sum(r.funds for r in total.rows)
    assert set(total.items) == {"individual", "workstation"}
    sheet = rounds.subject_sheet(chen.assessment_id)
    assert (sheet.service_count, sheet.service_days, sheet.agreement_completion) == (
        13, 13, Decimal("0.5"))
    assert sheet.data_values["service_count"] == 13 and sheet.row == chen
    assert [a.id for a in sheet.agreements] == [saved.id]
    ws = rounds.subject_sheet(row_of("海天材料科技特派员工作站").assessment_id)
    assert ws.host == "泉州海天材料科技股份有限公司" and ws.sending_unit == ""


def test_outcomes_and_satisfaction_are_counted_for_the_year(register):
    served, people, _station = register
    chen = people["陈明辉"]
    with changelog.batch("test outcomes and demands"):
        event = models.Event(kind="salon", title="纺织鞋服新材料人才沙龙",
                             starts_at=datetime(2025, 6, 26, 1, 0))
        event.save()
        for day, who in ((None, chen), (date(2024, 5, 1), chen), (None, people["吴丽"])):
            outcome = models.Outcome(event=event, kind="technical_intention", signed_on=day,
                                     description="技术合作意向")
            outcome.save()
            models.OutcomeParty(outcome=outcome, commissioner=who).save()
        first_log = models.ServiceLogCommissioner.get(
            models.ServiceLogCommissioner.commissioner == chen).service_log
        models.Outcome(service_log=first_log, kind="signed_project", description="签订项目").save()
        for score, finished in ((4, date(2025, 3, 1)), (5, date(2025, 9, 1)), (1, date(2024, 9, 1))):
            demand = models.Demand(number=f"XQ-{finished.year}-{score:04d}", title="工艺改进",
                                   organization=served, status="closed", finished_on=finished,
                                   satisfaction="satisfied", satisfaction_score=score)
            demand.save()
            models.Claim(demand=demand, commissioner=chen, claimed_on=date(2024, 1, 1),
                         status="accepted").save()
    rounds.open_round(2025)
    row = row_of("陈明辉")
    sheet = rounds.subject_sheet(row.assessment_id)
    # the salon's (dated by the event) and the log's signed project; the 2024 one is not
    assert sheet.event_outcomes == 2 and sheet.demand_satisfaction == Decimal("4.5")
    assert row.items["satisfaction"] == 18  # 4.5 of 5 → 18 of 20
    assert {(line.kind, line.record_id) for line in rounds.evidence(row.assessment_id,
                                                                     "satisfaction")} == {
        ("demand", d.id) for d in models.Demand.select().where(models.Demand.finished_on
                                                               >= date(2025, 1, 1))}
    assert figures.commissioner_figures(2025, [chen])[chen].event_outcomes == 2


def test_a_scheme_cannot_drop_a_maximum_below_points_already_given(register):
    rounds.open_round(2025)
    rounds.set_scores(row_of("陈明辉").assessment_id, {"service_mode": "14.5"}, "")
    individual = schemes.scheme_for(2025, "individual")
    lower = replace(individual, items=(replace(individual.items[0], max_points=Decimal(10)),
                                       replace(individual.items[1], max_points=Decimal(25)),
                                       *individual.items[2:]))
    with pytest.raises(UserError, match="1 scores given in the 2025 round are above 10 points"):
        schemes.save_scheme(lower)
    assert schemes.scheme_for(2025, "individual") == individual
    team = schemes.scheme_for(2025, "team")  # no team scored: the same change is taken
    schemes.save_scheme(replace(team, items=(replace(team.items[0], max_points=Decimal(10)),
                                             replace(team.items[1], max_points=Decimal(25)),
                                             *team.items[2:])))
