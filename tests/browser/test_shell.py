"""The browser client's shell in Chromium against a real server: accounts, characters, the lobby,
the leaderboards, sessions that end, layouts at phone and desktop widths, and errors shown to people."""

from __future__ import annotations

import json
import re
import uuid

import pytest
from playwright.sync_api import Page, Request, Route, expect

from tests.browser.accounts import PASSWORD, RpcRefused, Server, log_in
from tests.browser.conftest import ConsoleWatch, snap
from tests.e2e.live_server import ROOT

HTTP_401 = r"status of 401"
PLAY_MODULE = ROOT / "goldbox" / "web" / "static" / "js" / "play" / "index.js"


def rpc_methods(request: Request) -> list[str]:
    """The JSON-RPC methods a request to /rpc calls."""
    if not request.url.endswith("/rpc") or request.method != "POST":
        return []
    body = json.loads(request.post_data or "{}")
    calls = body if isinstance(body, list) else [body]
    return [call.get("method", "") for call in calls]


def test_sign_up_shows_each_refusal_next_to_its_field_until_it_is_fixed_then_offers_the_tutorial(
    page: Page, live_server: Server
) -> None:
    taken = live_server.new_player("taken")
    page.goto("/")
    page.wait_for_url("**/#/login")
    page.get_by_test_id("to-signup").click()
    page.get_by_test_id("signup-username").fill(taken.username)
    page.get_by_test_id("signup-password").fill(PASSWORD)
    page.get_by_test_id("signup-submit").click()
    username_error = page.get_by_test_id("signup-username-error")
    expect(username_error).to_contain_text("taken")
    expect(page.get_by_test_id("signup-username")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_test_id("signup-username")).to_be_focused()
    snap(page, "signup-username-taken")

    fresh = f"ada-{uuid.uuid4().hex[:8]}"
    page.get_by_test_id("signup-username").fill(fresh)
    page.get_by_test_id("signup-password").fill("1234567890")  # long enough, but a common password
    page.get_by_test_id("signup-submit").click()
    expect(page.get_by_test_id("signup-password-error")).to_contain_text("common")
    expect(username_error).to_be_hidden()
    expect(page.get_by_test_id("signup-username")).not_to_have_attribute("aria-invalid", "true")
    snap(page, "signup-weak-password")

    page.get_by_test_id("signup-password").fill(PASSWORD)
    page.get_by_test_id("signup-submit").click()
    page.wait_for_url("**/#/characters")
    expect(page.get_by_test_id("account-name")).to_have_text(fresh)
    expect(page.get_by_test_id("nav-characters")).to_have_attribute("aria-current", "page")
    assert (
        live_server.rpc("auth.login", {"username": fresh, "password": PASSWORD})["account"]["username"]
        == fresh
    )

    # A first-time player is offered the tutorial until they take it or say "not now".
    invite = page.get_by_test_id("tutorial-invite")
    expect(invite).to_be_visible()
    snap(page, "tutorial-invite")
    page.get_by_test_id("tutorial-invite-start").click()
    page.wait_for_url("**/#/tutorial")
    expect(page.get_by_test_id("tutorial-intro")).to_be_visible()
    page.get_by_test_id("nav-lobby").click()
    page.get_by_test_id("tutorial-invite-skip").click()
    expect(page.get_by_test_id("tutorial-invite")).to_be_hidden()
    page.reload()
    expect(page.locator("h1")).to_have_text("Lobby")
    expect(page.get_by_test_id("tutorial-invite")).to_have_count(0)


def test_log_in_with_a_wrong_then_the_right_password_then_log_out(page: Page, live_server: Server) -> None:
    player = live_server.new_player("lin")
    page.goto("/#/login")
    page.get_by_test_id("login-username").fill(player.username)
    page.get_by_test_id("login-password").fill("not the passphrase")
    page.get_by_test_id("login-submit").click()
    expect(page.get_by_test_id("login-password-error")).to_have_text("The username or password is wrong.")
    expect(page.get_by_test_id("nav-lobby")).to_be_hidden()

    page.get_by_test_id("login-password").fill(PASSWORD)
    page.get_by_test_id("login-submit").click()
    page.wait_for_url("**/#/lobby")
    expect(page.get_by_test_id("account-name")).to_have_text(player.username)
    expect(page.locator("h1")).to_have_text("Lobby")

    page.get_by_test_id("logout").click()
    page.wait_for_url("**/#/login")
    expect(page.get_by_test_id("logout")).to_be_hidden()
    assert page.evaluate("localStorage.getItem('goldbox.session')") is None
    page.goto("/#/characters")
    page.wait_for_url(re.compile(r"#/login\?next=%23%2Fcharacters$"))
    for nowhere in ("#/no-such-page", "#/constructor", "#/__proto__"):
        page.goto(f"/{nowhere}")
        expect(page.locator("h1")).to_have_text("Nothing here")


def test_create_characters_seeing_the_class_minimums(page: Page, live_server: Server) -> None:
    player = live_server.new_player("maker")
    log_in(page, player)
    page.get_by_test_id("nav-characters").click()
    expect(page.get_by_test_id("character-list")).to_contain_text("No characters yet")
    form = page.get_by_test_id("create-character")
    form.get_by_test_id("character-race").select_option("human")
    form.get_by_test_id("character-class").select_option("paladin")
    expect(form.get_by_test_id("class-minimums")).to_contain_text("CHA 17")
    form.get_by_test_id("method-point_buy").check()
    expect(form.get_by_test_id("points-left")).to_have_text("Points left: 32 of 32")
    for ability, score in {"str": 12, "int": 9, "wis": 13, "con": 9, "cha": 16}.items():
        form.get_by_test_id(f"score-{ability}").fill(str(score))
    expect(form.get_by_test_id("points-left")).to_have_text("Points left: 11 of 32")
    expect(form.locator("[data-final=cha]")).to_have_text("16 (needs 17)")
    form.get_by_test_id("character-name").fill("Galahad")
    form.get_by_test_id("create-character-submit").click()
    expect(page.locator("#score-cha-error")).to_contain_text("needs CHA 17")
    expect(form.get_by_test_id("score-cha")).to_have_attribute("aria-invalid", "true")
    snap(page, "character-below-minimum")

    form.get_by_test_id("score-cha").fill("17")
    expect(form.get_by_test_id("points-left")).to_have_text("Points left: 8 of 32")
    form.get_by_test_id("create-character-submit").click()
    expect(page.get_by_test_id("created-character")).to_contain_text("Galahad is ready")
    expect(page.get_by_test_id("created-scores")).to_contain_text("CHA 17")

    form.get_by_test_id("character-class").select_option("mage")
    expect(form.get_by_test_id("character-spell")).to_be_visible()
    form.get_by_test_id("method-standard_array").check()
    form.get_by_test_id("character-name").fill("Morgan")
    form.get_by_test_id("create-character-submit").click()
    expect(page.get_by_test_id("created-character")).to_contain_text("Morgan is ready")

    rows = page.get_by_test_id("character-row")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("Galahad")
    expect(rows.nth(0)).to_contain_text("paladin")
    expect(rows.nth(1)).to_contain_text("Morgan")
    snap(page, "characters")
    assert [c["name"] for c in player("character.list")["characters"]] == ["Galahad", "Morgan"]


def test_create_an_adventure_in_the_lobby_and_join_it(
    page: Page, live_server: Server, console: ConsoleWatch
) -> None:
    other = live_server.new_player("brom")
    their_game = other("game.create", difficulty=1, depth=1, max_players=4)["id"]
    other("game.join", game_id=their_game, character_id=other.character("Brom"))
    player = live_server.new_player("host")
    hero = player.character("Aria")
    log_in(page, player)
    theirs = page.locator(f"[data-game-id='{their_game}']")
    expect(theirs.get_by_test_id("game-players")).to_have_text("Brom")

    creates: list[str] = []
    page.on("request", lambda request: creates.extend(m for m in rpc_methods(request) if m == "game.create"))
    form = page.get_by_test_id("create-game")
    form.get_by_test_id("game-difficulty").select_option("2")
    form.get_by_test_id("game-depth").select_option("2")
    form.get_by_test_id("game-size").select_option("2")
    form.get_by_test_id("create-game-submit").dblclick()  # the busy guard sends it once
    row = page.locator(".games li.new")
    expect(row).to_have_count(1)
    game_id = row.get_attribute("data-game-id")
    assert creates == ["game.create"]
    made = {g["id"]: g for g in player("game.list")["games"]}[game_id]
    assert (made["difficulty"], made["depth"], made["max_players"]) == (2, 2, 2)
    expect(row.get_by_test_id("game-players")).to_have_text("nobody yet")
    expect(row.get_by_test_id("join-game")).to_be_focused()
    snap(page, "lobby")

    if not PLAY_MODULE.exists():  # the play screen is another part of the client, built alongside
        console.allow(r"Failed to load resource.*404.*play/index\.js|play/index\.js.*404")
    expect(page.get_by_test_id("play-as")).to_have_value(hero)
    row.get_by_test_id("join-game").click()
    page.wait_for_url(f"**/#/play/{game_id}/{hero}")
    banner = page.get_by_test_id("connection-banner")
    if PLAY_MODULE.exists():  # the play screen opens the game's stream: the banner shows it
        expect(banner).to_have_text("Connected")
        page.get_by_test_id("nav-lobby").click()
        expect(banner).to_be_hidden()
    else:
        expect(page.get_by_test_id("module-error")).to_be_visible()
    seats = {
        p["character_id"] for g in player("game.list")["games"] if g["id"] == game_id for p in g["players"]
    }
    assert seats == {hero}


def test_leaderboards_by_board_and_period_and_around_me(page: Page, live_server: Server) -> None:
    player = live_server.new_player("ranker")
    log_in(page, player)
    page.get_by_test_id("nav-leaderboards").click()
    expect(page.get_by_test_id("leaderboard-top").locator("h2")).to_have_text("Experience: This week")
    expect(page.get_by_test_id("around-unranked")).to_contain_text("not on this board yet")
    page.get_by_test_id("board-depth").check()
    page.get_by_label("All time").check()
    expect(page.get_by_test_id("leaderboard-top").locator("h2")).to_have_text("Deepest: All time")
    page.wait_for_url("**/#/leaderboards?board=depth&period=all")
    board = player("leaderboard.top", board="depth", period="all", limit=20)
    if board["entries"]:
        rows = page.get_by_test_id("leaderboard-table").locator("tbody tr")
        expect(rows).to_have_count(len(board["entries"]))
        expect(rows.first).to_contain_text(board["entries"][0]["user"])
    else:
        expect(page.get_by_test_id("leaderboard-empty")).to_be_visible()
    snap(page, "leaderboards")
    page.reload()
    expect(page.get_by_test_id("leaderboard-top").locator("h2")).to_have_text("Deepest: All time")


def test_an_ended_session_logs_in_again_and_returns_to_the_same_page(
    page: Page, live_server: Server, console: ConsoleWatch
) -> None:
    console.allow(HTTP_401)
    player = live_server.new_player("sleeper")
    log_in(page, player)
    page.goto("/#/leaderboards?board=depth&period=month")
    expect(page.get_by_test_id("leaderboard-top").locator("h2")).to_have_text("Deepest: This month")
    session = json.loads(page.evaluate("localStorage.getItem('goldbox.session')"))
    live_server.rpc("auth.logout", token=session["accessToken"])  # ended elsewhere (another device, say)

    page.get_by_test_id("period-week").click()
    page.wait_for_url(re.compile(r"#/login\?next="))
    expect(page.get_by_test_id("session-notice")).to_contain_text("session has ended")
    snap(page, "session-ended")
    expect(page.get_by_test_id("login-username")).to_have_value(player.username)
    expect(page.get_by_test_id("login-password")).to_be_focused()
    page.get_by_test_id("login-password").fill(PASSWORD)
    page.get_by_test_id("login-submit").click()
    page.wait_for_url("**/#/leaderboards?board=depth&period=week")
    expect(page.get_by_test_id("leaderboard-top").locator("h2")).to_have_text("Deepest: This week")


def test_an_expired_token_is_refreshed_silently(
    page: Page, live_server: Server, console: ConsoleWatch
) -> None:
    console.allow(HTTP_401)
    player = live_server.new_player("napper")
    player.character("Rip")
    log_in(page, player)
    before = json.loads(page.evaluate("localStorage.getItem('goldbox.session')"))
    expired_once: list[str] = []

    def expire_the_first_list(route: Route) -> None:
        if "character.list" in rpc_methods(route.request) and not expired_once:
            expired_once.append(route.request.headers.get("authorization", ""))
            body = {
                "error": {
                    "code": -32013,
                    "message": "The token has expired.",
                    "data": {"code": "GBX_TOKEN_EXPIRED", "correlation_id": "expired-1", "details": None},
                }
            }
            route.fulfill(status=401, content_type="application/json", body=json.dumps(body))
        else:
            route.continue_()

    page.route("**/rpc", expire_the_first_list)
    page.get_by_test_id("nav-characters").click()
    expect(page.get_by_test_id("character-row")).to_have_count(1)
    expect(page.get_by_test_id("error-panel")).to_be_hidden()
    after = json.loads(page.evaluate("localStorage.getItem('goldbox.session')"))
    assert expired_once == [f"Bearer {before['accessToken']}"]
    assert after["refreshToken"] != before["refreshToken"]
    assert after["accessToken"] != before["accessToken"]
    with pytest.raises(RpcRefused) as spent:  # the page spent it: it works once
        live_server.rpc("auth.refresh", {"refresh_token": before["refreshToken"]})
    assert spent.value.code in {"GBX_SESSION_REVOKED", "GBX_TOKEN_INVALID"}


@pytest.mark.parametrize(("width", "height"), [(375, 812), (1440, 900)])
def test_the_pages_fit_phone_and_desktop_widths(
    page: Page, live_server: Server, width: int, height: int
) -> None:
    player = live_server.new_player("fit")
    player.character("Wren")
    page.set_viewport_size({"width": width, "height": height})
    log_in(page, player)
    for route, heading in (
        ("#/lobby", "Lobby"),
        ("#/characters", "Your characters"),
        ("#/leaderboards", "Leaderboards"),
    ):
        page.goto(f"/{route}")
        expect(page.locator("h1")).to_have_text(heading)
        expect(page.locator("main [aria-busy]")).to_have_count(0)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{route} scrolls sideways by {overflow}px at {width}px"
        for testid in ("nav-lobby", "nav-characters", "nav-leaderboards", "logout"):
            expect(page.get_by_test_id(testid)).to_be_in_viewport()
        snap(page, f"{route.strip('#/')}-{width}")


def test_keyboard_users_reach_every_control_with_a_visible_focus(page: Page, live_server: Server) -> None:
    page.goto("/#/login")
    expect(page.get_by_test_id("login-username")).to_be_focused()
    page.evaluate("document.activeElement.blur()")
    reached: dict[str, str] = {}
    for _ in range(8):
        page.keyboard.press("Tab")
        name, outline = page.evaluate(
            """() => {
                const element = document.activeElement;
                const name = element.dataset.testid || element.className || element.tagName;
                return [name, getComputedStyle(element).outlineStyle];
            }"""
        )
        reached[name] = outline
    for control in ("skip-link", "login-username", "login-password", "login-submit", "to-signup"):
        assert control in reached, f"Tab never reached {control}: {list(reached)}"
        assert reached[control] != "none", f"{control} has no visible focus"
    page.locator(".skip-link").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#app")).to_be_focused()
    assert page.url.endswith("#/login"), "the skip link moves focus, not the route"
    for label in ("Username", "Password"):
        expect(page.get_by_label(label, exact=True)).to_be_visible()


def test_a_refusal_is_shown_with_its_correlation_id_and_a_broken_reply_never_as_raw_text(
    page: Page, live_server: Server, console: ConsoleWatch
) -> None:
    console.allow(r"status of 502")
    player = live_server.new_player("late")
    player.character("Tarry")
    rival = live_server.new_player("quick")
    game_id = rival("game.create", difficulty=1, depth=1, max_players=1)["id"]
    log_in(page, player)
    join = page.locator(f"[data-game-id='{game_id}']").get_by_test_id("join-game")
    expect(join).to_be_enabled()
    rival("game.join", game_id=game_id, character_id=rival.character("Swift"))  # the last seat goes first

    with page.expect_response("**/rpc") as answer:
        join.click()
    correlation_id = answer.value.header_value("x-request-id")
    panel = page.get_by_test_id("error-panel")
    expect(panel).to_be_visible()
    expect(panel.get_by_test_id("error-message")).to_have_attribute("data-code", "GBX_GAME_FULL")
    expect(panel.get_by_test_id("error-correlation-id")).to_have_text(correlation_id or "")
    assert correlation_id
    assert "{" not in (panel.text_content() or "")
    snap(page, "error-game-full")
    panel.get_by_test_id("error-dismiss").click()
    expect(panel).to_be_hidden()

    def broken_gateway(route: Route) -> None:
        if "game.list" in rpc_methods(route.request):
            html = "<html><body><h1>502 Bad Gateway</h1></body></html>"
            route.fulfill(
                status=502, content_type="text/html", headers={"x-request-id": "proxy-42"}, body=html
            )
        else:
            route.continue_()

    page.route("**/rpc", broken_gateway)
    page.get_by_test_id("refresh-games").click()
    expect(panel.get_by_test_id("error-message")).to_contain_text("unexpected reply (HTTP 502)")
    expect(panel.get_by_test_id("error-correlation-id")).to_have_text("proxy-42")
    assert "<" not in (panel.text_content() or "")


def test_a_screen_that_cannot_be_loaded_is_explained_in_the_page(
    page: Page, live_server: Server, console: ConsoleWatch
) -> None:
    console.allow(r"status of 404")
    player = live_server.new_player("early")
    log_in(page, player)
    page.route("**/js/play/tutorial.js", lambda route: route.fulfill(status=404, body="not here"))
    page.get_by_test_id("nav-tutorial").click()
    error = page.get_by_test_id("module-error")
    expect(error).to_be_visible()
    expect(page.locator("h1")).to_have_text("The tutorial could not be loaded")
    expect(error.get_by_test_id("error-hint")).to_contain_text("Reload the page")
    page.get_by_role("link", name="Back to the lobby").click()
    expect(page.locator("h1")).to_have_text("Lobby")


def test_logging_out_in_one_tab_logs_out_the_others(page: Page, live_server: Server) -> None:
    player = live_server.new_player("twotabs")
    log_in(page, player)
    page.get_by_test_id("nav-characters").click()
    other = page.context.new_page()
    other.goto("/#/lobby")
    expect(other.get_by_test_id("account-name")).to_have_text(player.username)
    other.get_by_test_id("logout").click()
    other.wait_for_url("**/#/login")
    page.wait_for_url(re.compile(r"#/login\?next=%23%2Fcharacters$"))
    expect(page.get_by_test_id("logout")).to_be_hidden()
