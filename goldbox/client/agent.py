"""Playing a whole match as an agent: `play_match` waits for the rounds where your seat is awaited,
asks your `decide` for the action and seals it, until the match is over.

It is driven by the match's events (`round.opened`, `match.started`, `match.finished`) and reads
`match.state` after each, so it acts on what the server says now rather than on what an event
said a moment ago. If an event were ever late, the wait is bounded (`poll_s`) and the state read
anyway. An action whose reply was lost with the socket may or may not have been sealed: the next
`match.state` tells (`sealed`), so it is never sent twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from goldbox.client.client import GoldboxClient
from goldbox.client.errors import ConnectionLost, GoldboxClientError, GoldboxError
from goldbox.client.events import EventStream
from goldbox.client.models import MatchState, PlayedMatch

Decide = Callable[[MatchState], Awaitable[Mapping[str, Any]] | Mapping[str, Any]]
"""Your strategy: given the state of the match with your seat awaited, the action to seal."""

MOVED_ON = frozenset({"GBX_ALREADY_ACTED", "GBX_ROUND_CLOSED", "GBX_NOT_YOUR_TURN", "GBX_MATCH_NOT_RUNNING"})
"""Refusals that mean the round or the match went on without this action (a deadline passed)."""
_CHANGES = frozenset({"match.started", "match.finished"})


async def play_match(
    client: GoldboxClient,
    match_id: str,
    decide: Decide,
    *,
    poll_s: float = 30.0,
    timeout_s: float | None = 3600.0,
) -> PlayedMatch:
    """Play your seat of `match_id` until the match has finished; returns how it ended.

    Works for a match that is open (it waits for the start), running, or already finished; a caller
    with no seat watches to the end. `decide` may be a plain or an async function; a refusal of its
    action by the rules (GBX_RULE_VIOLATION) is raised, since playing on would repeat it. The whole
    match is bounded by `timeout_s` (TimeoutError; None: no bound).
    """
    async with asyncio.timeout(timeout_s):
        state = await client.matches.state(match_id)
        async with client.subscribe(match_id, after_seq=state.match.version) as events:
            played = 0
            while not state.match.finished:
                if state.my_turn:
                    try:
                        if await _act(client, match_id, state, decide):
                            played += 1
                    except ConnectionLost:
                        state = await client.matches.state(match_id)  # sealed or not: it tells
                        continue
                await _next_change(events, state.match.round, poll_s)
                state = await client.matches.state(match_id)
    outcome = state.match.outcome
    if outcome is None:
        raise GoldboxClientError(f"match {match_id} finished without an outcome")
    return PlayedMatch(match=state.match, seat=state.you, outcome=outcome, rounds_played=played)


async def _act(client: GoldboxClient, match_id: str, state: MatchState, decide: Decide) -> bool:
    """Seal `decide`'s action for this round; False when the round went on without it."""
    chosen = decide(state)
    action = await chosen if inspect.isawaitable(chosen) else chosen
    try:
        await client.matches.act(match_id, action, round=state.match.round)
    except GoldboxError as refused:
        if refused.code in MOVED_ON:
            return False
        raise
    return True


async def _next_change(events: EventStream, seen_round: int, poll_s: float) -> None:
    """Until the match starts, opens a round after `seen_round` or finishes (or `poll_s` passes)."""
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(poll_s):
            async for event in events:
                if event.type in _CHANGES:
                    return
                if event.type == "round.opened" and _round_of(event.data) > seen_round:
                    return
            raise ConnectionLost("the match's event stream ended")  # the client closed or gave up


def _round_of(data: Mapping[str, Any]) -> int:
    value = data.get("round")
    return value if isinstance(value, int) else 0
