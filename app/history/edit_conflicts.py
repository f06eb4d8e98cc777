"""Two officers editing one record at once. A form remembers the change log's newest id when it
reads its record (``reading_mark``) and saves inside ``saving``: a field someone else saved since,
that the officer left alone, keeps their value; one the officer changed too, to another value,
stops the save with an ``EditConflictError`` whose fields ``describe`` shows side by side, to be
decided (MINE or THEIRS, field by field) and saved again. The check runs inside the save's write
transaction (``db.changelog.read_at``), so no later save slips between the check and the write.
A form runs its save as ``saved_as_read(decisions, op)`` through ``ui.ops.run``: the block is
entered on the write lane, and a conflict comes back as the refusal ``Conflicted``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from app.core.changes import Changes
from app.core.errors import UserError
from app.core.i18n import _
from app.core.labels import TABLE_LABELS
from app.history.undo import FIELD_LABELS, value_text
from db.changelog import MINE, THEIRS, EditConflictError, FieldConflict, newest_id, read_at

__all__ = ["MINE", "THEIRS", "Conflicted", "Decisions", "EditConflictError", "FieldConflict",
           "Shown", "describe", "reading_mark", "saved_as_read", "saving"]


def reading_mark() -> int:
    """Taken before a form reads its record."""
    return newest_id()


class Decisions:
    """What the officer decided on the conflicts of one form, kept for its next attempts: a
    decision holds only for the value of theirs it was taken on."""

    def __init__(self, mark: int):
        self.mark = mark
        self.taken: dict[tuple, tuple[str, str | None]] = {}

    def decide(self, conflict: FieldConflict, choice: str) -> None:
        self.taken[conflict.key] = (choice, conflict.theirs)


def saving(decisions: Decisions):
    """The block a form's save runs in."""
    return read_at(decisions.mark, decisions.taken)


class Conflicted(UserError):
    """A save stopped by fields someone else saved too: a refusal, which the runner hands to the
    form, that asks about ``conflicts`` and saves again."""

    def __init__(self, conflicts: list[FieldConflict]):
        super().__init__(_("Someone else saved some of these fields since you opened this "
                           "record; nothing was saved."))
        self.conflicts = conflicts


def saved_as_read(decisions: Decisions, op: Callable[[], Changes]) -> Changes:
    """``op()`` (a form's save) inside ``saving(decisions)``, in the thread that runs it."""
    try:
        with saving(decisions):
            return op()
    except EditConflictError as error:
        raise Conflicted(error.conflicts) from None


@dataclass(frozen=True)
class Shown:
    """A conflict as the officer reads it."""

    kind: str
    field: str
    read: str
    theirs: str
    mine: str


def describe(conflict: FieldConflict) -> Shown:
    table, field = conflict.table, conflict.field
    return Shown(_(TABLE_LABELS[table]),
                 _(FIELD_LABELS[field]) if field in FIELD_LABELS else field,
                 *(value_text(table, field, v) for v in (conflict.read, conflict.theirs,
                                                          conflict.mine)))
