"""What the rules say happened: events, in the order they happened.

An event is plain data (a type and a JSON-ready dict) so the service can log it, send it to players
and replay it, for the RPG and the Genius games alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Event:
    """One thing that happened: `type` such as `attack.hit`, and its facts in `data`."""

    type: str
    data: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"type": self.type, "data": self.data}
