"""The OpenRPC document and the docs page are generated from the registry and cover all of it."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from goldbox.api import errors
from goldbox.api.call import Call
from goldbox.api.methods import build_registry
from goldbox.api.models import Params, Result
from goldbox.api.openrpc import openrpc_document
from goldbox.api.registry import Example, Registry
from goldbox.auth.roles import Role
from goldbox.transport.docs_page import render


class Bounds(Params):
    width: int = Field(ge=1, le=200, description="Tiles across.")
    biome: str | None = Field(None, description="Which biome; random when absent.")


class Generated(Result):
    seed: int


def registry_with_a_private_method() -> Registry:
    registry = build_registry()
    extra = Registry()

    @extra.method(
        "dungeon.generate",
        role=Role.PLAYER,
        errors=(errors.NOT_FOUND,),
        examples=(Example("small", {"width": 20}, {"seed": 7}),),
    )
    async def generate(call: Call, params: Bounds) -> Generated:
        """Generate a dungeon.

        Same seed, same dungeon.
        """
        return Generated(seed=7)

    registry.include(extra)
    return registry


def method_entry(document: dict[str, Any], name: str) -> dict[str, Any]:
    return next(m for m in document["methods"] if m["name"] == name)


def test_every_registered_method_is_described() -> None:
    registry = registry_with_a_private_method()
    document = openrpc_document(registry)
    assert document["openrpc"].startswith("1.")
    assert [m["name"] for m in document["methods"]] == [m.name for m in registry]


def test_params_result_role_errors_and_examples_come_from_the_declaration() -> None:
    entry = method_entry(openrpc_document(registry_with_a_private_method()), "dungeon.generate")
    assert entry["summary"] == "Generate a dungeon."
    assert entry["description"] == "Same seed, same dungeon."
    assert entry["x-goldbox-role"] == "player"
    params = {p["name"]: p for p in entry["params"]}
    assert params["width"]["required"] is True
    assert params["biome"]["required"] is False
    assert params["width"]["schema"]["maximum"] == 200
    assert params["width"]["description"] == "Tiles across."
    assert entry["result"]["schema"]["properties"]["seed"]["type"] == "integer"
    codes = [e["data"]["code"] for e in entry["errors"]]
    assert codes == [
        "GBX_NOT_FOUND",
        "GBX_INVALID_PARAMS",
        "GBX_UNAUTHENTICATED",
        "GBX_FORBIDDEN",
        "GBX_INTERNAL",
    ]
    assert entry["examples"][0]["params"] == [{"name": "width", "value": 20}]


def test_public_methods_without_params_list_only_what_they_can_fail_with() -> None:
    entry = method_entry(openrpc_document(build_registry()), "system.ping")
    assert entry["x-goldbox-role"] == "public"
    assert [e["data"]["code"] for e in entry["errors"]] == ["GBX_INTERNAL"]


def test_the_whole_error_catalog_is_published() -> None:
    published = {e["code"] for e in openrpc_document(build_registry())["x-goldbox-errors"]}
    assert published == set(errors.CATALOG)


def test_schema_references_point_into_components() -> None:
    document = openrpc_document(build_registry())
    text = str(document["methods"])
    assert "#/$defs/" not in text


def test_the_docs_page_shows_every_method_and_error_code_escaped() -> None:
    page = render(openrpc_document(registry_with_a_private_method()))
    for name in ("system.ping", "rpc.discover", "dungeon.generate", "Tiles across."):
        assert name in page
    for code in errors.CATALOG:
        assert code in page
    assert "<script" not in page
    assert "&quot;width&quot;: 20" in page
    assert "<td><code>seed</code></td><td>integer</td>" in page, "result fields are shown as a table"


def test_the_docs_page_says_how_to_authenticate() -> None:
    page = render(openrpc_document(build_registry()))
    assert "<h2>Authentication</h2>" in page
    for needed in ("auth.login", "Authorization: Bearer", "X-API-Key", "auth.ws_ticket", "Retry-After"):
        assert needed in page
    for method in ("auth.login", "apikey.create", "admin.audit.query"):
        assert f'id="{method}"' in page
