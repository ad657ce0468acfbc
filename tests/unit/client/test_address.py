"""The WebSocket URL of a server, from the address people type."""

from __future__ import annotations

import pytest

from goldbox.client.address import websocket_url


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("http://127.0.0.1:8080", "ws://127.0.0.1:8080/ws"),
        ("http://127.0.0.1:8080/", "ws://127.0.0.1:8080/ws"),
        ("https://games.example.org", "wss://games.example.org/ws"),
        ("https://example.org/goldbox/", "wss://example.org/goldbox/ws"),
        ("ws://127.0.0.1:8080", "ws://127.0.0.1:8080/ws"),
        ("wss://example.org/custom/socket", "wss://example.org/custom/socket"),
        ("WS://127.0.0.1:9/ws", "ws://127.0.0.1:9/ws"),
    ],
)
def test_addresses_name_the_servers_socket(address: str, expected: str) -> None:
    assert websocket_url(address) == expected


@pytest.mark.parametrize("address", ["127.0.0.1:8080", "ftp://example.org", "http://", ""])
def test_what_is_not_an_address_is_refused(address: str) -> None:
    with pytest.raises(ValueError, match="not a goldbox address"):
        websocket_url(address)
