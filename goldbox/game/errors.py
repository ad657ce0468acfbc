"""The one error type the rules raise: an illegal command, with a stable code and a player's message.

A `RuleError` is raised before any state changes, so a refused command leaves the game exactly as it
was. The service maps it onto the API's error catalog; the `code` (UPPER_SNAKE, for example
`MOVE_BLOCKED`) is stable and is what clients branch on, and the message is written for a player.
"""

from __future__ import annotations

from typing import Any


class RuleError(Exception):
    """A command the rules refuse: `code` is stable, `message` says what is wrong in game terms."""

    def __init__(self, code: str, message: str, **details: Any) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.details = details

    def __repr__(self) -> str:
        return f"RuleError({self.code!r}, {self.message!r})"
