"""What events, check-in and service logs share: keyset pages and who a commissioner is.

A list comes in pages; each page ends with a cursor (sort key, id) from which the next one
continues, so a late page costs what the first does.
"""

from __future__ import annotations

from peewee import JOIN, Case, Field, fn

from app.core.errors import UserError
from app.core.i18n import _
from db import models

PAGE_SIZE = 100


def keyset_page(query, key, id_column, after: tuple | None, descending: bool, limit: int):
    """Rows of ``query`` (tuples, ``key`` appended last) after the cursor, and the next cursor."""
    if not (isinstance(key, Field) and not key.null and key.model is query.model):
        # A key that may be empty (or comes from a joined table) is compared as "" rather than
        # NULL; one that never is stays a bare column, so that its index serves the order.
        key = fn.COALESCE(key, "")
    query = query.select_extend(key)
    if after is not None:
        last_key, last_id = after
        if descending:
            query = query.where((key < last_key) | ((key == last_key) & (id_column < last_id)))
        else:
            query = query.where((key > last_key) | ((key == last_key) & (id_column > last_id)))
    order = (key.desc(), id_column.desc()) if descending else (key, id_column)
    rows = list(query.order_by(*order).limit(limit + 1).tuples())
    more = len(rows) > limit
    rows = rows[:limit]
    cursor = (rows[-1][-1], rows[-1][0]) if more and rows else None
    return [row[:-1] for row in rows], cursor


def live(model: type[models.EditableModel], record_id: int | None, field: str):
    """The live record with this id, or a UserError on ``field``."""
    record = model.live().where(model.id == record_id).first() if record_id is not None else None
    if record is None:
        raise UserError(_("The chosen record no longer exists."), field)
    return record


# Who a commissioner is: the person, the team's leader, or the organization -------------------

CPerson = models.Person.alias("cperson")
COrg = models.Organization.alias("corg")


def leader_of(commissioner_column):
    tm = models.TeamMember
    return (tm.select(tm.person).where((tm.commissioner == commissioner_column) & (tm.role == "leader")
                                       & tm.deleted_at.is_null()).limit(1))


def commissioner_name(commissioner=models.Commissioner):
    """SQL: the name a commissioner goes by (needs ``join_commissioner``)."""
    return Case(commissioner.kind, [("team", commissioner.team_name), ("legal_person", COrg.name)],
                CPerson.name)


def join_commissioner(query, commissioner=models.Commissioner):
    """Join the person (or team leader) and the legal person's organization of ``commissioner``."""
    return (query
            .join_from(commissioner, CPerson, JOIN.LEFT_OUTER,
                       on=(CPerson.id == fn.COALESCE(commissioner.person, leader_of(commissioner.id))))
            .join_from(commissioner, COrg, JOIN.LEFT_OUTER, on=(COrg.id == commissioner.organization)))


def commissioner_names(ids) -> dict[int, str]:
    c = models.Commissioner
    query = join_commissioner(c.select(c.id, commissioner_name()).where(c.id.in_(list(ids))))
    return dict(query.tuples())
