"""Which web origins may call the API: CORS for HTTP, the `Origin` check for WebSocket upgrades,
and production's refusal of `*`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from pydantic import ValidationError
from starlette.testclient import TestClient, WebSocketDenialResponse

from goldbox.api import errors
from goldbox.cli import main
from goldbox.ops.config import Environment, load_settings
from goldbox.store import migrate
from goldbox.transport.app import create_app
from tests.conftest import make_settings, sqlite_url
from tests.integration.auth.rpc_client import assert_error

pytestmark = pytest.mark.timeout(20)

PLAY = "https://play.example"
EVIL = "https://evil.example"
STRONG_SECRET = "k" * 48
PING = {"jsonrpc": "2.0", "method": "system.ping", "id": 1}
PONG = {"jsonrpc": "2.0", "result": {"pong": True}, "id": 1}


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    """The app allowing one web origin, with rate limits on so their headers are sent."""
    url = sqlite_url(tmp_path)
    migrate.upgrade(url)
    settings = make_settings(url, cors_origins=[PLAY], rate_limits_enabled=True)
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def preflight(client: TestClient, origin: str) -> tuple[int, dict[str, str]]:
    response = client.options(
        "/rpc",
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization,content-type",
        },
    )
    return response.status_code, {name.lower(): value for name, value in response.headers.items()}


def header_list(value: str) -> set[str]:
    return {part.strip().lower() for part in value.split(",") if part.strip()}


# -- HTTP CORS -----------------------------------------------------------------------------------


def test_a_preflight_from_an_allowed_origin_is_granted(client: TestClient) -> None:
    status, headers = preflight(client, PLAY)
    assert status == 200
    assert headers["access-control-allow-origin"] == PLAY
    assert "POST" in headers["access-control-allow-methods"]
    assert {"authorization", "content-type"} <= header_list(headers["access-control-allow-headers"])
    assert "origin" in header_list(headers["vary"])


def test_a_preflight_from_another_origin_is_refused(client: TestClient) -> None:
    status, headers = preflight(client, EVIL)
    assert status == 400
    assert "access-control-allow-origin" not in headers


def test_a_post_from_an_allowed_origin_exposes_the_request_id_and_rate_limit_headers(
    client: TestClient,
) -> None:
    response = client.post("/rpc", json=PING, headers={"Origin": PLAY})
    assert response.json() == PONG
    assert response.headers["access-control-allow-origin"] == PLAY
    exposed = header_list(response.headers["access-control-expose-headers"])
    assert {
        "x-request-id",
        "retry-after",
        "x-ratelimit-limit",
        "x-ratelimit-remaining",
        "x-ratelimit-reset",
    } <= exposed
    for name in exposed - {"retry-after"}:
        assert response.headers.get(name), f"{name} is exposed but not sent"


def test_a_post_from_another_origin_gets_no_cors_grant(client: TestClient) -> None:
    response = client.post("/rpc", json=PING, headers={"Origin": EVIL})
    assert response.json() == PONG  # CORS guards browsers' reads; the call itself is harmless
    assert "access-control-allow-origin" not in response.headers


def test_a_form_style_post_a_browser_sends_without_preflight_is_refused(client: TestClient) -> None:
    """text/plain needs no preflight, so another site could send it: the server must not run it."""
    response = client.post(
        "/rpc",
        content=b'{"jsonrpc":"2.0","method":"system.ping","id":1}',
        headers={"Origin": EVIL, "Content-Type": "text/plain"},
    )
    assert response.status_code == 415
    assert_error(response.json(), errors.UNSUPPORTED_MEDIA_TYPE)


# -- WebSocket Origin ---------------------------------------------------------------------------------


@pytest.mark.parametrize("origin", [EVIL, "null", "http://testserver.evil.example", PLAY + ".evil.example"])
def test_a_websocket_from_a_foreign_origin_is_refused_with_403(client: TestClient, origin: str) -> None:
    with (
        pytest.raises(WebSocketDenialResponse) as denied,
        client.websocket_connect("/ws", headers={"Origin": origin}),
    ):
        pass
    assert denied.value.status_code == 403
    data = assert_error(denied.value.json(), errors.ORIGIN_NOT_ALLOWED)
    assert data["details"] == {"origin": origin}
    assert data["correlation_id"]


@pytest.mark.parametrize(
    "headers",
    [{"Origin": PLAY}, {"Origin": PLAY + "/"}, {"Origin": "http://testserver"}, {}],
    ids=["listed", "listed-with-slash", "own-origin", "no-origin"],
)
def test_a_websocket_from_an_allowed_origin_or_no_browser_connects(
    client: TestClient, headers: dict[str, str]
) -> None:
    with client.websocket_connect("/ws", headers=headers) as socket:
        socket.send_json(PING)
        assert socket.receive_json() == PONG


# -- production refuses `*` -------------------------------------------------------------------------


@pytest.mark.parametrize("origins", [["*"], [PLAY, "*"], "*", f"{PLAY}, *"])
def test_production_refuses_any_origin(origins: list[str] | str) -> None:
    with pytest.raises(ValidationError, match="GOLDBOX_CORS_ORIGINS contains '\\*'"):
        load_settings(env="production", secret_key=STRONG_SECRET, cors_origins=origins)


def test_production_accepts_listed_origins_and_development_accepts_any() -> None:
    production = load_settings(env="production", secret_key=STRONG_SECRET, cors_origins=f"{PLAY}/, {EVIL}")
    assert production.env is Environment.PRODUCTION
    assert production.cors_origins == [PLAY, EVIL]
    assert load_settings(cors_origins="*").cors_origins == ["*"]


def test_config_check_reports_a_wildcard_origin_in_production() -> None:
    env = {"GOLDBOX_ENV": "production", "GOLDBOX_SECRET_KEY": STRONG_SECRET, "GOLDBOX_CORS_ORIGINS": "*"}
    outcome = CliRunner().invoke(main, ["config", "check"], env=env, catch_exceptions=False)
    assert outcome.exit_code == 1
    problems = [line for line in outcome.output.splitlines() if line.startswith("✗")]
    assert len(problems) == 1, outcome.output
    assert "GOLDBOX_CORS_ORIGINS contains '*'" in problems[0]
    assert STRONG_SECRET not in outcome.output
