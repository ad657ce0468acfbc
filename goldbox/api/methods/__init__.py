"""Every RPC method goldbox serves, gathered into one registry."""

from __future__ import annotations

from goldbox.api.methods import (
    account,
    actions,
    admin,
    apikey,
    auth,
    characters,
    games,
    leaderboards,
    matches,
    ratings,
    subscriptions,
    system,
    tournaments,
    tutorial,
    world,
)
from goldbox.api.registry import Registry


def build_registry() -> Registry:
    registry = Registry()
    for module in (
        system,
        auth,
        account,
        apikey,
        admin,
        characters,
        games,
        actions,
        world,
        subscriptions,
        leaderboards,
        matches,
        ratings,
        tournaments,
        tutorial,
    ):
        registry.include(module.methods)
    return registry
