"""Where the WebSocket is, from the address a person gives: the server's URL, or the socket's."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

_SCHEMES = {"http": "ws", "https": "wss", "ws": "ws", "wss": "wss"}


def websocket_url(address: str) -> str:
    """`http://host:8080` (the server, as `goldbox serve` prints it) becomes `ws://host:8080/ws`;
    a `ws://` or `wss://` URL with a path is taken as it is (a server behind a proxy's prefix)."""
    parts = urlsplit(address.strip())
    scheme = _SCHEMES.get(parts.scheme.lower())
    if scheme is None or not parts.netloc:
        raise ValueError(f"not a goldbox address: {address!r} (expected http(s)://host:port or ws(s)://…)")
    path = parts.path.rstrip("/")
    if parts.scheme.lower() in ("http", "https") or not path:
        path = f"{path}/ws"
    return urlunsplit((scheme, parts.netloc, path, parts.query, ""))
