"""An event's one-page summary: facts, participants, outcomes and photos."""

from __future__ import annotations

from collections import Counter

from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable, Image

from app.events import KIND_LABELS as EVENT_KIND_LABELS
from app.events import OUTCOME_LABELS, has_attended, is_invited
from app.i18n import N_, _, format_date, join_list
from app.registry.common import label
from app.reports import event_data, layout
from app.reports.event_data import EventData, ParticipantLine
from app.reports.labels import headcount
from app.reports.layout import Heading, Kit
from app.reports.request import ReportRequest
from app.reports.signin import when

TITLE = N_("Event summary")
WIDE = False
PHOTO_HEIGHT = 150  # points, at most
PHOTOS_PER_ROW = 2


def load(request: ReportRequest) -> EventData:
    return event_data.event(request.event)


def period_text(data: EventData) -> str:
    return data.title


def facts(data: EventData, kit: Kit) -> Flowable:
    people = data.participants
    invited = Counter(p.who for p in people if is_invited(p.role, p.walk_in))
    attended = Counter(p.who for p in people if has_attended(p.role, p.status))
    walk_ins = Counter(p.who for p in people if p.walk_in and has_attended(p.role, p.status))
    return layout.key_values([
        (_("Kind"), label(EVENT_KIND_LABELS, data.kind)), (_("Time"), when(data)),
        (_("Place"), data.place), (_("Organizer"), data.organizer),
        (_("Invited"), headcount(invited)),
        (_("Attended"), _("{attended} (walk-ins: {walk_ins})").format(
            attended=headcount(attended), walk_ins=headcount(walk_ins))),
        (_("Outcomes"), str(len(data.outcomes))),
    ], kit)


def _who(p: ParticipantLine) -> str:
    if p.name and p.organization and p.who != "commissioner":
        return f"{p.name}（{p.organization}）"
    return p.name or p.organization


def attendance(data: EventData, kit: Kit) -> list[Flowable]:
    """Who came, by commissioners, organizations and other people, and who did not: a summary
    names them in a few lines rather than a table, to stay on one page."""
    came = [p for p in data.participants if has_attended(p.role, p.status)]
    flow = []
    for who, title in (("commissioner", _("Commissioners")), ("organization", _("Enterprises and units")),
                       ("person", _("Others"))):
        names = [_who(p) + (_(" (walk-in)") if p.walk_in else "") for p in came if p.who == who]
        if names:
            flow.append(layout.text(_("{group} ({count}): {names}").format(
                group=title, count=len(names), names=join_list(names)), kit.styles.body))
    missing = [_who(p) for p in data.participants
               if is_invited(p.role, p.walk_in) and not has_attended(p.role, p.status)]
    if missing:
        flow.append(layout.text(_("Did not attend ({count}): {names}").format(
            count=len(missing), names=join_list(missing)), kit.styles.note))
    return flow


def photos(paths: tuple[str, ...], kit: Kit) -> Flowable:
    """Photos scaled to fit their cell, keeping their proportions."""
    cell = kit.width / PHOTOS_PER_ROW
    images = []
    for path in paths:
        width, height = ImageReader(path).getSize()
        scale = min((cell - 8) / width, PHOTO_HEIGHT / height)
        images.append(Image(path, width * scale, height * scale))
    rows = [images[i:i + PHOTOS_PER_ROW] for i in range(0, len(images), PHOTOS_PER_ROW)]
    rows[-1] += [""] * (PHOTOS_PER_ROW - len(rows[-1]))
    return layout.grid(rows, [cell] * PHOTOS_PER_ROW, kit)


def story(data: EventData, kit: Kit, heading: Heading) -> list[Flowable]:
    flow = layout.title_block(heading, kit)
    flow.append(facts(data, kit))
    if data.summary:
        flow += [layout.section(_("Summary"), kit), *layout.paragraphs(data.summary, kit)]
    flow.append(layout.section(_("Participants"), kit))
    flow += attendance(data, kit) or [layout.nothing(kit, _("No participant recorded."))]
    flow.append(layout.section(_("Outcomes"), kit))
    if data.outcomes:
        rows = [[str(i), label(OUTCOME_LABELS, o.kind), o.parties, o.description,
                 format_date(o.signed_on, "short")] for i, o in enumerate(data.outcomes, start=1)]
        flow.append(layout.simple_table(
            [_("No."), _("Kind"), _("Parties"), _("Description"), _("Signed on")], rows,
            [3, 9, 16, 24, 7], kit, ["CENTER", "LEFT", "LEFT", "LEFT", "CENTER"]))
    else:
        flow.append(layout.nothing(kit, _("No outcome recorded.")))
    if data.photos:
        flow += [layout.section(_("Photos"), kit), photos(data.photos, kit)]
    return flow
