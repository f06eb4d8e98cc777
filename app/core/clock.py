"""Stored times are naive UTC (machines merge across time zones); people read and type times on
this computer's clock. These are the only conversions between the two."""

from __future__ import annotations

from datetime import UTC, date, datetime, time


def to_local(moment: datetime | None) -> datetime | None:
    """A stored time as a naive time on this computer's clock, for forms, lists and reports."""
    return moment.replace(tzinfo=UTC).astimezone().replace(tzinfo=None) if moment else None


def to_utc(moment: datetime | None) -> datetime | None:
    """A naive time on this computer's clock as the naive UTC every stored time uses."""
    return moment.astimezone(UTC).replace(tzinfo=None) if moment else None


def utc_midnight(day: date) -> datetime:
    """When ``day`` begins on this computer's clock, in stored time."""
    return to_utc(datetime.combine(day, time.min))
