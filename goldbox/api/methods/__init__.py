"""Every RPC method goldbox serves, gathered into one registry."""

from __future__ import annotations

from goldbox.api.methods import account, admin, apikey, auth, system
from goldbox.api.registry import Registry


def build_registry() -> Registry:
    registry = Registry()
    for module in (system, auth, account, apikey, admin):
        registry.include(module.methods)
    return registry
