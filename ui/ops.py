"""The one way to run slow work off the UI thread.

``run_in_background(fn, on_done, on_error)`` runs ``fn`` on a pool thread inside its own database
connection and calls back on the UI thread. Database writes go through one serial lane so they
never wait on each other's locks; reads run in parallel. Workers get ids and values, never widgets.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from app import session

log = logging.getLogger("ui.ops")

_write_lane = QThreadPool()
_write_lane.setMaxThreadCount(1)
_pending: set[_Relay] = set()


class _Relay(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], object], relay: _Relay):
        super().__init__()
        self.fn = fn
        self.relay = relay

    def run(self) -> None:
        try:
            with session.worker_connection():
                result = self.fn()
        except Exception as error:  # handed to on_error on the UI thread
            log.debug("background job failed:\n%s", traceback.format_exc())
            self.relay.failed.emit(error)
        else:
            self.relay.done.emit(result)


def run_in_background(
    fn: Callable[[], object],
    on_done: Callable[[object], None] | None = None,
    on_error: Callable[[Exception], None] | None = None,
    *,
    writes: bool = False,
) -> None:
    relay = _Relay()
    _pending.add(relay)

    def finish(callback, value):
        _pending.discard(relay)
        if callback is not None:
            callback(value)

    relay.done.connect(lambda value: finish(on_done, value))
    relay.failed.connect(lambda error: finish(on_error or _log_error, error))
    pool = _write_lane if writes else QThreadPool.globalInstance()
    pool.start(_Job(fn, relay))


def _log_error(error: Exception) -> None:
    log.error("background job failed: %s", error)


def wait_for_all(msecs: int = 30_000) -> bool:
    """Block until background work is done (quitting, tests)."""
    return _write_lane.waitForDone(msecs) and QThreadPool.globalInstance().waitForDone(msecs)
