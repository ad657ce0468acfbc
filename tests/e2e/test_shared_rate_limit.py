"""Two real `goldbox serve` processes sharing Redis spend one rate limit between them; without
Redis each keeps its own.

All requests come from 127.0.0.1, a proxy the server trusts by default, so each test names its
own client address in `X-Forwarded-For`: a fresh address is a fresh budget, even in a Redis that
other tests and earlier runs have used.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import httpx2 as httpx
import pytest

from goldbox.api import errors
from tests.conftest import sqlite_url
from tests.e2e.live_server import LiveServer

pytestmark = pytest.mark.timeout(90)

LIMIT = 6
PING = {"jsonrpc": "2.0", "method": "system.ping", "id": 1}
LIMITED = {"GOLDBOX_RATE_LIMITS_ENABLED": "true", "GOLDBOX_RATE_LIMIT_IP": f"{LIMIT}/minute"}


def fresh_address() -> str:
    """A documentation-range IPv4 address no other run is likely to have spent budget on."""
    random = uuid.uuid4().int
    return f"198.18.{random % 250 + 1}.{(random >> 8) % 250 + 1}"


@contextmanager
def two_servers(
    folder: Path, first_env: dict[str, str], second_env: dict[str, str]
) -> Iterator[list[LiveServer]]:
    """Start them one after the other (each migrates the database first), and always stop both."""
    with ExitStack() as stack:
        servers = []
        for name, env in (("first", first_env), ("second", second_env)):
            server = LiveServer({**LIMITED, **env}, folder / f"{name}.log")
            stack.callback(server.kill)
            servers.append(server.start())
        yield servers
        for server in servers:
            server.stop()


async def alternate(servers: list[LiveServer], calls: int, address: str) -> list[httpx.Response]:
    """`calls` pings, taking turns between the servers, all from one client address."""
    headers = {"X-Forwarded-For": address}
    answers = []
    async with httpx.AsyncClient(timeout=5) as http:
        for server in itertools.islice(itertools.cycle(servers), calls):
            answers.append(await http.post(f"{server.url}/rpc", json=PING, headers=headers))
    return answers


@pytest.mark.postgres
@pytest.mark.redis
async def test_two_processes_sharing_redis_enforce_one_limit(
    tmp_path: Path, postgres_url: str, redis_url: str
) -> None:
    shared = {"GOLDBOX_DATABASE_URL": postgres_url, "GOLDBOX_REDIS_URL": redis_url}
    with two_servers(tmp_path, shared, shared) as servers:
        answers = await alternate(servers, 2 * LIMIT + 2, fresh_address())
        other_client = await alternate(servers, 2, fresh_address())

    statuses = [answer.status_code for answer in answers]
    assert statuses == [200] * LIMIT + [429] * (LIMIT + 2), [s.log()[-2000:] for s in servers]
    assert [answer.headers["x-ratelimit-remaining"] for answer in answers[:LIMIT]] == [
        str(LIMIT - n) for n in range(1, LIMIT + 1)
    ], "each answer counts the other server's requests too"
    for refused in answers[LIMIT:]:
        body = refused.json()
        assert body["error"]["data"]["code"] == errors.RATE_LIMITED.name
        assert body["error"]["data"]["details"]["scope"] == "ip"
        assert int(refused.headers["retry-after"]) >= 1
    assert [answer.status_code for answer in other_client] == [200, 200], "the limit is per address"


async def test_without_redis_each_process_keeps_its_own_limit(tmp_path: Path) -> None:
    first = {"GOLDBOX_DATABASE_URL": sqlite_url(tmp_path / "one")}
    second = {"GOLDBOX_DATABASE_URL": sqlite_url(tmp_path / "two")}
    for folder in ("one", "two"):
        (tmp_path / folder).mkdir()
    with two_servers(tmp_path, first, second) as servers:
        answers = await alternate(servers, 2 * LIMIT + 2, fresh_address())

    statuses = [answer.status_code for answer in answers]
    assert statuses == [200] * (2 * LIMIT) + [429, 429]
    remaining = [answer.headers["x-ratelimit-remaining"] for answer in answers[: 2 * LIMIT]]
    assert remaining[0::2] == remaining[1::2] == [str(LIMIT - n) for n in range(1, LIMIT + 1)]
