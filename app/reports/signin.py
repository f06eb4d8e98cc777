"""An event's sign-in sheet (签到表): the invitees, a signature column, blank rows for walk-ins."""

from __future__ import annotations

from collections import Counter

from reportlab.platypus import Flowable

from app.events import KIND_LABELS as EVENT_KIND_LABELS
from app.events import is_invited
from app.i18n import N_, _, format_datetime
from app.registry.common import label
from app.reports import event_data, layout
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
    start = format_datetime(data.starts_at, "short")
    if data.ends_at is None:
        return start
    return f"{start} – {format_datetime(data.ends_at, 'short')}"


def period_text(data: EventData) -> str:
    return data.title


def story(data: EventData, kit: Kit, heading: Heading) -> list[Flowable]:
    flow = layout.title_block(heading, kit)
    flow.append(layout.key_values([(_("Kind"), label(EVENT_KIND_LABELS, data.kind)),
                                   (_("Time"), when(data)), (_("Place"), data.place),
                                   (_("Organizer"), data.organizer)], kit))
    flow.append(layout.text(" ", kit.styles.note))
    invited = [p for p in data.participants if is_invited(p.role, p.walk_in)]
    rows = [Row([str(i), p.name, p.organization, p.position, "", ""])
            for i, p in enumerate(invited, start=1)]
    rows += [Row([str(i), "", "", "", "", ""])
             for i in range(len(invited) + 1, len(invited) + WALK_IN_ROWS + 1)]
    header = [_("No."), _("Name"), _("Organization"), _("Position / title"), _("Phone"),
              _("Signature")]
    flow.append(layout.ChunkedTable(header, rows, layout.scaled([3, 8, 19, 9, 9, 10], kit), kit,
                                    ["CENTER", "LEFT", "LEFT", "LEFT", "LEFT", "LEFT"],
                                    min_height=ROW_HEIGHT))
    flow.append(layout.text(_("Invited: {invited} ({rows} rows). Rows {first}–{last} are for "
                              "walk-ins.").format(
        invited=headcount(Counter(p.who for p in invited)), rows=len(invited),
        first=len(invited) + 1, last=len(invited) + WALK_IN_ROWS), kit.styles.note))
    return flow
