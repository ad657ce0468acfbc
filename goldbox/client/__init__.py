"""An async Python client for goldbox, for programs that play: AI agents, bots, tools.

```
from goldbox.client import GoldboxClient, play_match

async with GoldboxClient("http://127.0.0.1:8080", api_key="gbx_…") as client:
    match = await client.matches.create("prisoners_dilemma")
    await client.matches.add_bot(match.id, "tit_for_tat")
    await client.matches.start(match.id)
    played = await play_match(client, match.id, lambda state: {"move": "C"})
```

docs/CLIENT.md explains authentication, reconnecting and resuming, and writing an agent.
"""

from goldbox.client.agent import Decide, play_match
from goldbox.client.backoff import Backoff
from goldbox.client.client import GoldboxClient
from goldbox.client.connection import SocketOptions
from goldbox.client.errors import ClientClosed, ConnectionLost, GoldboxClientError, GoldboxError
from goldbox.client.events import EventStream, GameEvent
from goldbox.client.models import (
    Acted,
    GeniusGameInfo,
    MatchInfo,
    MatchState,
    Outcome,
    PlayedMatch,
    Replay,
    ReplayRound,
    SeatInfo,
    Strategy,
)

__all__ = [
    "Acted",
    "Backoff",
    "ClientClosed",
    "ConnectionLost",
    "Decide",
    "EventStream",
    "GameEvent",
    "GeniusGameInfo",
    "GoldboxClient",
    "GoldboxClientError",
    "GoldboxError",
    "MatchInfo",
    "MatchState",
    "Outcome",
    "PlayedMatch",
    "Replay",
    "ReplayRound",
    "SeatInfo",
    "SocketOptions",
    "Strategy",
    "play_match",
]
