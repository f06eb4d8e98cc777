"""Another program on the same database, for the tests of concurrent work."""

from __future__ import annotations

import threading

from db.database import database


def on_another_connection(work) -> threading.Thread:
    """Run ``work`` on a thread of its own, started at once: peewee gives that thread its own
    connection to the same database, as another program has (closed when ``work`` ends)."""
    def run():
        try:
            work()
        finally:
            database.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread
