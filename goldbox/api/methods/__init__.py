"""Every RPC method goldbox serves, gathered into one registry."""

from __future__ import annotations

from goldbox.api.methods import system
from goldbox.api.registry import Registry


def build_registry() -> Registry:
    registry = Registry()
    registry.include(system.methods)
    return registry
