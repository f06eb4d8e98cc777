"""An event's one-page summary: facts, participants, outcomes and photos."""

from __future__ import annotations

from collections import Counter

from app.activities.events import EVENT_KIND_LABELS, OUTCOME_LABELS, has_attended, is_invited
from app.core.i18n import N_, _, join_list
from app.register.common import label
from app.reports import event_data, layout
from app.reports.event_data import EventData, ParticipantLine
from app.reports.labels import ITEMS, headcount, unit
from app.reports.request import ReportRequest
from app.reports.signin import when

TITLE = N_("Event summary")
WIDE = False


def load(request: ReportRequest) -> EventData:
    return event_data.event(request.event)


def period_text(data: EventData) -> str:
    return data.title


def facts(data: EventData) -> list[tuple[str, str]]:
    people = data.participants
    invited = Counter(p.who for p in people if is_invited(p.role, p.walk_in))
    attended = Counter(p.who for p in people if has_attended(p.role, p.status))
    walk_ins = Counter(p.who for p in people if p.walk_in and has_attended(p.role, p.status))
    return [
        (_("Kind"), label(EVENT_KIND_LABELS, data.kind)), (_("Time"), when(data)),
        (_("Place"), data.place), (_("Organizer"), data.organizer),
        (_("Invited"), headcount(invited)),
        (_("Attended"), _("{attended} (walk-ins: {walk_ins})").format(
            attended=headcount(attended), walk_ins=headcount(walk_ins))
         if walk_ins else headcount(attended)),
        (_("Outcomes"), unit(len(data.outcomes), ITEMS)),
    ]


def _who(p: ParticipantLine) -> str:
    if p.name and p.organization and p.who != "commissioner":
        return f"{p.name}（{p.organization}）"
    return p.name or p.organization


def attendance(data: EventData, out) -> None:
    """Who came, by commissioners, organizations and other people, and who did not: a summary
    names them in a few lines rather than a table, to stay on one page."""
    came = [p for p in data.participants if has_attended(p.role, p.status)]
    for who, title in (("commissioner", _("Commissioners")),
                       ("organization", _("Enterprises and units")), ("person", _("Others"))):
        names = [_who(p) + (_(" (walk-in)") if p.walk_in else "") for p in came if p.who == who]
        if names:
            out.text(_("{group} ({count}): {names}").format(group=title, count=len(names),
                                                            names=join_list(names)))
    missing = [_who(p) for p in data.participants
               if is_invited(p.role, p.walk_in) and not has_attended(p.role, p.status)]
    if missing:
        out.text(_("Did not attend ({count}): {names}").format(count=len(missing),
                                                              names=join_list(missing)), note=True)
    if not came and not missing:
        out.nothing(_("No participant recorded."))


def write(data: EventData, out) -> None:
    """The summary's content, to a ``story.PdfStory`` or an ``editable.WordReport``."""
    out.key_values(facts(data))
    if data.summary:
        out.section(_("Summary"))
        out.paragraphs(data.summary)
    out.section(_("Participants"))
    attendance(data, out)
    out.section(_("Outcomes"))
    if data.outcomes:
        out.table([_("No."), _("Kind"), _("Parties"), _("Description"), _("Signed on")],
                  [[str(i), label(OUTCOME_LABELS, o.kind), o.parties, o.description,
                    layout.day(o.signed_on)] for i, o in enumerate(data.outcomes, start=1)],
                  [3, 9, 16, 24, 7], ["CENTER", "LEFT", "LEFT", "LEFT", "CENTER"])
    else:
        out.nothing(_("No outcome recorded."))
    if data.photos:
        out.section(_("Photos"))
        out.photos(data.photos)
