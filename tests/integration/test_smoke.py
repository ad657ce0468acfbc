from starlette.testclient import TestClient


def test_ping_over_http(client: TestClient) -> None:
    reply = client.post("/rpc", json={"jsonrpc": "2.0", "method": "system.ping", "id": 1})
    assert reply.json() == {"jsonrpc": "2.0", "result": {"pong": True}, "id": 1}


def test_ping_over_websocket(client: TestClient) -> None:
    with client.websocket_connect("/ws") as socket:
        socket.send_text('{"jsonrpc": "2.0", "method": "system.ping", "id": "a"}')
        assert socket.receive_json() == {"jsonrpc": "2.0", "result": {"pong": True}, "id": "a"}
