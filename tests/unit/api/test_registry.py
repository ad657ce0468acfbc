"""The registry refuses declarations the transports and documents could not serve faithfully."""

from __future__ import annotations

import pytest

from goldbox.api.call import Call
from goldbox.api.methods import build_registry
from goldbox.api.models import NoParams, Result
from goldbox.api.registry import Registry
from goldbox.auth.roles import Role


class Done(Result):
    done: bool = True


def test_a_name_declared_twice_is_refused() -> None:
    registry = Registry()

    @registry.method("game.thing", role=Role.PLAYER)
    async def first(call: Call, params: NoParams) -> Done:
        """First."""
        return Done()

    with pytest.raises(ValueError, match="declared twice"):

        @registry.method("game.thing", role=Role.PLAYER)
        async def second(call: Call, params: NoParams) -> Done:
            """Second."""
            return Done()


def test_a_method_needs_a_docstring() -> None:
    with pytest.raises(TypeError, match="needs a docstring"):

        @Registry().method("game.undocumented", role=None)
        async def undocumented(call: Call, params: NoParams) -> Done:
            return Done()


def test_params_and_result_must_be_pydantic_models() -> None:
    with pytest.raises(TypeError, match="params must be annotated"):

        @Registry().method("game.loose", role=None)
        async def loose(call: Call, params: dict) -> Done:  # type: ignore[type-arg]
            """Loose params."""
            return Done()


def test_the_rpc_prefix_is_reserved() -> None:
    with pytest.raises(ValueError, match="reserved"):

        @Registry().method("rpc.mine", role=None)
        async def mine(call: Call, params: NoParams) -> Done:
            """Mine."""
            return Done()


def test_include_refuses_clashing_names() -> None:
    with pytest.raises(ValueError, match="declared twice"):
        build_registry().include(build_registry())


def test_the_shipped_registry_declares_its_methods_with_docs() -> None:
    registry = build_registry()
    names = [method.name for method in registry]
    assert names == sorted(names)
    assert {"system.ping", "system.version", "rpc.discover"} <= set(names)
    for method in registry:
        assert method.summary
        assert method.public == (method.role is None)


def test_roles_rank_admin_above_players_and_agents() -> None:
    assert Role.ADMIN.may_act_as(Role.PLAYER)
    assert Role.AGENT.may_act_as(Role.PLAYER)
    assert not Role.PLAYER.may_act_as(Role.ADMIN)
    assert not Role.AGENT.may_act_as(Role.ADMIN)
