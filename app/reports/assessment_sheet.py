"""One subject's assessment form (年度考核表): who is assessed, each item with its maximum and its
points and what they rest on, the evidence figures, the result, the remarks, and the lines the
commissioner, the sending unit and the bureau sign and date by hand."""

from __future__ import annotations

from app.assessment import rounds
from app.assessment.agreements import STATUS_LABELS
from app.assessment.rounds import SubjectSheet
from app.assessment.schemes import GRADE_LABELS, SUBJECT_TYPE_LABELS, Item, item_label
from app.core import settings
from app.core.i18n import N_, _, format_decimal, format_percent
from app.register.common import LEVEL_LABELS, label
from app.reports import layout
from app.reports.assessment import money, points, printed
from app.reports.event_data import find
from app.reports.labels import DAYS, ITEMS, unit
from app.reports.request import ReportRequest
from db.models import Assessment

TITLE = N_("Assessment form of a science and technology commissioner")
TITLES = {"workstation": N_("Assessment form of a commissioner workstation")}
WIDE = False

# What a data-filled item's points rest on, with the figure it was computed from.
BASIS = {
    "service_count": N_("Verified services: {value}"),
    "service_days": N_("Verified service days: {value}"),
    "agreement_completion": N_("Agreement targets completed: {value}"),
    "demand_satisfaction": N_("Satisfaction with closed demands: {value}"),
    "event_outcomes": N_("Outcomes of events: {value}"),
}
# The evidence figures of a commissioner, and of a workstation (which has no agreements nor
# demands of its own).
FIGURES = {
    "service_count": N_("Services"), "service_days": N_("Service days"),
    "agreement_completion": N_("Agreement completion"),
    "demand_satisfaction": N_("Demand satisfaction"), "event_outcomes": N_("Outcomes"),
}
WORKSTATION_FIGURES = ("service_count", "service_days", "event_outcomes")


def load(request: ReportRequest) -> SubjectSheet:
    return rounds.subject_sheet(find(Assessment, request.assessment, "assessment").id)


def title(data: SubjectSheet) -> str:
    return _("{year}: {form}").format(year=data.year,
                                      form=_(TITLES.get(data.subject_type, TITLE)))


def period_text(data: SubjectSheet) -> str:
    return f"{data.name}（{label(SUBJECT_TYPE_LABELS, data.subject_type)}）"


def figure(source: str, value) -> str:
    """A figure as the evidence prints it: a completion as a percentage, the satisfaction as the
    mean of the 1–5 scores, days and outcomes with their units."""
    if value is None:
        return _("none")
    if source == "agreement_completion":
        return format_percent(value)
    if source == "demand_satisfaction":
        return _("{score} of 5").format(score=format_decimal(value, 1))
    if source == "service_days":
        return unit(format_decimal(value, 1), DAYS)
    if source == "event_outcomes":
        return unit(format_decimal(value), ITEMS)
    return format_decimal(value)


def basis(item: Item, data: SubjectSheet) -> str:
    """The figure a data item was computed from, and whether the officer scored it instead."""
    scored = _("Scored by the bureau")
    if item.source not in BASIS:
        return scored
    computed = _(BASIS[item.source]).format(value=figure(item.source,
                                                         data.data_values.get(item.code)))
    return _("; ").join((computed, scored)) if item.code in data.row.officer else computed


def item_rows(data: SubjectSheet) -> list[list[str]]:
    row = data.row
    rows = [[str(number), item_label(item), printed(points(item.max_points)),
             printed(points(row.items.get(item.code))), basis(item, data)]
            for number, item in enumerate(data.items, start=1)]
    rows.append(["", _("Total score"), "", printed(points(row.total)), ""])
    return rows


def facts(data: SubjectSheet) -> list[tuple[str, str]]:
    workstation = data.subject_type == "workstation"
    return [(_("Name"), data.name), (_("Type"), label(SUBJECT_TYPE_LABELS, data.subject_type)),
            (_("Level"), label(LEVEL_LABELS, data.level)),
            (_("Host organization"), data.host) if workstation else
            (_("Sending unit"), data.sending_unit),
            (_("Year assessed"), str(data.year)),
            (_("Round"), _("finished") if data.status == "finished" else _("open"))]


def evidence(data: SubjectSheet) -> list[tuple[str, str]]:
    sources = WORKSTATION_FIGURES if data.subject_type == "workstation" else tuple(
        source for source in FIGURES if source != "event_outcomes")
    return [(_(FIGURES[source]), figure(source, getattr(data, source))) for source in sources]


def agreement_rows(data: SubjectSheet) -> list[list[str]]:
    return [[a.organization, layout.day(a.values.signed_on),
             layout.term(a.values.term_start, a.values.term_end),
             label(STATUS_LABELS, a.values.status),
             figure("agreement_completion", a.completion.ratio)]
            for a in data.agreements]


def result(data: SubjectSheet) -> list[tuple[str, str]]:
    row = data.row
    return [(_("Total score"), printed(points(row.total))), (_("Grade"), label(GRADE_LABELS, row.grade)),
            (_("Proposed funds (10k yuan)"), printed(money(row.funds))),
            (_("Rules"), _("; ").join(row.violations) or _("none"))]


def parties(data: SubjectSheet) -> list[str]:
    bureau = _("{unit} (seal)").format(unit=settings.get("issuing_unit"))
    if data.subject_type == "workstation":
        return [_("Head of the workstation (signature)"), _("Host organization (seal)"), bureau]
    return [_("Commissioner (signature)"), _("Sending unit (seal)"), bureau]


def write(data: SubjectSheet, out) -> None:
    """The form's content, to a ``story.PdfStory`` or an ``editable.WordReport``."""
    out.section(_("Subject"))
    out.key_values(facts(data))
    out.section(_("Items"))
    out.table([_("No."), _("Item"), _("Maximum"), _("Points"), _("Basis")], item_rows(data),
              [3, 12, 4, 4, 16], ["CENTER", "LEFT", "RIGHT", "RIGHT", "LEFT"])
    out.section(_("Evidence"))
    out.key_values(evidence(data))
    if data.subject_type != "workstation":
        out.text(_("Counted from the verified service logs, the three-party agreements and the "
                   "closed demands of {year}.").format(year=data.year), note=True)
        out.section(_("Three-party agreements"))
        if data.agreements:
            out.table([_("Service object"), _("Signed on"), _("Term"), _("Status"),
                       _("Completion")], agreement_rows(data), [14, 6, 8, 4, 5],
                      ["LEFT", "CENTER", "CENTER", "CENTER", "RIGHT"])
        else:
            out.nothing(_("None."))
    else:
        out.text(_("Counted from the verified service logs of {year} and their outcomes.").format(
            year=data.year), note=True)
    out.section(_("Assessment result"))
    out.key_values(result(data))
    out.section(_("Remarks"))
    out.paragraphs(data.row.remarks, boxed=True)
    out.parties(parties(data))
