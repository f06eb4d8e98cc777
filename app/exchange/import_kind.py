"""What a kind of import declares (``Importer``), and how the steps of a row report to the import
that runs it (``importing``): the column an error belongs to, and notes on what was done."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from app.core.errors import UserError
from app.exchange.columns import Column


@dataclass(frozen=True)
class Importer:
    """What differs between the kinds of import."""

    entity: str
    columns: tuple[Column, ...]
    apply_row: Callable[[dict[str, object]], str]  # writes one row, returns its label
    main_tables: frozenset[str]  # an insert into one of these makes the row "added"
    field_columns: dict[tuple[str, str], str]  # (table, field) → column key
    table_columns: dict[str, str] = field(default_factory=dict)  # child table → column key
    identities: Callable[[dict[str, object]], list[tuple[tuple, tuple[str, ...]]]] = \
        lambda values: []  # (identity, columns that must agree on rows of one identity)
    label: Callable[[dict[str, object]], str] = lambda values: ""
    # The bulk path: from the file's rows, an object whose plan(values) takes over the rows it
    # can add (None: the per-row path), write() writes them, refresh(since) takes in what the
    # per-row path wrote.
    bulk: Callable[[list[tuple[int, dict]]], object] | None = None


# The notes of the row being imported (a list while ``importing`` runs a row).
NOTES: ContextVar[list[str] | None] = ContextVar("import_notes", default=None)


def note(message: str) -> None:
    """Tell the officer, on the row being imported, what was done with one of its cells."""
    notes = NOTES.get()
    if notes is not None and message not in notes:
        notes.append(message)


@contextmanager
def on_column(key: str):
    """Errors of this step belong to column ``key`` of the file."""
    try:
        yield
    except UserError as error:
        raise UserError(error.message, key) from None
