"""The Genius games' pages in Chromium against a real server: a Minority Game made in the lobby and
played to its end by clicking while a second browser watches it live, a Prisoner's Dilemma round
sealed (once, on a double click) against another person, a short Liar's Dice, and the standings
of a bots-only round robin made with the tournament form, then one of its matches replayed."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Request, ViewportSize, WebSocketRoute, expect

from tests.browser.accounts import Server, log_in, sign_up
from tests.browser.conftest import STEP_TIMEOUT_MS, ConsoleWatch, snap

PHONE: ViewportSize = {"width": 375, "height": 812}
MINORITY_ROUNDS = 3
TOURNAMENT_TIMEOUT_MS = 30_000


def acts_sent(request: Request, seen: list[str]) -> None:
    """Note each match.act the page sends."""
    if request.url.endswith("/rpc") and request.method == "POST":
        body = json.loads(request.post_data or "{}")
        seen.extend(
            call["method"]
            for call in (body if isinstance(body, list) else [body])
            if call.get("method") == "match.act"
        )


def match_id_of(page: Page) -> str:
    page.wait_for_url(re.compile(r"#/genius/match/[^/]+$"))
    return page.url.rsplit("/", 1)[-1]


def no_sideways_scroll(page: Page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px"


@pytest.fixture
def second_context(browser: Browser, live_server: Server) -> Iterator[tuple[BrowserContext, ConsoleWatch]]:
    """Another browser (its own storage), at phone width, failing the test on its console errors."""
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, locale="en-GB")
    context.set_default_timeout(STEP_TIMEOUT_MS)
    watch = ConsoleWatch()
    context.on("console", watch.on_console)
    context.on("weberror", lambda error: watch.seen.append(f"uncaught page error: {error.error}"))
    try:
        yield context, watch
    finally:
        context.close()
    unexpected = watch.unexpected()
    if unexpected:
        pytest.fail("the second browser reported errors:\n" + "\n".join(unexpected), pytrace=False)


def test_a_minority_game_made_in_the_lobby_is_played_to_its_end_while_a_spectator_watches_live(
    page: Page, live_server: Server, second_context: tuple[BrowserContext, ConsoleWatch]
) -> None:
    player = live_server.logged_in(sign_up(page, "minority"))
    page.get_by_test_id("nav-genius").click()
    expect(page.locator("h1")).to_have_text("Genius games")
    expect(page.get_by_test_id("nav-genius")).to_have_attribute("aria-current", "page")
    expect(page.get_by_test_id("genius-game")).to_have_count(5)
    snap(page, "genius-lobby")

    form = page.get_by_test_id("new-match")
    form.get_by_test_id("match-game").select_option("minority")
    form.get_by_test_id("option-rounds").fill(str(MINORITY_ROUNDS))
    form.get_by_test_id("new-bot-strategy").select_option("random")
    form.get_by_test_id("new-add-bot").click()
    form.get_by_test_id("new-bot-strategy").select_option("inductive")
    form.get_by_test_id("new-add-bot").click()
    expect(form.get_by_test_id("new-bot")).to_have_count(2)
    expect(form.get_by_test_id("match-seats")).to_have_value("3")
    form.get_by_test_id("create-match").click()
    match_id = match_id_of(page)
    expect(page.get_by_test_id("match-who")).to_contain_text("You sit in seat 1")
    expect(page.get_by_test_id("connection-banner")).to_have_text("Connected")

    context, _ = second_context
    watcher = live_server.new_player("watcher")
    spectator = context.new_page()
    log_in(spectator, watcher)
    spectator.goto(f"/#/genius/match/{match_id}")
    expect(spectator.get_by_test_id("spectating")).to_have_text("Spectating")
    expect(spectator.get_by_test_id("connection-banner")).to_have_text("Connected")
    expect(spectator.get_by_test_id("action-controls").locator("button")).to_have_count(0)

    for number in range(1, MINORITY_ROUNDS + 1):
        expect(page.get_by_test_id("match-round")).to_have_text(f"Round {number}")
        expect(spectator.get_by_test_id("match-round")).to_have_text(f"Round {number}")
        expect(page.get_by_test_id("round-countdown")).to_contain_text(f"left in round {number}")
        bots = page.get_by_test_id("seat").filter(has_text="bot:")
        expect(bots.get_by_test_id("seat-status")).to_have_text(["✔ sealed", "✔ sealed"])
        side = page.get_by_test_id("choice-A" if number % 2 else "choice-B")
        if number == 1:
            side.click()
        else:  # by keyboard: the focus came back to the new round's first side
            if number == 2:
                page.keyboard.press("Tab")
            expect(side).to_be_focused()
            page.keyboard.press("Enter")
        expect(spectator.get_by_test_id("history-round")).to_have_count(number)  # live, without a reload
        if number < MINORITY_ROUNDS:  # after the last, the result says the match is over
            expect(spectator.get_by_test_id("round-result")).to_contain_text(f"Round {number}:")
        if number == 1:
            snap(page, "genius-minority-play")

    outcome = page.get_by_test_id("outcome")
    expect(outcome).to_be_visible()
    state = player("match.state", match_id=match_id)
    scores = state["match"]["outcome"]["scores"]
    shown = {
        int(row.get_attribute("data-seat") or -1): float(row.get_by_test_id("outcome-score").inner_text())
        for row in outcome.get_by_test_id("outcome-row").all()
    }
    assert shown == dict(enumerate(scores))
    assert sum(scores) == sum(
        min(r["counts"]["A"], r["counts"]["B"]) for r in state["view"]["history"]
    )  # each round's points are its minority's head count
    expect(page.get_by_test_id("history-round")).to_have_count(MINORITY_ROUNDS)
    expect(page.get_by_test_id("connection-banner")).to_be_hidden()
    snap(page, "genius-outcome")

    expect(spectator.get_by_test_id("outcome")).to_be_visible()
    expect(spectator.get_by_test_id("outcome-score")).to_have_text(
        [s.inner_text() for s in outcome.get_by_test_id("outcome-score").all()]
    )
    no_sideways_scroll(spectator)

    page.get_by_test_id("replay-link").click()
    expect(page.get_by_test_id("replay-round")).to_have_text("Round 1")
    expect(page.get_by_test_id("replay-action")).to_have_count(3)
    expect(page.get_by_test_id("replay-action").first).to_contain_text("side A")
    page.get_by_test_id("replay-next").click()
    expect(page.get_by_test_id("replay-round")).to_have_text("Round 2")
    expect(page.get_by_test_id("replay-action").first).to_contain_text("side B")
    snap(page, "genius-replay")


def test_a_prisoners_dilemma_round_is_sealed_once_and_resolved_while_the_connection_is_down(
    page: Page, live_server: Server
) -> None:
    player = live_server.new_player("prisoner")
    rival = live_server.new_player("rival")
    log_in(page, player)
    sockets: list[WebSocketRoute] = []
    offline: list[bool] = []

    def network(socket: WebSocketRoute) -> None:
        """Pass the page's sockets to the server, or, while offline, cut each one at once."""
        if offline:
            socket.close(code=4000, reason="offline")
            return
        socket.connect_to_server()
        sockets.append(socket)

    page.route_web_socket(re.compile(r"/ws\?ticket="), network)
    page.goto("/#/genius")
    form = page.get_by_test_id("new-match")
    form.get_by_test_id("match-game").select_option("prisoners_dilemma")
    form.get_by_test_id("option-max_rounds").fill("1")
    form.get_by_test_id("create-match").click()
    match_id = match_id_of(page)
    expect(page.get_by_test_id("match-start")).to_be_disabled()  # alone at the table
    rival("match.join", match_id=match_id)
    expect(page.get_by_test_id("seat")).to_have_count(2)  # seen live
    page.get_by_test_id("match-start").click()
    expect(page.get_by_test_id("match-round")).to_have_text("Round 1")

    acts: list[str] = []
    page.on("request", lambda request: acts_sent(request, acts))
    page.get_by_test_id("move-1-C").check()
    page.get_by_test_id("pd-submit").dblclick()
    expect(page.get_by_test_id("sealed-action")).to_contain_text(f"Sealed: C against {rival.username}")
    assert acts == ["match.act"]
    snap(page, "genius-pd-sealed")
    rival_seat = page.get_by_test_id("seat").nth(1)
    expect(rival_seat.get_by_test_id("seat-status")).to_have_text("… choosing…")
    assert player("match.state", match_id=match_id)["acted"] == [0]

    banner = page.get_by_test_id("connection-banner")
    expect(banner).to_have_text("Connected")
    offline.append(True)
    sockets[-1].close(code=4000, reason="dropped by the test")
    expect(banner).to_have_text("Reconnecting…")
    rival("match.act", match_id=match_id, action={"move": "D"}, round=1)  # the round resolves meanwhile
    expect(page.get_by_test_id("sealed-action")).to_be_visible()  # nothing reached the page
    offline.clear()
    expect(page.get_by_test_id("pd-round")).to_have_count(1)  # resumed: caught up without a reload
    cells = page.get_by_test_id("pd-round").locator("td.pd-cell")
    expect(cells).to_have_text(["C → 0", "D → 5"])
    expect(page.get_by_test_id("outcome-score")).to_have_text(["5", "0"])  # the best first
    expect(page.get_by_test_id("round-result")).to_contain_text("The match is over")


def test_a_short_liars_dice_is_bid_and_challenged_to_its_end(page: Page, live_server: Server) -> None:
    player = live_server.new_player("bluffer")
    page.set_viewport_size(PHONE)
    log_in(page, player)
    page.goto("/#/genius")
    expect(page.get_by_test_id("genius-game")).to_have_count(5)
    no_sideways_scroll(page)
    match_id = new_match(page, "liars_dice", {"dice_per_player": "1"}, ["probabilistic"])
    expect(page.get_by_test_id("your-dice").locator("svg.die")).to_have_count(1)
    no_sideways_scroll(page)
    snap(page, "genius-liars-dice-375")
    dice = player("match.state", match_id=match_id)["view"]["your_dice"]
    expect(page.get_by_test_id("your-dice")).to_have_attribute("data-dice", ",".join(map(str, dice)))

    expect(page.get_by_test_id("ld-challenge")).to_have_count(0)  # nothing to challenge yet
    expect(page.get_by_test_id("ld-quantity")).to_have_value("1")
    page.get_by_test_id("ld-bid").click()  # seat 1 opens the first hand
    challenge = page.get_by_test_id("ld-challenge")
    expect(challenge.or_(page.get_by_test_id("outcome"))).to_be_visible()
    if challenge.is_visible():  # the bot raised rather than challenge: call it; one die each ends it
        challenge.click()
    expect(page.get_by_test_id("outcome")).to_be_visible()
    expect(page.get_by_test_id("ld-hand")).to_have_count(1)
    expect(page.get_by_test_id("ld-revealed").locator("li")).to_have_count(2)
    no_sideways_scroll(page)
    snap(page, "genius-liars-dice-outcome-375")
    outcome = player("match.state", match_id=match_id)["match"]["outcome"]
    expect(page.get_by_test_id("outcome-row").first).to_have_attribute(
        "data-seat", str(outcome["winners"][0])
    )


def new_match(page: Page, game: str, options: dict[str, str], bots: list[str]) -> str:
    """Make a match in the lobby's form (you and the bots, started at once); returns its id."""
    page.goto("/#/genius")
    form = page.get_by_test_id("new-match")
    form.get_by_test_id("match-game").select_option(game)
    for name, value in options.items():
        form.get_by_test_id(f"option-{name}").fill(value)
    for strategy in bots:
        form.get_by_test_id("new-bot-strategy").select_option(strategy)
        form.get_by_test_id("new-add-bot").click()
    form.get_by_test_id("create-match").click()
    return match_id_of(page)


def test_byzantine_generals_and_consciousness_emergence_are_played_to_their_end(
    page: Page, live_server: Server
) -> None:
    player = live_server.new_player("general")
    log_in(page, player)
    match_id = new_match(page, "byzantine_generals", {"message_rounds": "1"}, ["heuristic"] * 3)
    expect(page.get_by_test_id("bg-orders")).to_contain_text("your preference is to")
    page.get_by_test_id("bg-all-attack").click()
    expect(page.get_by_test_id("bg-to-1")).to_have_value("attack")
    page.get_by_test_id("bg-send").click()
    expect(page.get_by_test_id("bg-sent")).to_contain_text("attack")
    snap(page, "genius-byzantine")
    page.get_by_test_id("bg-vote-attack").click()
    expect(page.get_by_test_id("outcome")).to_be_visible()
    expect(page.get_by_test_id("bg-revealed").locator("tbody tr")).to_have_count(4)
    winners = player("match.state", match_id=match_id)["match"]["outcome"]["winners"]
    expect(page.get_by_test_id("outcome").locator(".badge-good")).to_have_count(len(winners))

    new_match(page, "consciousness_emergence", {"max_rounds": "2"}, ["greedy"])
    expect(page.get_by_test_id("ce-board")).to_be_visible()
    page.get_by_test_id("ce-type").select_option("sensor")
    page.get_by_test_id("ce-x").select_option("9")
    page.get_by_test_id("ce-y").select_option("9")
    page.get_by_test_id("ce-place").click()
    square = r"(placed a sensor at|Collision at) column 9, row 9"  # the bot may pick the same square
    expect(page.get_by_test_id("event-log")).to_contain_text(re.compile(square))
    expect(page.get_by_test_id("match-round")).to_have_text("Round 2")
    snap(page, "genius-consciousness")
    page.get_by_test_id("ce-pass").click()
    expect(page.get_by_test_id("outcome")).to_be_visible()
    expect(page.get_by_test_id("ce-board")).to_have_attribute("aria-label", re.compile(r"neurons"))


def test_the_standings_of_a_bots_only_round_robin_made_with_the_form(page: Page, live_server: Server) -> None:
    player = live_server.new_player("organiser")
    log_in(page, player)
    page.goto("/#/genius")
    page.get_by_test_id("to-tournaments").click()
    expect(page.locator("h1")).to_have_text("Tournaments")
    form = page.get_by_test_id("new-tournament")
    form.get_by_test_id("tournament-game").select_option("prisoners_dilemma")
    expect(form.get_by_test_id("entrant")).to_have_count(4)
    form.get_by_test_id("tournament-option-max_rounds").fill("5")
    form.get_by_test_id("create-tournament").click()
    page.wait_for_url(re.compile(r"#/tournaments/[^/]+$"))
    tournament_id = page.url.rsplit("/", 1)[-1]
    expect(page.get_by_test_id("tournament-state")).to_have_text("finished", timeout=TOURNAMENT_TIMEOUT_MS)

    made = player("tournament.get", tournament_id=tournament_id)
    rows = page.get_by_test_id("standing-row")
    expect(rows).to_have_count(4)
    expect(rows.locator("th")).to_have_text([row["name"] for row in made["standings"]])
    expect(rows.get_by_test_id("standing-points")).to_have_text(
        [str(row["points"]) for row in made["standings"]]
    )
    assert [len(r["tables"]) for r in made["schedule"]] == [2, 2, 2]
    expect(page.get_by_test_id("tournament-table")).to_have_count(6)
    expect(page.get_by_test_id("tournament-status")).to_contain_text(f"{made['leader']} wins")
    snap(page, "tournament-standings")
    page.set_viewport_size(PHONE)
    no_sideways_scroll(page)

    page.get_by_test_id("table-replay").first.click()
    expect(page.get_by_test_id("replay-round")).to_have_text("Round 1")
    expect(page.get_by_test_id("replay-action")).to_have_count(2)
    expect(page.locator("[data-testid=pd-round]")).to_have_count(1)
