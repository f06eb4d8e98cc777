"""Column types that SQLite and PostgreSQL store the same way."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from decimal import Decimal

import peewee


def utcnow() -> datetime:
    """Naive UTC, the one clock of every stored timestamp (machines merge across time zones)."""
    return datetime.now(UTC).replace(tzinfo=None)


def new_uuid() -> str:
    return str(uuid.uuid4())


class DecimalTextField(peewee.TextField):
    """A Decimal kept as its exact text: peewee's DecimalField is REAL on SQLite and loses digits."""

    def db_value(self, value):
        if value is None:
            return None
        return str(Decimal(value))

    def python_value(self, value):
        if value is None:
            return None
        return Decimal(value)
