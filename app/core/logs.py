"""How the program's log lines look, on stderr and in the log file the officer may be asked to
send: never with a password."""

from __future__ import annotations

import logging

from db.database import mask_passwords

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class Formatter(logging.Formatter):
    """The log's format with the password of every database URL masked: in the message, its
    arguments and the traceback alike (a connection error may quote the URL it was given)."""

    def __init__(self) -> None:
        super().__init__(FORMAT)

    def format(self, record: logging.LogRecord) -> str:
        return mask_passwords(super().format(record))
