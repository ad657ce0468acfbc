"""The edges: ASGI app, JSON-RPC over HTTP and WebSocket, health, metrics, docs. No game logic here."""
