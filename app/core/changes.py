"""What one change a person makes wrote: the value every mutating function in ``app`` returns.

The UI runs each such function through one runner (``ui.ops.run``), which hands the ``Changes``
to every open screen; each refreshes only when it shows one of the entities written.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from peewee import chunked

from db import changelog, models


@dataclass(frozen=True)
class Changes:
    """``entity`` and ``id``: the record the action was about (a new record's id when
    ``created``); ``written``: every table the batch wrote, with the ids written there;
    ``batch_id``: the change-log batch (None when nothing needed writing); ``detail``: the one
    datum a caller needs that the ids do not say (see the function returning it);
    ``anything``: written elsewhere (another officer, a new day), any table may have changed."""

    entity: str = ""
    id: int | None = None
    created: bool = False
    batch_id: int | None = None
    written: Mapping[str, frozenset[int]] = field(default_factory=lambda: MappingProxyType({}),
                                                  compare=False)
    detail: object = None
    anything: bool = False

    @property
    def entities(self) -> frozenset[str]:
        """The tables written (a change that needed no writing has none)."""
        return frozenset(models.BY_TABLE) if self.anything else frozenset(self.written)

    def touches(self, *entities: str) -> bool:
        """Whether this change wrote any of ``entities`` (table names)."""
        return bool(self.entities & set(entities))

    def ids(self, entity: str) -> frozenset[int]:
        return self.written.get(entity, frozenset())


def made(entity: str = "", record_id: int | None = None, created: bool = False,
         detail: object = None) -> Changes:
    """The ``Changes`` of the batch open now: called as the last step inside it."""
    current = changelog.current_batch()
    return Changes(entity, record_id, created, current.id if current.row_count else None,
                   _frozen(current.written), detail)


def of_batch(batch_id: int | None, entity: str = "", record_id: int | None = None,
             detail: object = None) -> Changes:
    """The ``Changes`` of a committed batch, read from its log (an undo or redo, which
    ``changelog.revert`` writes as a batch of its own)."""
    uuids: dict[str, set[str]] = {}
    if batch_id is not None:
        log = models.ChangeLog
        for table, uuid in (log.select(log.table, log.record_uuid).distinct()
                            .where(log.batch == batch_id).tuples()):
            uuids.setdefault(table, set()).add(uuid)
    written: dict[str, set[int]] = {}
    for table, found in uuids.items():  # a purged record has no id left: it is not named
        model = models.BY_TABLE[table]
        written[table] = {id_ for part in chunked(sorted(found), changelog.CHUNK)
                          for (id_,) in model.select(model.id).where(model.uuid.in_(part))
                          .tuples()}
    return Changes(entity, record_id, False, batch_id, _frozen(written), detail)


def _frozen(written: dict[str, set[int]]) -> Mapping[str, frozenset[int]]:
    return MappingProxyType({table: frozenset(ids) for table, ids in written.items()})
