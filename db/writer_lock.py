"""One writer process per database file: a lock on ``<file>.lock`` beside it.

SQLite's own locks on Linux and macOS are POSIX advisory locks, which a process loses on a file
as soon as it closes *any* descriptor of that file — Qt's file dialog does, when it lists the
database's folder. Another process then believes nobody has the database open, checkpoints and
deletes its -wal and -shm files under the running program, and the file is corrupted. This lock
does not depend on those: ``flock`` (``msvcrt.locking`` on Windows) on a descriptor only this
module opens, held until the program closes the database. The kernel drops it when the holder
dies, so a lock left by a crash is taken over by the next start. The file says who holds it
(process id, device, machine) so that a refused start can say so; it is never deleted (a
deleted lock file would let two processes lock two different files).
"""

from __future__ import annotations

import json
import os
import socket
import sys
import threading
from pathlib import Path

_held: dict[Path, int] = {}  # lock file → its descriptor
_guard = threading.Lock()
_WINDOWS_BYTE = 1 << 20  # the locked byte, past the text (a locked range cannot be read there)


class LockHeld(Exception):
    """Another process holds the database; ``holder`` is what it wrote: pid, device, host."""

    def __init__(self, path: Path, holder: dict):
        super().__init__(f"{path} is in use by process {holder.get('pid', '?')}")
        self.path = path
        self.holder = holder


def lock_file(database_file: Path) -> Path:
    return database_file.with_name(database_file.name + ".lock")


def acquire(database_file: Path, device: str) -> None:
    """Take the lock, or raise ``LockHeld`` at once; ``OSError`` when the folder is read-only.
    A process that holds it already keeps it."""
    path = lock_file(database_file)
    with _guard:
        if path in _held:
            return
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            _lock(descriptor)
        except OSError:
            os.close(descriptor)
            raise LockHeld(database_file, holder(database_file)) from None
        text = json.dumps({"pid": os.getpid(), "device": device, "host": socket.gethostname()},
                          ensure_ascii=False).encode("utf-8")
        os.ftruncate(descriptor, 0)
        os.lseek(descriptor, 0, os.SEEK_SET)
        os.write(descriptor, text)
        _held[path] = descriptor


def release(database_file: Path) -> None:
    path = lock_file(database_file)
    with _guard:
        descriptor = _held.pop(path, None)
        if descriptor is not None:
            os.ftruncate(descriptor, 0)
            os.close(descriptor)  # the only descriptor of this open file: the lock goes with it


def holds(database_file: Path) -> bool:
    """True while this process holds the lock."""
    return lock_file(database_file) in _held


def holder(database_file: Path) -> dict:
    """Who holds (or last held) the lock, as it wrote it; {} when unknown."""
    try:
        return json.loads(lock_file(database_file).read_text("utf-8") or "{}")
    except (OSError, ValueError):
        return {}


if sys.platform == "win32":
    import msvcrt

    def _lock(descriptor: int) -> None:
        os.lseek(descriptor, _WINDOWS_BYTE, os.SEEK_SET)
        msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)
else:
    import fcntl

    def _lock(descriptor: int) -> None:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
