"""A commissioner's dossier (个人工作实绩档案): profile, appointments, agreements, service logs,
demands and assessments."""

from __future__ import annotations

from app.activities.service_logs import SERVICE_KIND_LABELS
from app.core.i18n import N_, _, format_decimal, format_wan, join_list, ngettext
from app.core.status import LABELS as STATUS_LABELS
from app.demands.lifecycle import CLAIM_STATUS_LABELS
from app.demands.lifecycle import STATUS_LABELS as DEMAND_STATUS_LABELS
from app.register.common import COMMISSIONER_KIND_LABELS, GENDER_LABELS, LEVEL_LABELS, TEAM_ROLE_LABELS, label
from app.reports import dossier_data, layout
from app.reports.assessment import points, printed
from app.reports.dossier_data import DossierData
from app.reports.labels import GRADE_LABELS, service_basis
from app.reports.request import ReportRequest

TITLE = N_("Record of a commissioner's work")
TITLES = {"individual": TITLE, "team": N_("Record of a commissioner team's work"),
          "legal_person": N_("Record of a legal-person commissioner's work")}
WIDE = False


def title(data: DossierData) -> str:
    return _(TITLES[data.kind])


def load(request: ReportRequest) -> DossierData:
    return dossier_data.dossier(request.commissioner, request.full_id)


def period_text(data: DossierData) -> str:
    return f"{data.facts.name}（{label(COMMISSIONER_KIND_LABELS, data.kind)}）"


def profile(data: DossierData) -> list[tuple[str, str]]:
    f = data.facts
    pairs = [(_("Name"), f.name), (_("Kind"), label(COMMISSIONER_KIND_LABELS, data.kind))]
    if data.kind == "individual":
        pairs += [(_("Gender"), label(GENDER_LABELS, f.gender)),
                  (_("Born"), layout.month(f.birth_date)),
                  (_("ID number"), layout.mask_id(f.id_number, data.full_id)),
                  (_("Education"), data.education)]
    pairs += [(_("Sending unit"), f.sending_unit), (_("Professional title"), f.title),
              (_("Field"), f.fields), (_("Phone"), f.phone)]
    if data.members:
        pairs.append((_("Team members"), join_list(
            (f"{name}（{label(TEAM_ROLE_LABELS, role)}）" for name, role in data.members),
            cell=True)))
    return pairs


def item_points(items) -> str:
    """An assessment's items in one cell: 服务方式 12；服务次数 20；加分项 未评分."""
    unscored = _("not scored")
    return _("; ").join(f"{name} {unscored if value is None else printed(points(value))}"
                        for name, value in items)


def write(data: DossierData, out) -> None:
    """The dossier's content, to a ``story.PdfStory`` or an ``editable.WordReport``."""
    out.section(_("Profile"))
    out.key_values(profile(data))

    def part(title, header, rows, widths, align=()):
        out.section(title)
        if rows:
            out.table(header, rows, widths, align)
        else:
            out.nothing(_("None."))

    part(_("Appointments"), [_("Level"), _("Year"), _("Batch"), _("Document number"), _("Term"),
                             _("Status")],
         [[label(LEVEL_LABELS, a.level), str(a.year), a.batch, a.doc_number,
           layout.term(a.term_start, a.term_end), label(STATUS_LABELS, a.status)]
          for a in data.appointments], [4, 3, 6, 8, 8, 4])
    part(_("Service agreements"), [_("Served organization"), _("Level"), _("Agreement date")],
         [[a.organization, label(LEVEL_LABELS, a.level), layout.day(a.agreement_date)]
          for a in data.agreements], [20, 5, 7])
    days = sum(log.days for log in data.logs)
    part(_("Service logs"), [_("Date"), _("Served organization"), _("Kind"), _("Days"),
                             _("Content")],
         [[layout.day(log.date), log.organization, label(SERVICE_KIND_LABELS, log.kind),
           format_decimal(log.days, 1), log.content] for log in data.logs], [6, 11, 6, 3.5, 25],
         ["CENTER", "LEFT", "CENTER", "RIGHT", "LEFT"])
    out.text(" ".join(filter(None, (
        ngettext("{count} service record, {days} days.", "{count} service records, {days} days.",
                 len(data.logs)).format(count=len(data.logs), days=format_decimal(days, 1))
        if data.logs else "", service_basis(data.pending_logs)))), note=True)
    part(_("Demands claimed"), [_("Number"), _("Demand"), _("Organization"), _("Claimed on"),
                                _("Claim"), _("Demand status")],
         [[c.number, c.title, c.organization, layout.day(c.claimed_on),
           label(CLAIM_STATUS_LABELS, c.status), label(DEMAND_STATUS_LABELS, c.demand_status)]
          for c in data.claims], [7, 14, 12, 6, 4, 5])
    part(_("Annual assessments"), [_("Year"), _("Level"), _("Items"), _("Total score"),
                                   _("Grade"), _("Subsidy")],
         [[str(a.year), label(LEVEL_LABELS, a.level), item_points(a.items),
           format_decimal(a.total, 1), label(GRADE_LABELS, a.grade), format_wan(a.subsidy)]
          for a in data.assessments], [3, 3.5, 16, 3.5, 3.5, 5],
         ["CENTER", "CENTER", "LEFT", "RIGHT", "CENTER", "RIGHT"])
    out.signatures()
