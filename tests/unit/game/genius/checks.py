"""Helpers the Liar's Dice and Byzantine Generals tests share: refused actions, arbitrary JSON
for actions a client might send, and a byte-exact record of a played game."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import pytest
from hypothesis import strategies as st

from goldbox.game.errors import RuleError
from goldbox.game.genius.play import PlayedGame
from goldbox.game.genius.protocol import Action, GeniusGame, State

JSON_SCALARS = (
    st.none() | st.booleans() | st.integers(-3, 15) | st.sampled_from(["attack", "retreat", "1", "x"])
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["0", "1", "2", "bid"]), inner)
    ),
    max_leaves=6,
)
ACTIONS = st.dictionaries(
    st.sampled_from(["bid", "challenge", "messages", "vote", "fold"]), JSON_VALUES, max_size=2
)
"""Actions a careless or hostile client might send: the right keys with wrong values, and worse."""


def refusal(game: GeniusGame, state: State, seat: int, action: Mapping[str, Any]) -> str:
    """The code of the RuleError the rules raise for this action (the test fails if they accept it)."""
    with pytest.raises(RuleError) as refused:
        game.check_action(state, seat, action)
    return refused.value.code


def verdict(game: GeniusGame, state: State, seat: int, action: Mapping[str, Any]) -> Action | str:
    """The action in normal form if the rules accept it, else the refusal's code."""
    try:
        return game.check_action(state, seat, action)
    except RuleError as refused:
        return refused.code


def transcript(played: PlayedGame) -> str:
    """Every state and event of a played game (audience included) as one canonical JSON text."""
    events = [[event.type, event.data, event.seats] for event in played.events]
    return json.dumps({"states": played.states, "events": events, "actions": played.actions}, sort_keys=True)
