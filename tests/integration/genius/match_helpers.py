"""Reading a match's log and waiting (bounded) for it to move on, for the match tests."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from starlette.testclient import TestClient

from goldbox.store.game_log import LoggedEvent
from tests.integration.play.conftest import Player, ok, services

WAIT_S = 15.0


def log(app: TestClient, match_id: str) -> list[LoggedEvent]:
    events: list[LoggedEvent] = app.portal.call(  # type: ignore[union-attr]
        services(app).games.events_after, match_id, 0, 100000
    )
    return events


def of_type(events: list[LoggedEvent], type_: str) -> list[LoggedEvent]:
    return [event for event in events if event.type == type_]


def version(app: TestClient, match_id: str) -> int:
    found: int = app.portal.call(services(app).games.version_of, match_id)  # type: ignore[union-attr]
    return found


def wait_for(found: Callable[[], Any], what: str) -> Any:
    """Poll until `found()` is truthy (bounded); its value."""
    give_up = time.monotonic() + WAIT_S
    while True:
        value = found()
        if value:
            return value
        assert time.monotonic() < give_up, f"gave up waiting for {what}"
        time.sleep(0.05)


def state(someone: Player, match_id: str) -> dict[str, Any]:
    shown: dict[str, Any] = ok(someone("match.state", match_id=match_id))
    return shown


def finished(someone: Player, match_id: str) -> dict[str, Any] | None:
    """The match's info once it is over, else None."""
    shown = state(someone, match_id)["match"]
    return shown if shown["status"] == "finished" else None
