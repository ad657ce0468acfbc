"""The browser client at `/`: its files, types, caching and policy, without taking any path from the API."""

from __future__ import annotations

from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from goldbox.api import errors
from goldbox.transport.middleware import DEFAULT_POLICY
from goldbox.transport.web_client import CLIENT_POLICY, STATIC_ROOT, ClientRoute
from tests.metrics_text import sample


def test_the_root_is_the_client_page_with_a_policy_of_self_only(client: TestClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert '<script type="module" src="js/main.js"></script>' in response.text
    assert response.headers.get_list("content-security-policy") == [CLIENT_POLICY]
    directives = dict(part.strip().split(" ", 1) for part in CLIENT_POLICY.split(";"))
    allowed = {source for sources in directives.values() for source in sources.split()}
    assert allowed == {"'self'", "'none'"}, "nothing but the server's own origin"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-request-id"]


@pytest.mark.parametrize(
    ("path", "media_type"),
    [
        ("/js/main.js", "text/javascript; charset=utf-8"),
        ("/js/api.js", "text/javascript; charset=utf-8"),
        ("/css/main.css", "text/css; charset=utf-8"),
        ("/favicon.svg", "image/svg+xml; charset=utf-8"),
        ("/index.html", "text/html; charset=utf-8"),
    ],
)
def test_each_file_has_its_type_and_is_checked_before_reuse(
    client: TestClient, path: str, media_type: str
) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"] == media_type
    assert response.headers["cache-control"] == "no-cache"
    assert response.content == (STATIC_ROOT / path.lstrip("/")).read_bytes()
    again = client.get(path, headers={"if-none-match": response.headers["etag"]})
    assert again.status_code == 304
    assert again.content == b""


def test_every_module_the_shell_imports_is_served_as_javascript(client: TestClient) -> None:
    modules = sorted((STATIC_ROOT / "js").rglob("*.js"))
    assert len(modules) >= 10
    for module in modules:
        path = "/" + module.relative_to(STATIC_ROOT).as_posix()
        response = client.get(path)
        assert (response.status_code, response.headers["content-type"]) == (
            200,
            "text/javascript; charset=utf-8",
        ), path


def test_the_api_keeps_its_paths_and_answers(client: TestClient) -> None:
    rpc = client.get("/rpc")
    assert rpc.status_code == 405
    assert rpc.json()["error"]["data"]["code"] == errors.HTTP_METHOD_NOT_ALLOWED.name
    assert client.get("/health/live").status_code == 200
    assert client.get("/health/", follow_redirects=False).status_code == 307
    docs = client.get("/api/docs")
    assert docs.status_code == 200
    assert docs.headers.get_list("content-security-policy") == [DEFAULT_POLICY[1].decode()]
    assert client.get("/api/openrpc.json").json()["openrpc"]
    ping = client.post("/rpc", json={"jsonrpc": "2.0", "method": "system.ping", "id": 1})
    assert "result" in ping.json()


@pytest.mark.parametrize("path", ["/missing.js", "/js/", "/js/nothing/here.js", "/%2e%2e/pyproject.toml"])
def test_a_path_that_names_no_file_is_the_json_404(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert response.json()["error"]["data"]["code"] == errors.NOT_FOUND.name
    assert response.headers.get_list("content-security-policy") == [DEFAULT_POLICY[1].decode()]


def test_files_outside_the_client_folder_are_never_served(tmp_path: Path) -> None:
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "index.html").write_text("<p>hi</p>")
    (tmp_path / "secret.txt").write_text("not for you")
    with TestClient(Starlette(routes=[ClientRoute(tmp_path / "static")])) as bare:
        assert bare.get("/").text == "<p>hi</p>"
        for path in ("/../secret.txt", "/%2e%2e/secret.txt", "/static/../../secret.txt"):
            assert bare.get(path).status_code == 404, path


def test_only_reading_methods_reach_the_files(client: TestClient) -> None:
    assert client.head("/").status_code == 200
    assert client.post("/index.html", content=b"{}").status_code == 404


def test_the_files_share_one_route_label_in_the_metrics(client: TestClient) -> None:
    for path in ("/", "/js/main.js", "/css/main.css"):
        client.get(path)
    text = client.get("/metrics").text
    assert sample(text, "goldbox_http_requests_total", method="GET", route="/{file:path}", status="200") >= 3
    assert "main.js" not in text
