"""What each caller is shown of a match: its public description, a seat's (or a spectator's) view
of the round, and, once it is over, the replay of every round with its actions revealed.

Nothing here ever shows a sealed action but the caller's own, nor a seat's private view to anyone
else: a spectator sees `rules.view(state, None)`, a player `rules.view(state, their seat)`.
"""

from __future__ import annotations

from typing import Any

from goldbox.game.genius.registry import game_named
from goldbox.service.game_events import without_audience
from goldbox.service.match_state import RUNNING, Match, Seat, outcome_json
from goldbox.service.match_store import StoredMatch
from goldbox.store.game_log import LoggedEvent

_SEATING = frozenset({"match.seated", "match.left", "match.started"})
"""Events of the table being laid, not of the game: left out of a replay's setup."""


def describe(stored: StoredMatch) -> dict[str, Any]:
    """A match as match.list shows it (`MatchInfo`)."""
    match = stored.match
    return {
        "id": stored.id,
        "game": match.game,
        "title": game_named(match.game).title,
        "status": match.status,
        "options": match.options,
        "min_players": match.min_players,
        "max_players": match.max_players,
        "seats": [seat.to_state() for seat in match.seats],
        "creator": match.creator,
        "round": match.round,
        "round_deadline": None
        if match.status != RUNNING or match.deadline is None
        else match.deadline.isoformat(),
        "round_deadline_s": match.round_deadline_s,
        "pace_s": match.pace_s,
        "version": stored.version,
        "outcome": None if match.outcome is None else outcome_json(match.outcome),
        "tournament_id": match.tournament_id,
    }


def seat_view(stored: StoredMatch, account_id: str) -> dict[str, Any]:
    """match.state for `account_id`: their seat's view, or a spectator's when they have none."""
    match = stored.match
    seat = match.seat_of(account_id)
    you = None if seat is None else seat.seat
    rules = game_named(match.game)
    running = match.status == RUNNING
    return {
        "match": describe(stored),
        "you": you,
        "view": {} if match.rules is None else rules.view(match.rules, you),
        "awaiting": list(match.awaiting) if running else [],
        "legal": _legal(match, seat),
        "sealed": None if you is None else match.sealed.get(you),
        "acted": sorted(match.sealed) if running else [],
    }


def _legal(match: Match, seat: Seat | None) -> dict[str, Any]:
    """What the seat may do now: nothing unless the round awaits it and it has not sealed yet."""
    if (
        seat is None
        or seat.left
        or match.rules is None
        or match.status != RUNNING
        or seat.seat not in match.missing()
    ):
        return {}
    return game_named(match.game).legal_actions(match.rules, seat.seat)


def replay(stored: StoredMatch, events: list[LoggedEvent]) -> dict[str, Any]:
    """The whole of a finished match: the rules' events of its setup, then each round's actions
    (from its hidden `round.revealed`) and events, every seat's private ones included."""
    setup: list[dict[str, Any]] = []
    rounds: list[dict[str, Any]] = []
    current: dict[str, Any] | None = None
    for logged in events:
        event = without_audience(logged)
        shown = {"seq": event.seq, "type": event.type, "data": event.data}
        if event.type == "round.opened":
            current = {"round": event.data["round"], "actions": {}, "events": []}
            rounds.append(current)
        elif event.type == "round.revealed" and current is not None:
            current["actions"] = event.data["actions"]
        elif current is not None:
            current["events"].append(shown)
        elif event.type not in _SEATING:
            setup.append(shown)
    match = stored.match
    return {
        "match": describe(stored),
        "setup": setup,
        "rounds": rounds,
        "outcome": None if match.outcome is None else outcome_json(match.outcome),
    }
