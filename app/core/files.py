"""Files written whole or not at all."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# How the name of a file being written ends (``backup.clean_partials`` removes what a crash left).
PART = ".part"


@contextmanager
def atomic_write(target: str | Path) -> Iterator[Path]:
    """A new empty file beside ``target`` for the block to write. It replaces ``target`` when the
    block ends, and is removed when the block raises: a failure leaves no half-written file, and
    a reader never sees one. (Beside it, in the same folder: so that the move is atomic.) It
    keeps the permissions of the file it replaces; a new one is the user's alone (backups and
    exports hold ID numbers)."""
    target = Path(target)
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=PART, dir=target.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        with contextlib.suppress(FileNotFoundError):
            shutil.copymode(target, temporary)
        yield temporary
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
