"""The edge layer on its own, around small ASGI apps that misbehave in ways the real routes do not."""

from __future__ import annotations

import asyncio

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from goldbox.transport.middleware import EdgeMiddleware


async def raises_timeout_error(request: Request) -> Response:
    raise TimeoutError("the database did not answer")  # the app's own, not the edge's deadline


async def sleeps(request: Request) -> Response:
    await asyncio.sleep(5)
    return PlainTextResponse("late")


async def fails_mid_stream(request: Request) -> Response:
    async def body() -> object:
        yield b"first part"
        raise RuntimeError("broke halfway")

    return StreamingResponse(body())  # type: ignore[arg-type]


async def echoes_length(request: Request) -> Response:
    return PlainTextResponse(str(len(await request.body())))


def client_for(timeout_s: float = 2.0) -> TestClient:
    edge = Middleware(
        EdgeMiddleware, production=False, access_log=False, max_body_bytes=100, timeout_s=timeout_s
    )
    app = Starlette(
        routes=[
            Route("/timeout-error", raises_timeout_error),
            Route("/sleeps", sleeps),
            Route("/mid-stream", fails_mid_stream),
            Route("/echo", echoes_length, methods=["POST"]),
        ],
        middleware=[edge],  # where create_app puts it: outside the routes, inside Starlette's own
    )
    return TestClient(app, raise_server_exceptions=False)


def test_a_timeout_error_raised_by_the_app_is_a_500_not_a_504() -> None:
    response = client_for().get("/timeout-error")
    assert response.status_code == 500
    assert response.json()["error"]["data"]["code"] == "GBX_INTERNAL"


def test_the_deadline_is_a_504() -> None:
    response = client_for(timeout_s=0.2).get("/sleeps")
    assert response.status_code == 504
    assert response.json()["error"]["data"]["code"] == "GBX_TIMEOUT"


def test_a_failure_after_the_response_began_sends_no_second_response() -> None:
    response = client_for().get("/mid-stream")
    assert response.status_code == 200
    assert response.content.startswith(b"first part")
    assert b"GBX_" not in response.content


def test_a_chunked_body_past_the_limit_is_a_413() -> None:
    chunks = (b"x" * 60 for _ in range(3))  # no Content-Length: counted as it arrives
    response = client_for().post("/echo", content=chunks)
    assert response.status_code == 413
    assert response.json()["error"]["data"]["details"] == {"max_bytes": 100}


def test_a_body_within_the_limit_passes() -> None:
    assert client_for().post("/echo", content=b"y" * 100).text == "100"
