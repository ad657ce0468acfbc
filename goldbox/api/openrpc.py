"""The OpenRPC document, generated from the registry so that the docs can never drift from the code."""

from __future__ import annotations

import weakref
from typing import Any

from pydantic import BaseModel

from goldbox import __version__
from goldbox.api import errors
from goldbox.api.errors import ErrorCode, catalog_as_json
from goldbox.api.registry import Registry, RpcMethod

OPENRPC_VERSION = "1.3.2"
SCHEMA_REF = "#/components/schemas/{model}"

_cache: weakref.WeakKeyDictionary[Registry, tuple[int, dict[str, Any]]] = weakref.WeakKeyDictionary()


def openrpc_document(registry: Registry) -> dict[str, Any]:
    """The document for `registry`, built once per set of methods."""
    cached = _cache.get(registry)
    if cached is not None and cached[0] == len(registry):
        return cached[1]
    document = _build(registry)
    _cache[registry] = (len(registry), document)
    return document


def _build(registry: Registry) -> dict[str, Any]:
    schemas: dict[str, Any] = {}
    return {
        "openrpc": OPENRPC_VERSION,
        "info": {
            "title": "goldbox",
            "version": __version__,
            "description": "JSON-RPC 2.0 over POST /rpc and over the WebSocket at /ws. "
            "Errors carry a stable code in error.data.code; the catalog is x-goldbox-errors.",
        },
        "servers": [
            {"name": "HTTP", "url": "/rpc", "summary": "POST one call or a batch as application/json."},
            {"name": "WebSocket", "url": "/ws", "summary": "Many calls in flight; server notifications."},
        ],
        "methods": [_method(method, schemas) for method in registry],
        "components": {"schemas": schemas},
        "x-goldbox-errors": catalog_as_json(),
    }


def _method(method: RpcMethod, schemas: dict[str, Any]) -> dict[str, Any]:
    params_schema = _schema(method.params_model, schemas)
    required = set(params_schema.get("required", []))
    params = [
        {
            "name": name,
            "required": name in required,
            "description": field.get("description", ""),
            "schema": field,
        }
        for name, field in params_schema.get("properties", {}).items()
    ]
    entry: dict[str, Any] = {
        "name": method.name,
        "summary": method.summary,
        "description": method.description,
        "paramStructure": "either",
        "params": params,
        "result": {"name": "result", "schema": _schema(method.result_model, schemas)},
        "errors": [_error(code) for code in _errors_of(method)],
        "x-goldbox-role": method.role.value if method.role else "public",
    }
    if method.examples:
        entry["examples"] = [
            {
                "name": example.name,
                "params": [{"name": k, "value": v} for k, v in example.params.items()],
                "result": {"name": "result", "value": example.result},
            }
            for example in method.examples
        ]
    return entry


def _schema(model: type[BaseModel], schemas: dict[str, Any]) -> dict[str, Any]:
    schema = model.model_json_schema(ref_template=SCHEMA_REF, mode="serialization")
    schemas.update(schema.pop("$defs", {}))
    return schema


def _errors_of(method: RpcMethod) -> list[ErrorCode]:
    """What a client can get from this method: its own errors, then the ones every method can give."""
    codes = list(method.errors)
    if method.params_model.model_fields:
        codes.append(errors.INVALID_PARAMS)
    if method.role is not None:
        codes += [errors.UNAUTHENTICATED, errors.FORBIDDEN]
    codes.append(errors.INTERNAL_ERROR)
    return list(dict.fromkeys(codes))


def _error(code: ErrorCode) -> dict[str, Any]:
    return {"code": code.rpc_code, "message": code.message, "data": {"code": code.name, "hint": code.hint}}
