"""`/api/docs`: the OpenRPC document rendered for people, on the server, with no script or CDN.

`/api/openrpc.json` serves the same document for tools.
"""

from __future__ import annotations

import json
from html import escape
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from goldbox.api.openrpc import openrpc_document
from goldbox.service.services import Services

STYLE = """
body{font:15px/1.5 system-ui,sans-serif;margin:0 auto;max-width:980px;padding:1rem 1.5rem;color:#1d1d1f;background:#fff}
h1{margin-bottom:.2rem} h2{border-bottom:2px solid #c9a227;padding-bottom:.2rem;margin-top:2.5rem}
h3{font-family:ui-monospace,monospace;margin-bottom:.2rem}
code,pre{font-family:ui-monospace,monospace;font-size:13px} pre{background:#f4f1e8;padding:.6rem;overflow:auto}
table{border-collapse:collapse;width:100%;margin:.5rem 0} th,td{border:1px solid #d8d2c0;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f4f1e8} .role{display:inline-block;padding:0 .5rem;border-radius:.6rem;background:#234;color:#fff;font-size:12px}
.role.public{background:#2a6b2a} nav ul{columns:2} a{color:#0b4f9c}
"""


def _type_of(schema: dict[str, Any]) -> str:
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    if "anyOf" in schema:
        return " | ".join(_type_of(option) for option in schema["anyOf"])
    if schema.get("type") == "array":
        return f"array of {_type_of(schema.get('items', {}))}"
    if "enum" in schema:
        return " | ".join(json.dumps(value) for value in schema["enum"])
    return str(schema.get("type", "any"))


def _params_table(params: list[dict[str, Any]]) -> str:
    if not params:
        return "<p>No params.</p>"
    rows = "".join(
        f"<tr><td><code>{escape(p['name'])}</code></td><td>{escape(_type_of(p['schema']))}</td>"
        f"<td>{'yes' if p['required'] else 'no'}</td><td>{escape(p.get('description', ''))}</td></tr>"
        for p in params
    )
    return f"<table><tr><th>name</th><th>type</th><th>required</th><th>description</th></tr>{rows}</table>"


def _result_block(schema: dict[str, Any]) -> str:
    """The result's fields as a table; a free-form result (no fixed fields) as its schema."""
    properties: dict[str, dict[str, Any]] = schema.get("properties", {})
    if not properties:
        return f"<pre>{escape(json.dumps(schema, indent=2))}</pre>"
    rows = "".join(
        f"<tr><td><code>{escape(name)}</code></td><td>{escape(_type_of(field))}</td>"
        f"<td>{escape(field.get('description', ''))}</td></tr>"
        for name, field in properties.items()
    )
    return f"<table><tr><th>field</th><th>type</th><th>description</th></tr>{rows}</table>"


def _errors_table(method_errors: list[dict[str, Any]]) -> str:
    rows = "".join(
        f"<tr><td><code>{escape(e['data']['code'])}</code></td><td>{e['code']}</td>"
        f"<td>{escape(e['message'])}</td></tr>"
        for e in method_errors
    )
    return f"<table><tr><th>code</th><th>JSON-RPC</th><th>meaning</th></tr>{rows}</table>"


def _examples(method: dict[str, Any]) -> str:
    blocks = []
    for example in method.get("examples", []):
        params = {p["name"]: p["value"] for p in example["params"]}
        call = {"jsonrpc": "2.0", "method": method["name"], "params": params, "id": 1}
        reply = {"jsonrpc": "2.0", "result": example["result"]["value"], "id": 1}
        blocks.append(
            f"<p>Example: {escape(example['name'])}</p>"
            f"<pre>→ {escape(json.dumps(call))}\n← {escape(json.dumps(reply))}</pre>"
        )
    return "".join(blocks)


def _method_section(method: dict[str, Any]) -> str:
    role = method["x-goldbox-role"]
    return (
        f'<section id="{escape(method["name"])}"><h3>{escape(method["name"])} '
        f'<span class="role {escape(role)}">{escape(role)}</span></h3>'
        f"<p>{escape(method['summary'])}</p><p>{escape(method['description'])}</p>"
        f"<h4>Params</h4>{_params_table(method['params'])}"
        f"<h4>Result</h4>{_result_block(method['result']['schema'])}"
        f"<h4>Errors</h4>{_errors_table(method['errors'])}{_examples(method)}</section>"
    )


AUTHENTICATION = (
    '<h2>Authentication</h2><p>Methods marked <span class="role public">public</span> need nothing; '
    "the others need a caller with at least the role shown. Get an access token with "
    "<code>auth.login</code> and send it as <code>Authorization: Bearer &lt;token&gt;</code>; renew it "
    "with <code>auth.refresh</code> (each refresh token works once). Bots and AI agents use an API key "
    "from <code>apikey.create</code>, as <code>Authorization: Bearer gbx_…</code> or "
    "<code>X-API-Key: gbx_…</code>. A WebSocket at <code>/ws</code> takes the same headers, or "
    "<code>auth.login</code> / <code>auth.resume</code> as a message, or <code>?ticket=</code> from "
    "<code>auth.ws_ticket</code>. Responses carry <code>X-RateLimit-Limit</code>, "
    "<code>X-RateLimit-Remaining</code> and <code>X-RateLimit-Reset</code>; over the limit, HTTP 429 "
    "with <code>Retry-After</code>, or <code>GBX_RATE_LIMITED</code> on a WebSocket.</p>"
)


def render(document: dict[str, Any]) -> str:
    methods = document["methods"]
    nav = "".join(f'<li><a href="#{escape(m["name"])}">{escape(m["name"])}</a></li>' for m in methods)
    catalog = "".join(
        f"<tr><td><code>{escape(e['code'])}</code></td><td>{e['jsonrpc_code']}</td><td>{e['http_status']}</td>"
        f"<td>{escape(e['message'])}</td><td>{escape(e['hint'])}</td></tr>"
        for e in document["x-goldbox-errors"]
    )
    info = document["info"]
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>goldbox API {escape(info['version'])}</title><style>{STYLE}</style></head><body>"
        f"<h1>goldbox API</h1><p>Version {escape(info['version'])}. {escape(info['description'])}</p>"
        '<p>Machine-readable: <a href="/api/openrpc.json">OpenRPC document</a> '
        "(also returned by the <code>rpc.discover</code> method).</p>"
        f"{AUTHENTICATION}"
        f"<nav><h2>Methods</h2><ul>{nav}</ul></nav>"
        f"{''.join(_method_section(m) for m in methods)}"
        "<h2>Error catalog</h2><p>Every error carries one of these codes in <code>error.data.code</code>, "
        "with the request's <code>correlation_id</code>.</p>"
        "<table><tr><th>code</th><th>JSON-RPC</th><th>HTTP</th><th>meaning</th><th>what to do</th></tr>"
        f"{catalog}</table></body></html>"
    )


async def docs_page(request: Request) -> Response:
    services: Services = request.app.state.services
    return HTMLResponse(render(openrpc_document(services.registry)))


async def openrpc_json(request: Request) -> Response:
    services: Services = request.app.state.services
    return Response(orjson.dumps(openrpc_document(services.registry)), media_type="application/json")
