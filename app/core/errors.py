"""The one exception for bad input: the UI shows it next to ``field``, the CLI prints it."""

from __future__ import annotations


class UserError(Exception):
    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return self.message
