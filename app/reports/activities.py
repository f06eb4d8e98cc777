"""The quarterly or annual activity report (季度/年度活动报告)."""

from __future__ import annotations

from collections import Counter

from app.activities.events import EVENT_KIND_LABELS, OUTCOME_LABELS
from app.activities.service_logs import COUNTER_LABELS
from app.core.i18n import (
    N_,
    _,
    format_date,
    format_decimal,
    format_percent,
    format_wan,
    join_list,
    ngettext,
)
from app.demands.lifecycle import STATUS_LABELS as DEMAND_STATUS_LABELS
from app.register.common import LEVEL_LABELS, label
from app.reports import event_data, layout
from app.reports.charts import Chart
from app.reports.event_data import ActivitiesData
from app.reports.labels import DAYS, ITEMS, PERSONS, headcount, service_basis, unit
from app.reports.request import ReportRequest
from db.models import DEMAND_STATUSES, EVENT_KINDS, LEVELS, OUTCOME_KINDS

TITLE = N_("Activity report of science and technology commissioners")
WIDE = False
# Units of the counters whose label carries none (举办培训（场） does).
COUNTER_UNITS = {"people_trained": PERSONS, "technologies_introduced": ITEMS,
                 "new_products": ITEMS, "problems_solved": ITEMS}


def load(request: ReportRequest) -> ActivitiesData:
    return event_data.activities(request.period, request.summary)


def period_text(data: ActivitiesData) -> str:
    return _("{period} ({start} – {end})").format(
        period=data.period.label(), start=format_date(data.period.start, "long"),
        end=format_date(data.period.end, "long"))


def _optional(value, formatter) -> str:
    return "—" if value is None else formatter(value)


def selection(data: ActivitiesData, out) -> None:
    counts = data.new_appointments
    selected = False
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
            selected = True
            out.text(_("{level} commissioners newly selected: {kinds}.").format(
                level=label(LEVEL_LABELS, level), kinds=join_list(parts, cell=True)))
    if not selected:
        out.nothing(_("No commissioner was newly selected in this period."))
    for level in ("provincial", "municipal"):
        if data.new_workstations[level]:
            out.text(_("{level} workstations newly recognized: {count}.").format(
                level=label(LEVEL_LABELS, level), count=data.new_workstations[level]))
    if data.new_workstation_names:
        out.text(join_list(data.new_workstation_names), note=True)


def service(data: ActivitiesData, out) -> None:
    s = data.service
    out.key_values([
        (_("Service records"), str(s.logs)),
        (_("Service days"), unit(format_decimal(s.days, 1), DAYS)),
        *((_(COUNTER_LABELS[name]), unit(value, COUNTER_UNITS[name]) if name in COUNTER_UNITS
           else str(value)) for name, value in s.counters.items()),
        (_("Output value"), format_wan(s.output_value))])
    out.text(service_basis(s.pending), note=True)


def demands(data: ActivitiesData, out) -> None:
    d = data.demands
    out.key_values([
        (_("Demands published"), unit(d.published, ITEMS)), (_("Claimed"), unit(d.claimed, ITEMS)),
        (_("Claim rate"), _optional(d.claim_rate, format_percent)),
        (_("Median days to first claim"),
         _optional(d.median_days_to_first_claim, lambda v: unit(format_decimal(v, 1), DAYS))),
        (_("In service"), unit(d.in_service, ITEMS)), (_("Closed"), unit(d.closed, ITEMS)),
        (_("Completion rate"), _optional(d.completion_rate, format_percent)),
        (_("Overdue"), unit(d.overdue, ITEMS)),
        (_("Satisfaction rate"), _optional(d.satisfaction_rate, format_percent)),
        (_("Mean score"), _optional(d.mean_score, lambda v: format_decimal(v, 1))),
        (_("Withdrawn"), unit(d.withdrawn, ITEMS)), (_("Expired"), unit(d.expired, ITEMS)),
    ])


def _outcomes(counts: Counter) -> str:
    return _("; ").join(_("{kind} {count}").format(kind=label(OUTCOME_LABELS, kind),
                                                  count=counts[kind])
                        for kind in OUTCOME_KINDS if counts[kind]) or "—"


def events(data: ActivitiesData, out) -> None:
    if not data.events:
        out.nothing(_("No event took place in this period."))
        return
    rows = [[str(i), layout.day(e.starts_at.date()), label(EVENT_KIND_LABELS, e.kind),
             e.title, e.place, headcount(e.attended), _outcomes(e.outcomes)]
            for i, e in enumerate(data.events, start=1)]
    header = [_("No."), _("Date"), _("Kind"), _("Event"), _("Place"), _("Attendance"), _("Outcomes")]
    out.table(header, rows, [2.4, 6, 7.5, 12.5, 8, 8, 10],
              ["CENTER", "CENTER", "CENTER", "LEFT", "LEFT", "LEFT", "LEFT"])
    out.text(_("Outcomes of the events in total: {outcomes}.").format(
        outcomes=_outcomes(data.outcomes)))


def charts(data: ActivitiesData) -> list[Chart]:
    shown = [s for s in DEMAND_STATUSES if s != "draft"]
    kinds = Counter(e.kind for e in data.events)
    months = data.service.days_by_month
    return [
        Chart(_("Demands by status"), [label(DEMAND_STATUS_LABELS, s) for s in shown],
              [data.demands.by_status.get(s, 0) for s in shown],
              _("No demand was published in this period.")),
        Chart(_("Events by kind"), [label(EVENT_KIND_LABELS, k) for k in EVENT_KINDS],
              [kinds[k] for k in EVENT_KINDS], _("No event took place in this period.")),
        Chart(_("Service days by month"),
              [_("{month}/{year}").format(month=m, year=y % 100) for y, m, _d in months],
              [float(days) for _y, _m, days in months],
              _("No service log was verified in this period.")),
    ]


def write(data: ActivitiesData, out) -> None:
    """The report's content, to a ``story.PdfStory`` or an ``editable.WordReport``."""
    out.section(_("1. Selection of commissioners and workstations"))
    selection(data, out)
    out.section(_("2. Service work (from the service logs)"))
    service(data, out)
    out.section(_("3. Order-style demands"))
    demands(data, out)
    out.section(_("4. Events, participants and outcomes"))
    events(data, out)
    out.section(_("5. Charts"))
    out.charts(charts(data))
    out.section(_("6. Summary"))
    out.paragraphs(data.summary, boxed=True)
    out.signatures()
