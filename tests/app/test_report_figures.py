"""The figures a section chief signs are true of the period printed, whenever it is printed."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

import pytest

from app import reports
from app.activities import checkin, events, service_logs
from app.core import i18n
from app.demands import lifecycle as demands
from app.register import commissioners as cs
from app.register import workstations as ws
from db.models import Appointment, Commissioner, Event, Participant, Workstation
from tests.app import activity_helpers as ah
from tests.app import report_helpers as rh


@pytest.fixture(autouse=True)
def chinese():
    i18n.set_language("zh_CN")


def text_of(tmp_path, kind, name=None, **options) -> str:
    out = tmp_path / f"{name or kind}.pdf"
    reports.render(reports.ReportRequest(kind, **options), out)
    return "".join(rh.page_texts(out))


def between(text: str, start: str, end: str) -> str:
    return text[text.index(start):text.index(end)]


def period(text: str) -> reports.Period:
    return reports.parse_period(text)


# 1. A term that ends on the quarter's last day ends in that quarter.


def test_terms_ending_on_the_quarters_last_day_are_listed_as_ended(demo, tmp_path):
    ending = Appointment.select().join(Commissioner).where(
        (Appointment.term_end == date(2025, 12, 31)) & (Appointment.status == "active")
        & Commissioner.deleted_at.is_null()).count()
    assert ending == 12  # the 2023 batch
    q4 = text_of(tmp_path, "roster", period=period("2025Q4"))
    in_force = q4[:q4.index("本期期满或退出情况")]
    ended = between(q4, "本期期满或退出情况", "按层级和类型汇总")
    assert ended.count("–2025.12已到期") == 12
    assert "–2025.12" not in in_force
    q1 = text_of(tmp_path, "roster", "q1", period=period("2026Q1"))
    assert "–2025.12" not in q1


# 2. Appointments and commissioners are counted apart; a second listing is marked.


def test_a_commissioner_with_two_appointments_is_counted_once(demo, tmp_path):
    whole = text_of(tmp_path, "roster", period=period("2025Q2"))
    day = date(2025, 6, 30)
    rows = list(Appointment.select(Appointment.commissioner).join(Commissioner).where(
        (Appointment.status == "active") & (Appointment.term_start <= day)
        & (Appointment.term_end > day) & Commissioner.deleted_at.is_null()).tuples())
    twice = {c for (c,) in rows if rows.count((c,)) == 2}
    assert twice, "the demo has commissioners at two levels"
    assert f"期末在册{len(rows)}项选认，科技特派员{len(set(rows))}名" in whole
    assert whole.count("（另见第") == len(twice)
    for commissioner in twice:
        name = rh.commissioner_name(commissioner)
        first = re.search(rf"{re.escape(name)}（另见第(\d+)号）", whole)[1]
        assert re.search(rf"{first}\*?{re.escape(name)}(?!（另见)", whole), name
    assert "合计（项）" in whole


# 3. A year's roster is the annual roster.


def test_a_years_roster_is_titled_annual(demo, tmp_path):
    out = tmp_path / "roster.pdf"
    done = reports.render(reports.ReportRequest("roster", period=reports.parse_period(year=2024)),
                          out)
    whole = "".join(rh.page_texts(out))
    assert whole.startswith("科技特派员年度花名册2024年度")
    assert "季度花名册" not in whole
    assert done.name == "科技特派员年度花名册_2024"
    quarter = reports.render(reports.ReportRequest("roster", period=period("2024Q4")), out)
    assert quarter.name == "科技特派员季度花名册_2024Q4"


# 4. Demand figures are as of the period's end.


def demand_part(text: str) -> str:
    return between(text, "三、订单式需求对接", "四、")


def test_demand_figures_are_as_of_the_periods_end(demo, tmp_path):
    # 2025Q2's four demands stood at 06-30 as: one withdrawn, two in service, one published.
    q2 = demand_part(text_of(tmp_path, "activities", period=period("2025Q2")))
    assert "发布需求4" in q2
    assert "服务中2" in q2 and "已办结0" in q2 and "办结率0.0%" in q2
    assert "已退出1" in q2 and "已到期0" in q2


def test_a_past_period_printed_again_gives_the_same_figures(demo, tmp_path):
    before = text_of(tmp_path, "activities", "before", period=period("2026Q2"))
    [awaiting, serving] = [d.id for d in demands.Demand.select().where(
        demands.Demand.number.in_(("XQ-2026-0006", "XQ-2026-0007"))).order_by(demands.Demand.id)]
    demands.close(awaiting, "已完成", date(2026, 12, 1), "satisfied", 5)
    demands.terminate(serving, "企业停产")
    after = text_of(tmp_path, "activities", "after", period=period("2026Q2"))
    assert after == before


# 5. One rule for the service figures of every report.


def test_service_figures_count_verified_logs_only(tmp_path):
    who = ah.commissioner("林服务")
    org = ah.organization("鲤城纺织")
    ids = [service_logs.save_log(service_logs.LogInput(
        (who,), org, date(2025, 5, day), days="2", people_trained=10)).id
        for day in (6, 7, 8, 9)]
    service_logs.approve(ids[:2])
    service_logs.return_logs([ids[2]], "缺少确认单")  # ids[3] stays pending
    activity = text_of(tmp_path, "activities", period=period("2025Q2"))
    assert "服务记录（条）2" in activity and "服务天数4.0" in activity
    assert "据已审核服务日志统计；另有待审核1条。" in activity
    dossier = text_of(tmp_path, "dossier", commissioner=str(who))
    assert "共2条服务记录，4.0天。据已审核服务日志统计；另有待审核1条。" in dossier


# 6. One definition of invited and attended.


def test_summary_sign_in_sheet_check_in_and_activity_report_count_alike(demo, tmp_path):
    shenzhen = Event.get(Event.title == "纺织鞋服科技人才交流活动和技术对接（深圳）")
    counted = "科技特派员4名；企业8家；其他人员3名"
    summary = text_of(tmp_path, "event", event=str(shenzhen.id))
    assert f"已邀请{counted}" in summary
    assert f"已出席{counted}成果" in summary  # none came uninvited
    sheet = text_of(tmp_path, "signin", event=str(shenzhen.id))
    assert f"邀请：{counted}（共15行）" in sheet
    assert checkin.tally(shenzhen.id) == checkin.Tally(attended=15, invited=15)
    assert events.get_event(shenzhen.id).invited == 15
    activity = text_of(tmp_path, "activities", period=reports.parse_period(year=2024))
    assert counted in activity


def test_a_walk_in_attends_without_being_invited(tmp_path):
    event = ah.event()
    events.invite(event, commissioner_ids=[ah.commissioner("林邀请")])
    organizer = events.invite(event, person_ids=[ah.person("王主办")], role="organizer")
    assert organizer
    checkin.walk_in(event, "陈临时", organization="鲤城纺织")
    assert checkin.tally(event) == checkin.Tally(attended=1, invited=1)
    summary = text_of(tmp_path, "event", event=str(event))
    assert "已邀请科技特派员1名" in summary
    assert "已出席其他人员1名（其中临时到场：其他人员1名）" in summary
    assert Participant.select().where(Participant.event == event).count() == 3


# 7. A workstation's status is the one it had at the period's end.


def test_workstation_status_is_as_of_the_periods_end(demo, tmp_path):
    station = Workstation.get(Workstation.name == "火炬电子科技特派员工作站")
    assert station.status == "operating"
    ws.save_workstation(replace(ws.get_workstation(station.id), status="revoked"))
    past = text_of(tmp_path, "workstations", period=period("2025Q4"))
    row = past[past.index("火炬电子科技特派员工作站"):]
    assert "运行中" in row[:row.index("鲤城区纺织鞋服")] and "已撤销" not in past


# 8. Every kind of commissioner in its measure word.


def test_new_selections_in_their_measure_words(demo, tmp_path):
    whole = text_of(tmp_path, "activities", period=reports.parse_period(year=2024))
    assert "新选认省级科技特派员：个人4名、团队1个。" in whole
    assert "新选认市级科技特派员：个人13名、团队1个、法人1个。" in whole


def test_ended_and_appointment_status_changes_are_period_true(tmp_path):
    """A term cut short to end on a quarter's last day is ended in that quarter, not in force."""
    [who] = rh.people(1, start=date(2024, 1, 1), end=date(2027, 12, 31))
    current = cs.appointments_of(who)[0]
    cs.save_appointment(replace(current, term_end=date(2025, 3, 31)))
    q1 = text_of(tmp_path, "roster", period=period("2025Q1"))
    assert "测试000" in between(q1, "本期期满或退出情况", "按层级和类型汇总")
    assert "本期末无在册科技特派员" in q1
