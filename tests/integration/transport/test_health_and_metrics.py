"""Health endpoints and Prometheus metrics, in-process."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from goldbox.ops.config import Settings
from goldbox.service.services import Services
from goldbox.transport.app import create_app
from tests.conftest import make_settings, sqlite_url
from tests.metrics_text import sample


def served(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def check_named(body: dict[str, object], name: str) -> dict[str, object]:
    checks = body["checks"]
    assert isinstance(checks, list)
    return next(check for check in checks if check["name"] == name)


def test_live_answers_without_checking_anything(client: TestClient) -> None:
    reply = client.get("/health/live")
    assert (reply.status_code, reply.json()) == (200, {"status": "alive"})


def test_ready_and_full_health_on_a_migrated_database(client: TestClient) -> None:
    ready = client.get("/health/ready")
    assert ready.status_code == 200
    assert ready.json()["status"] == "ready"
    body = client.get("/health").json()
    assert body["status"] == "healthy"
    assert body["version"]
    assert body["uptime_s"] >= 0
    assert {c["name"] for c in body["checks"]} == {"database", "migrations"}
    for check in body["checks"]:
        assert set(check) == {"name", "status", "latency_ms", "error"}
        assert check["status"] == "pass"


def test_not_ready_while_migrations_are_pending(tmp_path: Path) -> None:
    for test_client in served(make_settings(sqlite_url(tmp_path))):
        reply = test_client.get("/health/ready")
        assert reply.status_code == 503
        migrations = check_named(reply.json(), "migrations")
        assert migrations["status"] == "fail"
        assert "goldbox migrate up" in str(migrations["error"])
        assert test_client.get("/health").json()["status"] == "unhealthy"


def test_not_ready_while_draining(client: TestClient) -> None:
    services: Services = client.app.state.services  # type: ignore[attr-defined]
    services.draining = True
    reply = client.get("/health/ready")
    assert reply.status_code == 503
    assert reply.json()["draining"] is True
    assert client.get("/health/live").status_code == 200


@pytest.mark.redis
def test_ready_checks_a_configured_redis(sqlite_settings: Settings, redis_url: str) -> None:
    for test_client in served(sqlite_settings.model_copy(update={"redis_url": redis_url})):
        reply = test_client.get("/health/ready")
        assert reply.status_code == 200
        assert check_named(reply.json(), "redis")["status"] == "pass"


def test_unreachable_redis_makes_the_server_unready(sqlite_settings: Settings) -> None:
    settings = sqlite_settings.model_copy(update={"redis_url": f"redis://127.0.0.1:{closed_port()}/0"})
    for test_client in served(settings):
        reply = test_client.get("/health/ready")
        assert reply.status_code == 503
        redis = check_named(reply.json(), "redis")
        assert redis["status"] == "fail"
        assert redis["error"]
        assert test_client.get("/health").status_code == 503


def test_metrics_count_http_rpc_and_websocket_traffic(client: TestClient) -> None:
    before = client.get("/metrics").text
    client.post("/rpc", json={"jsonrpc": "2.0", "method": "system.ping", "id": 1})
    client.post("/rpc", json={"jsonrpc": "2.0", "method": "no.such", "id": 2})
    with client.websocket_connect("/ws") as socket_:
        socket_.send_text('{"jsonrpc": "2.0", "method": "system.ping", "id": 3}')
        socket_.receive_json()
        during = client.get("/metrics").text
    after = client.get("/metrics").text

    def grew(name: str, by: float, **labels: str) -> bool:
        return sample(after, name, **labels) - sample(before, name, **labels) == by

    assert grew("goldbox_http_requests_total", 2, method="POST", route="/rpc", status="200")
    ping_over_http = {"method": "system.ping", "transport": "http", "outcome": "ok"}
    assert grew("goldbox_rpc_call_duration_seconds_count", 1, **ping_over_http)
    assert grew(
        "goldbox_rpc_call_duration_seconds_count", 1, method="system.ping", transport="ws", outcome="ok"
    )
    assert grew(
        "goldbox_rpc_call_duration_seconds_count",
        1,
        method="<unknown>",
        transport="http",
        outcome="GBX_METHOD_NOT_FOUND",
    )
    assert sample(after, "goldbox_rpc_call_duration_seconds_sum", **ping_over_http) > sample(
        before, "goldbox_rpc_call_duration_seconds_sum", **ping_over_http
    )
    assert grew("goldbox_websocket_messages_total", 1, direction="in")
    assert grew("goldbox_websocket_messages_total", 1, direction="out")
    assert (
        sample(during, "goldbox_websocket_connections") == sample(before, "goldbox_websocket_connections") + 1
    )
    assert sample(after, "goldbox_websocket_connections") == sample(before, "goldbox_websocket_connections")
    assert "goldbox_db_pool_connections_in_use" in after


def test_unmatched_paths_share_one_route_label(client: TestClient) -> None:
    client.get("/no/such/path/123")
    client.get("/another/unknown")
    text = client.get("/metrics").text
    unmatched_gets = sample(
        text, "goldbox_http_requests_total", method="GET", route="<unmatched>", status="404"
    )
    assert unmatched_gets >= 2, (
        "(other methods' unmatched requests, from earlier tests in this process, are their own samples)"
    )
    assert "/no/such/path/123" not in text


def test_metrics_can_be_switched_off(sqlite_settings: Settings) -> None:
    for test_client in served(sqlite_settings.model_copy(update={"metrics_enabled": False})):
        reply = test_client.get("/metrics")
        assert reply.status_code == 404
        assert reply.json()["error"]["data"]["code"] == "GBX_NOT_FOUND"
