"""The quarterly roster (季度花名册): in force on the quarter's last day, by level then kind."""

from __future__ import annotations

from collections import Counter

from reportlab.platypus import Flowable

from app.core.i18n import N_, _, format_date, ngettext
from app.core.status import LABELS as STATUS_LABELS
from app.register.common import COMMISSIONER_KIND_LABELS, GENDER_LABELS, LEVEL_LABELS, label
from app.reports import layout, register_data
from app.reports.editable import Sheet
from app.reports.layout import GroupRow, Heading, Kit, Row, mask_id
from app.reports.register_data import RosterData, RosterLine
from app.reports.request import ReportRequest
from db.models import COMMISSIONER_KINDS, LEVELS

TITLE = N_("Quarterly roster of science and technology commissioners")
ANNUAL_TITLE = N_("Annual roster of science and technology commissioners")
WIDE = True

# Header of the totals: each kind with its measure word.
KIND_UNITS = {"individual": N_("Individuals (persons)"), "team": N_("Teams (teams)"),
              "legal_person": N_("Legal persons (units)")}

COLUMNS = (
    (N_("No."), 3.2, "CENTER"),
    (N_("Name / team / legal person"), 10, "LEFT"),
    (N_("Gender"), 3.2, "CENTER"),
    (N_("Born"), 5, "CENTER"),
    (N_("ID number"), 12.2, "CENTER"),
    (N_("Kind"), 3.6, "CENTER"),
    (N_("Level"), 3.6, "CENTER"),
    (N_("Sending unit"), 11, "LEFT"),
    (N_("Professional title"), 7, "LEFT"),
    (N_("Field"), 7, "LEFT"),
    (N_("Served objects"), 11.5, "LEFT"),
    (N_("Service streets"), 7.5, "LEFT"),
    (N_("Term"), 10.5, "CENTER"),
    (N_("Phone"), 7.6, "CENTER"),
)


def title(data: RosterData) -> str:
    return _(TITLE if data.period.quarter else ANNUAL_TITLE)


def period_text(data: RosterData) -> str:
    text = _("{period} (as of {date})").format(period=data.period.label(),
                                               date=format_date(data.period.end, "long"))
    if data.level:
        text += " · " + label(LEVEL_LABELS, data.level)
    return text


def cells(number: int, line: RosterLine, full_id: bool, first: int | None = None) -> list[str]:
    """A line's cells; ``first``: the number under which its commissioner is already listed (an
    appointment at another level)."""
    name = line.name if first is None else _("{name} (see also No. {number})").format(
        name=line.name, number=first)
    if line.people:
        name += "\n" + line.people
    return [
        f"{number}*" if line.new else str(number), name, label(GENDER_LABELS, line.gender),
        layout.month(line.birth_date), layout.mask_id(line.id_number, full_id),
        label(COMMISSIONER_KIND_LABELS, line.kind), label(LEVEL_LABELS, line.level), line.sending_unit,
        line.title, line.fields, line.served, line.streets,
        layout.term(line.term_start, line.term_end), line.phone,
    ]


def roster_rows(data: RosterData) -> list[Row | GroupRow]:
    """Table rows with a heading row before each level × kind group."""
    counts = Counter((line.level, line.kind) for line in data.lines)
    rows: list[Row | GroupRow] = []
    group = None
    listed: dict[int, int] = {}  # commissioner → the number of its first line
    for number, line in enumerate(data.lines, start=1):
        if (line.level, line.kind) != group:
            group = (line.level, line.kind)
            rows.append(GroupRow(_("{level} · {kind} ({count})").format(
                level=label(LEVEL_LABELS, line.level), kind=label(COMMISSIONER_KIND_LABELS, line.kind),
                count=counts[group])))
        first = listed.setdefault(line.commissioner_id, number)
        rows.append(Row(cells(number, line, data.full_id, None if first == number else first),
                        shaded=line.new))
    return rows


def roster_table(data: RosterData, kit: Kit) -> layout.ChunkedTable:
    labels = {2: GENDER_LABELS, 5: COMMISSIONER_KIND_LABELS, 6: LEVEL_LABELS}  # short columns, whole words
    words = {c: [_(text) for text in names.values()] for c, names in labels.items()}
    # Numbers never wrap: room for a whole ID number (masked or not), month and mobile number.
    words |= {3: ["0000.00"], 4: ["000000000000000000", mask_id("000000000000000000")],
              13: ["00000000000"]}
    return layout.ChunkedTable(
        [_(name) for name, _w, _a in COLUMNS], roster_rows(data),
        layout.scaled([w for _n, w, _a in COLUMNS], kit), kit, [a for _n, _w, a in COLUMNS],
        words=words)


def totals_rows(data: RosterData) -> list[list[str]]:
    """The totals by level × kind, the header first."""
    counts = Counter((line.level, line.kind) for line in data.lines)
    levels = [v for v in LEVELS if any(k[0] == v for k in counts)] or [data.level or "municipal"]
    header = [_("Level"), *(_(KIND_UNITS[k]) for k in COMMISSIONER_KINDS),
              _("Total (appointments)")]
    rows = [[label(LEVEL_LABELS, v), *(str(counts[v, k]) for k in COMMISSIONER_KINDS),
             str(sum(counts[v, k] for k in COMMISSIONER_KINDS))] for v in levels]
    rows.append([_("Total"), *(str(sum(counts[v, k] for v in LEVELS)) for k in COMMISSIONER_KINDS),
                 str(len(data.lines))])
    return [header, *rows]


def totals(data: RosterData, kit: Kit) -> layout.ChunkedTable:
    header, *rows = totals_rows(data)
    return layout.simple_table(header, rows, [3, 2, 2, 2, 2], kit,
                               ["LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT"])


def in_force_text(data: RosterData) -> str:
    """How many appointments and how many commissioners: one commissioner may hold a provincial
    and a municipal appointment, listed once for each."""
    appointments = len(data.lines)
    commissioners = len({line.commissioner_id for line in data.lines})
    new = sum(line.new for line in data.lines)
    text = ngettext(
        "In force at the end of the period: {appointments} appointment, {commissioners}; {new} "
        "of them made during it (marked * and shaded).",
        "In force at the end of the period: {appointments} appointments, {commissioners}; {new} "
        "of them made during it (marked * and shaded).", appointments).format(
        appointments=appointments, new=new,
        commissioners=ngettext("{count} commissioner", "{count} commissioners",
                               commissioners).format(count=commissioners))
    if commissioners < appointments:
        text += " " + _("A commissioner with appointments at two levels is listed under each; "
                        "the second listing says “see also No. n”.")
    return text


def ended_rows(data: RosterData) -> list[list[str]]:
    """The appointments that ended during the period, the header first."""
    header = [_("No."), _("Name / team / legal person"), _("Kind"), _("Level"), _("Term"),
              _("Status"), _("Notes")]
    return [header, *([str(i), e.name, label(COMMISSIONER_KIND_LABELS, e.kind), label(LEVEL_LABELS, e.level),
                       layout.term(e.term_start, e.term_end), label(STATUS_LABELS, e.status),
                       e.notes] for i, e in enumerate(data.ended, start=1))]


def ended_table(data: RosterData, kit: Kit) -> layout.ChunkedTable:
    header, *rows = ended_rows(data)
    return layout.simple_table(header, rows, [3, 14, 4, 4, 9, 5, 24], kit,
                               ["CENTER", "LEFT", "CENTER", "CENTER", "CENTER", "CENTER", "LEFT"])


def story(data: RosterData, kit: Kit, heading: Heading) -> list[Flowable]:
    flow = layout.title_block(heading, kit)
    if data.lines:
        flow.append(layout.text(in_force_text(data), kit.styles.note))
        flow.append(roster_table(data, kit))
    else:
        flow.append(layout.nothing(kit, _("No commissioner is in force at the end of this "
                                          "period.")))
    flow.append(layout.section(_("Appointments that ended during the period"), kit))
    flow.append(ended_table(data, kit) if data.ended else layout.nothing(kit, _("None.")))
    flow.append(layout.section(_("Totals by level and kind"), kit))
    flow.append(totals(data, kit))
    flow.append(layout.signatures(heading, kit))
    return flow


def sheet(data: RosterData, heading: Heading) -> Sheet:
    """The roster as an Excel sheet in its printed layout."""
    return Sheet(
        header=[_(name) for name, _w, _a in COLUMNS], rows=roster_rows(data),
        widths=[w for _n, w, _a in COLUMNS], text_columns=frozenset({4, 13}),
        intro=in_force_text(data) if data.lines else _(
            "No commissioner is in force at the end of this period."),
        below=((_("Appointments that ended during the period"), ended_rows(data)),
               (_("Totals by level and kind"), totals_rows(data))))


def load(request: ReportRequest) -> RosterData:
    return register_data.roster(request.period, request.level, request.full_id)
