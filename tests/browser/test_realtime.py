"""js/realtime.js in Chromium against a real server: a game's events arrive live, and after the
socket drops the stream reconnects and resumes from the last seq it holds, missing and repeating none."""

from __future__ import annotations

import json
import re

from playwright.sync_api import Page, WebSocketRoute

from tests.browser.accounts import Server, log_in
from tests.browser.conftest import wait_until

START_STREAM = """async (gameId) => {
    const { Api } = await import("/js/api.js");
    const { GameStream } = await import("/js/realtime.js");
    window.seen = [];
    window.statuses = [];
    window.stream = new GameStream(new Api(), gameId, {
        onEvent: (event) => window.seen.push(event.seq),
        onStatus: (status) => window.statuses.push(status),
    });
    window.stream.start();
}"""
SEEN_UP_TO = "(last) => window.seen.length > 0 && window.seen[window.seen.length - 1] >= last"


def test_a_game_stream_resumes_after_a_drop_without_missing_or_repeating(
    page: Page, live_server: Server
) -> None:
    player = live_server.new_player("watcher")
    hero = player.character("Vigil")
    game_id = player("game.create", difficulty=1, depth=1, max_players=2)["id"]
    joined = player("game.join", game_id=game_id, character_id=hero)
    log_in(page, player)

    subscribed_after: list[int] = []
    sockets: list[WebSocketRoute] = []

    def through_the_test(socket: WebSocketRoute) -> None:
        """Pass every message on, noting each subscription's after_seq."""
        server = socket.connect_to_server()

        def from_page(message: str | bytes) -> None:
            call = json.loads(message)
            if call.get("method") == "game.subscribe":
                subscribed_after.append(call["params"]["after_seq"])
            server.send(message)

        socket.on_message(from_page)
        sockets.append(socket)

    page.route_web_socket(re.compile(r"/ws\?ticket="), through_the_test)
    page.evaluate(START_STREAM, game_id)
    wait_until(page, "() => window.statuses.includes('live')")
    wait_until(page, SEEN_UP_TO, joined["game"]["version"])

    first = player("action.search", game_id=game_id, character_id=hero)
    wait_until(page, SEEN_UP_TO, first["last_seq"])
    held = page.evaluate("window.stream.lastSeq")
    assert held == first["last_seq"]

    sockets[0].close(code=4000, reason="dropped by the test")
    wait_until(page, "() => window.statuses.filter((s) => s === 'live').length === 2")
    assert subscribed_after == [0, held]
    statuses = page.evaluate("window.statuses")
    assert statuses == ["connecting", "live", "reconnecting", "live"]

    second = player("action.search", game_id=game_id, character_id=hero)
    wait_until(page, SEEN_UP_TO, second["last_seq"])
    seen = page.evaluate("window.seen")
    assert seen == list(range(1, second["last_seq"] + 1)), "every event once, in order, across the drop"

    page.evaluate("window.stream.close()")
    assert page.evaluate("window.statuses.at(-1)") == "closed"
    assert len(sockets) == 2
