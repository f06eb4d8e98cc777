"""An event's sign-in sheet (签到表): the invitees, a signature column, blank rows for walk-ins."""

from __future__ import annotations

from collections import Counter

from reportlab.platypus import Flowable

from app.activities.events import EVENT_KIND_LABELS, is_invited
from app.core.i18n import N_, _
from app.register.common import label
from app.reports import event_data, layout
from app.reports.editable import Sheet
from app.reports.event_data import EventData
from app.reports.labels import headcount
from app.reports.layout import Heading, Kit, Row
from app.reports.request import ReportRequest

TITLE = N_("Sign-in sheet")
WIDE = False
WALK_IN_ROWS = 10
ROW_HEIGHT = 26  # points: room for a handwritten signature


def load(request: ReportRequest) -> EventData:
    return event_data.event(request.event)


def when(data: EventData) -> str:
    """2024-11-05 09:30 – 17:00, in the date style of the report's tables."""
    def moment(value, with_day: bool) -> str:
        time = value.strftime("%H:%M")
        return f"{layout.day(value.date())} {time}" if with_day else time

    start = moment(data.starts_at, True)
    if data.ends_at is None:
        return start
    return f"{start} – {moment(data.ends_at, data.ends_at.date() != data.starts_at.date())}"


def period_text(data: EventData) -> str:
    return data.title


HEADER = (N_("No."), N_("Name"), N_("Organization"), N_("Position / title"), N_("Phone"),
          N_("Signature"))
WIDTHS = (3, 8, 19, 9, 9, 10)


def facts(data: EventData) -> list[tuple[str, str]]:
    return [(_("Kind"), label(EVENT_KIND_LABELS, data.kind)), (_("Time"), when(data)),
            (_("Place"), data.place), (_("Organizer"), data.organizer)]


def sheet_rows(data: EventData) -> tuple[list[Row], str]:
    """The invitees and the blank rows for walk-ins, and the note under them."""
    invited = [p for p in data.participants if is_invited(p.role, p.walk_in)]
    rows = [Row([str(i), p.name, p.organization, p.position, "", ""])
            for i, p in enumerate(invited, start=1)]
    # The walk-ins' blank rows stay on the page of the last invitee, never on one of their own.
    rows += [Row([str(i), "", "", "", "", ""], glued=bool(invited))
             for i in range(len(invited) + 1, len(invited) + WALK_IN_ROWS + 1)]
    note = _("Invited: {invited} ({rows} rows). Rows {first}–{last} are for walk-ins.").format(
        invited=headcount(Counter(p.who for p in invited)), rows=len(invited),
        first=len(invited) + 1, last=len(invited) + WALK_IN_ROWS)
    return rows, note


def story(data: EventData, kit: Kit, heading: Heading) -> list[Flowable]:
    flow = layout.title_block(heading, kit)
    flow.append(layout.key_values(facts(data), kit))
    flow.append(layout.text(" ", kit.styles.note))
    rows, note = sheet_rows(data)
    flow.append(layout.ChunkedTable([_(h) for h in HEADER], rows, layout.scaled(WIDTHS, kit), kit,
                                    ["CENTER", "LEFT", "LEFT", "LEFT", "LEFT", "LEFT"],
                                    min_height=ROW_HEIGHT))
    flow.append(layout.text(note, kit.styles.note))
    return flow


def sheet(data: EventData, heading: Heading) -> Sheet:
    """The sign-in sheet as an Excel sheet to print or fill in."""
    rows, note = sheet_rows(data)
    return Sheet(header=[_(h) for h in HEADER], rows=rows, widths=WIDTHS,
                 text_columns=frozenset({4}),
                 intro=_("; ").join(_("{name}: {value}").format(name=name, value=value)
                                    for name, value in facts(data)),
                 notes=(note,))
