"""The Genius match methods with typed results: `client.matches.create(…)` and the rest.

Reads (`games`, `list`, `state`, `replay`) are marked idempotent, so they are sent again when the
socket drops under them; changes (`create`, `act`, …) are not, since they may have happened: look
with `state` before doing one again.
"""

from __future__ import annotations

import builtins
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from goldbox.client.models import Acted, GeniusGameInfo, MatchInfo, MatchState, MatchStatus, Replay

if TYPE_CHECKING:  # client.py imports this module
    from goldbox.client.client import GoldboxClient


class Matches:
    """`match.*` and `genius.games` on one client."""

    def __init__(self, client: GoldboxClient) -> None:
        self._client = client

    async def games(self) -> builtins.list[GeniusGameInfo]:
        """The Genius games the server offers, with their options and built-in bots."""
        found = await self._client.call("genius.games", {}, idempotent=True)
        return [GeniusGameInfo.model_validate(game) for game in found["games"]]

    async def create(
        self,
        game: str,
        options: Mapping[str, Any] | None = None,
        *,
        max_players: int | None = None,
        round_deadline_s: int = 30,
        pace_s: float = 0.0,
        join: bool = True,
    ) -> MatchInfo:
        """A new match of `game`, open for players; with `join` you take the first seat.

        Each round waits `round_deadline_s` for actions (then missing ones become the rules'
        default) and resolves no sooner than `pace_s` after it opened."""
        params: dict[str, Any] = {
            "game": game,
            "options": dict(options or {}),
            "round_deadline_s": round_deadline_s,
            "pace_s": pace_s,
            "join": join,
        }
        if max_players is not None:
            params["max_players"] = max_players
        return MatchInfo.model_validate(await self._client.call("match.create", params))

    async def list(
        self, game: str | None = None, status: MatchStatus | None = None
    ) -> builtins.list[MatchInfo]:
        """Matches, newest first (at most 100), of one game and in one status if named."""
        params = {key: value for key, value in (("game", game), ("status", status)) if value is not None}
        found = await self._client.call("match.list", params, idempotent=True)
        return [MatchInfo.model_validate(match) for match in found["matches"]]

    async def join(self, match_id: str) -> MatchInfo:
        return MatchInfo.model_validate(await self._client.call("match.join", {"match_id": match_id}))

    async def add_bot(self, match_id: str, strategy: str) -> MatchInfo:
        """Seat a built-in bot (before the start); `games()` lists each game's strategies."""
        params = {"match_id": match_id, "strategy": strategy}
        return MatchInfo.model_validate(await self._client.call("match.add_bot", params))

    async def start(self, match_id: str) -> MatchInfo:
        return MatchInfo.model_validate(await self._client.call("match.start", {"match_id": match_id}))

    async def state(self, match_id: str) -> MatchState:
        found = await self._client.call("match.state", {"match_id": match_id}, idempotent=True)
        return MatchState.model_validate(found)

    async def act(self, match_id: str, action: Mapping[str, Any], round: int | None = None) -> Acted:
        """Seal your action for the round. Give `round` (from `state`) so that an action sent too
        late for its round is refused (GBX_ROUND_CLOSED) instead of counting for the next one."""
        params: dict[str, Any] = {"match_id": match_id, "action": dict(action)}
        if round is not None:
            params["round"] = round
        return Acted.model_validate(await self._client.call("match.act", params))

    async def leave(self, match_id: str) -> MatchInfo:
        return MatchInfo.model_validate(await self._client.call("match.leave", {"match_id": match_id}))

    async def replay(self, match_id: str) -> Replay:
        """Every round with its actions revealed; GBX_MATCH_NOT_OVER until the match has finished."""
        found = await self._client.call("match.replay", {"match_id": match_id}, idempotent=True)
        return Replay.model_validate(found)
