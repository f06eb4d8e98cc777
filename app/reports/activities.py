"""The quarterly or annual activity report (季度/年度活动报告)."""

from __future__ import annotations

from collections import Counter

from reportlab.platypus import Flowable, Spacer

from app.demands import STATUS_LABELS as DEMAND_STATUS_LABELS
from app.events import KIND_LABELS as EVENT_KIND_LABELS
from app.events import OUTCOME_LABELS
from app.i18n import (
    N_,
    _,
    format_date,
    format_decimal,
    format_percent,
    format_wan,
    join_list,
    ngettext,
)
from app.registry.common import LEVEL_LABELS, label
from app.reports import event_data, layout
from app.reports.charts import bar_chart
from app.reports.event_data import ActivitiesData
from app.reports.labels import headcount, service_basis
from app.reports.layout import RULE, Heading, Kit
from app.reports.request import ReportRequest
from app.service_logs import COUNTER_LABELS
from db.models import DEMAND_STATUSES, EVENT_KINDS, LEVELS, OUTCOME_KINDS

TITLE = N_("Activity report of science and technology commissioners")
WIDE = False


def load(request: ReportRequest) -> ActivitiesData:
    return event_data.activities(request.period, request.summary)


def period_text(data: ActivitiesData) -> str:
    return _("{period} ({start} – {end})").format(
        period=data.period.label(), start=format_date(data.period.start, "long"),
        end=format_date(data.period.end, "long"))


def _optional(value, formatter) -> str:
    return "—" if value is None else formatter(value)


def selection(data: ActivitiesData, kit: Kit) -> list[Flowable]:
    flow: list[Flowable] = []
    counts = data.new_appointments
    for level in LEVELS:
        # Each kind in its own measure word: persons are 名, teams and legal persons 个.
        parts = [text.format(count=counts[level, kind]) for kind, text in (
            ("individual", ngettext("{count} individual", "{count} individuals",
                                    counts[level, "individual"])),
            ("team", ngettext("{count} team", "{count} teams", counts[level, "team"])),
            ("legal_person", ngettext("{count} legal person", "{count} legal persons",
                                      counts[level, "legal_person"])))
            if counts[level, kind]]
        if parts:
            flow.append(layout.text(_("{level} commissioners newly selected: {kinds}.").format(
                level=label(LEVEL_LABELS, level), kinds=join_list(parts, cell=True)),
                kit.styles.body))
    if not flow:
        flow.append(layout.nothing(kit, _("No commissioner was newly selected in this period.")))
    for level in ("provincial", "municipal"):
        if data.new_workstations[level]:
            flow.append(layout.text(_("{level} workstations newly recognized: {count}.").format(
                level=label(LEVEL_LABELS, level), count=data.new_workstations[level]),
                kit.styles.body))
    if data.new_workstation_names:
        flow.append(layout.text(join_list(data.new_workstation_names), kit.styles.note))
    return flow


def service(data: ActivitiesData, kit: Kit) -> list[Flowable]:
    s = data.service
    pairs = [(_("Service records"), str(s.logs)), (_("Service days"), format_decimal(s.days, 1)),
             *((_(COUNTER_LABELS[name]), str(value)) for name, value in s.counters.items()),
             (_("Output value"), format_wan(s.output_value))]
    return [layout.key_values(pairs, kit), layout.text(service_basis(s.pending), kit.styles.note)]


def demands(data: ActivitiesData, kit: Kit) -> Flowable:
    d = data.demands
    pairs = [
        (_("Demands published"), str(d.published)), (_("Claimed"), str(d.claimed)),
        (_("Claim rate"), _optional(d.claim_rate, format_percent)),
        (_("Median days to first claim"),
         _optional(d.median_days_to_first_claim, lambda v: format_decimal(v, 1))),
        (_("In service"), str(d.in_service)), (_("Closed"), str(d.closed)),
        (_("Completion rate"), _optional(d.completion_rate, format_percent)),
        (_("Overdue"), str(d.overdue)),
        (_("Satisfaction rate"), _optional(d.satisfaction_rate, format_percent)),
        (_("Mean score"), _optional(d.mean_score, lambda v: format_decimal(v, 1))),
        (_("Withdrawn"), str(d.withdrawn)), (_("Expired"), str(d.expired)),
    ]
    return layout.key_values(pairs, kit)


def _outcomes(counts: Counter) -> str:
    return _("; ").join(_("{kind} {count}").format(kind=label(OUTCOME_LABELS, kind),
                                                  count=counts[kind])
                        for kind in OUTCOME_KINDS if counts[kind]) or "—"


def events(data: ActivitiesData, kit: Kit) -> list[Flowable]:
    if not data.events:
        return [layout.nothing(kit, _("No event took place in this period."))]
    rows = [[str(i), format_date(e.starts_at.date(), "short"), label(EVENT_KIND_LABELS, e.kind),
             e.title, e.place, headcount(e.attended), _outcomes(e.outcomes)]
            for i, e in enumerate(data.events, start=1)]
    header = [_("No."), _("Date"), _("Kind"), _("Event"), _("Place"), _("Attendance"), _("Outcomes")]
    return [
        layout.simple_table(header, rows, [2.4, 6, 6, 14, 8, 8, 10], kit,
                            ["CENTER", "CENTER", "CENTER", "LEFT", "LEFT", "LEFT", "LEFT"]),
        Spacer(1, 4),
        layout.text(_("Outcomes of the events in total: {outcomes}.").format(
            outcomes=_outcomes(data.outcomes)), kit.styles.body),
    ]


def charts(data: ActivitiesData, kit: Kit) -> list[Flowable]:
    half = kit.width / 2 - 6
    shown = [s for s in DEMAND_STATUSES if s != "draft"]
    by_demand = bar_chart(_("Demands by status"), [label(DEMAND_STATUS_LABELS, s) for s in shown],
                          [data.demands.by_status.get(s, 0) for s in shown], kit, half,
                          slanted=True)
    kinds = Counter(e.kind for e in data.events)
    by_kind = bar_chart(_("Events by kind"), [label(EVENT_KIND_LABELS, k) for k in EVENT_KINDS],
                        [kinds[k] for k in EVENT_KINDS], kit, half, slanted=True)
    months = data.service.days_by_month
    by_month = bar_chart(_("Service days by month"),
                         [_("{month}/{year}").format(month=m, year=y % 100) for y, m, _d in months],
                         [float(days) for _y, _m, days in months], kit, kit.width, 140)
    pair = layout.grid([[by_demand, by_kind]], [kit.width / 2] * 2, kit,
                       [("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)])
    return [pair, Spacer(1, 6), by_month]


def summary_box(data: ActivitiesData, kit: Kit) -> Flowable:
    content = layout.paragraphs(data.summary, kit) or ""
    return layout.grid([[content]], [kit.width], kit, [
        ("BOX", (0, 0), (-1, -1), 0.8, RULE), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        *[(side, (0, 0), (-1, -1), 6) for side in ("TOPPADDING", "BOTTOMPADDING", "LEFTPADDING",
                                                   "RIGHTPADDING")]],
        rowHeights=[None if content else 90])


def story(data: ActivitiesData, kit: Kit, heading: Heading) -> list[Flowable]:
    flow = layout.title_block(heading, kit)
    flow += [layout.section(_("1. Selection of commissioners and workstations"), kit),
             *selection(data, kit)]
    flow += [layout.section(_("2. Service work (from the service logs)"), kit), *service(data, kit)]
    flow += [layout.section(_("3. Order-style demands"), kit), demands(data, kit)]
    flow += [layout.section(_("4. Events, participants and outcomes"), kit), *events(data, kit)]
    flow += [layout.section(_("5. Charts"), kit), *charts(data, kit)]
    flow += [layout.section(_("6. Summary"), kit), summary_box(data, kit)]
    flow.append(layout.signatures(heading, kit))
    return flow
