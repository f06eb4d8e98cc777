"""Records the assessment tests build on, written as the application writes them (through its
services, inside change-log batches)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from app.activities import service_logs
from tests.app.activity_helpers import commissioner, organization

__all__ = ["commissioner", "log", "organization"]


def log(commissioner_ids, organization_id: int, day: date, *, days="1", approved: bool = True,
        **counters) -> int:
    """A service log, approved unless told otherwise."""
    ids = (commissioner_ids,) if isinstance(commissioner_ids, int) else tuple(commissioner_ids)
    saved = service_logs.save_log(service_logs.LogInput(ids, organization_id, day,
                                                        days=Decimal(days), **counters))
    if approved:
        service_logs.approve([saved.id])
    return saved.id
