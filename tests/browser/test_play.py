"""The play screens in Chromium against a real server: a new player signs up, makes a character,
learns the game in the tutorial, then goes on a real adventure with a friend who watches it live
in a second browser; the event stream survives a dropped socket; the map fits a phone.

The screens are driven as a player drives them (keys, buttons, clicks on map squares); the tests
read the party's view through the page's read-only hook (`window.__goldbox`, js/play/debug.js) to
choose their moves, never pixels. The dungeons are fixed seeds and every choice is a pure function
of the view, so each run plays the same game, event for event.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, WebSocketRoute, expect

from tests.browser.accounts import PASSWORD, Server, log_in, sign_up
from tests.browser.conftest import ConsoleWatch, opened_page, snap, wait_until
from tests.play_routes import CLOSED_DOOR, Point, direction_of, frontier, route
from tests.tutorial_walk import Choice, Lessons

ADVENTURE_SEED = 25  # a giant rat behind the first door; its treasure three steps away
MOST_ACTIONS = 60
PHONE = ViewportSize(width=375, height=740)
KEYS = {
    "n": "ArrowUp",
    "s": "ArrowDown",
    "e": "ArrowRight",
    "w": "ArrowLeft",
    "ne": "e",
    "nw": "q",
    "se": "c",
    "sw": "z",
}

State = dict[str, Any]


@dataclass
class Screen:
    """One player's play screen: what it shows (through the hook) and how its controls are used.
    With `keys`, attacks are aimed with the keyboard (T, then Enter on the nearest foe)."""

    page: Page
    character_id: str = ""
    keys: bool = False
    shots: list[str] = field(default_factory=list)

    def state(self) -> State:
        found: State = self.page.evaluate("window.__goldbox.state()")
        return found

    def settled(self, after: int = -1) -> State:
        """The view once no action, refresh or walk is under way and it is newer than `after`."""
        self.page.wait_for_function(
            "after => window.__goldbox && window.__goldbox.idle() && window.__goldbox.state().version > after",
            arg=after,
        )
        return self.state()

    def click_square(self, point: Point | list[int]) -> None:
        at = self.page.evaluate("([x, y]) => window.__goldbox.square(x, y)", [point[0], point[1]])
        assert at is not None, f"square {point} is off the map's canvas"
        self.page.mouse.click(at["x"], at["y"])

    def do(self, choice: Choice) -> State:
        """Do an action with the screen's own controls; returns the view after it."""
        before = self.state()["version"]
        method, params = choice
        if method in ("action.move", "action.open_door"):
            direction = params["steps"][0] if method == "action.move" else params["direction"]
            self.page.keyboard.press(KEYS[direction])
        elif method == "action.attack" and self.keys:
            self.page.keyboard.press("t")
            name = next(c["name"] for c in self.state()["view"]["creatures"] if c["id"] == params["target"])
            expect(self.page.get_by_test_id("targeting")).to_contain_text(f"Attack: the {name.lower()}")
            self.page.keyboard.press("Enter")
        elif method == "action.attack":
            self.page.get_by_test_id("action-attack").click()
            self.click_square(self.position_of(params["target"]))
        elif method == "action.cast":
            self.page.get_by_test_id("action-cast").click()
            self.page.get_by_test_id("action-menu").locator(f"[data-spell={params['spell']}]").click()
            expect(self.page.get_by_test_id("targeting")).to_be_visible()
            self.shot("combat-targeting")
            self.click_square(params["point"])
        elif method == "action.rest":
            self.page.get_by_test_id("tab-spellbook").click()
            for level, spells in params["memorise"].items():
                slots = self.page.locator(f"[data-testid=memorise-slot][data-level='{level}']")
                for index, spell in enumerate(spells):
                    slots.nth(index).select_option(spell)
            self.shot("spellbook")
            self.page.get_by_test_id("memorise").click()
        elif method == "action.pickup":
            self.page.get_by_test_id("tab-inventory").click()
            self.page.locator(
                f"[data-testid=inventory] [data-action=pickup][data-item='{params['item']}']"
            ).click()
        elif method == "action.end_turn":
            self.page.get_by_test_id("action-end-turn").click()
        else:
            raise AssertionError(f"the test cannot do {method}")
        return self.settled(before)

    def position_of(self, creature_id: str) -> list[int]:
        view = self.state()["view"]
        found: list[int] = next(c for c in view["creatures"] + view["party"] if c["id"] == creature_id)[
            "position"
        ]
        return found

    def logged(self, event_type: str) -> list[str]:
        """The story's lines told for events of a type."""
        lines: list[str] = self.page.locator(
            f"[data-testid=combat-log] li[data-type='{event_type}']"
        ).all_inner_texts()
        return lines

    def shot(self, name: str) -> None:
        if name not in self.shots:
            self.shots.append(name)
            snap(self.page, name)


# ------------------------------------------------------------------------------ choosing moves
def _here(view: State, me: str) -> Point:
    x, y = next(s for s in view["party"] if s["id"] == me)["position"]
    return (x, y)


def _distance(a: Point, b: Point) -> int:
    return max(abs(a[0] - b[0]), abs(a[1] - b[1]))


def _foes(view: State) -> list[dict[str, Any]]:
    return [
        c for c in view["creatures"] if c["side"] == "monsters" and c["status"] == "active" and c["position"]
    ]


def _step(view: State, here: Point, goals: set[Point]) -> Choice | None:
    """A step on the shortest known way round everyone to `goals`, opening a door in the way."""
    standing = {
        (c["position"][0], c["position"][1]) for c in view["creatures"] + view["party"] if c["position"]
    }
    way = route(view["map"]["rows"], here, goals - {here}, standing - goals)
    if not way:
        return None
    direction = direction_of(here, way[0])
    if view["map"]["rows"][way[0][1]][way[0][0]] == CLOSED_DOOR:
        return ("action.open_door", {"direction": direction})
    return ("action.move", {"steps": [direction]})


def battle_turn(view: State, me: str) -> Choice:
    """Strike the nearest foe next to you, else step towards it, else end the turn."""
    here = _here(view, me)
    foes = sorted(_foes(view), key=lambda c: (_distance(here, tuple(c["position"])), c["id"]))
    if not foes:
        return ("action.end_turn", {})
    there = (foes[0]["position"][0], foes[0]["position"][1])
    if _distance(here, there) <= 1:
        return ("action.attack", {"target": foes[0]["id"]})
    if view["combat"]["movement_left"] > 0:
        return _step(view, here, {there}) or ("action.end_turn", {})
    return ("action.end_turn", {})


def explore(view: State, me: str) -> Choice:
    """Walk towards the monsters in sight, else the nearest unexplored edge."""
    foes = {(c["position"][0], c["position"][1]) for c in _foes(view)}
    choice = _step(view, _here(view, me), foes or frontier(view["map"]["rows"]))
    assert choice is not None, "the party found no way on"
    return choice


def loot(view: State, me: str) -> Choice:
    """Walk to the nearest treasure and pick up the first thing there."""
    here = _here(view, me)
    rows = view["map"]["rows"]
    lying = [
        (len(way), f["item"]["uid"], (f["point"][0], f["point"][1]))
        for f in view["floor"]
        if (way := route(rows, here, {(f["point"][0], f["point"][1])}, set())) is not None
    ]
    assert lying, "no treasure in sight"
    _, uid, goal = min(lying)
    if goal == here:
        return ("action.pickup", {"item": uid})
    choice = _step(view, here, {goal})
    assert choice is not None
    return choice


# ------------------------------------------------------------------------------------ fixtures
@pytest.fixture
def second_page(browser: Browser, live_server: Server, console: ConsoleWatch) -> Iterator[Page]:
    """Another player's browser: its own context and storage, watched for errors like the first."""
    with opened_page(browser, live_server, console) as tab:
        yield tab


def create_fighter(page: Page, name: str) -> None:
    form = page.get_by_test_id("create-character")
    form.get_by_test_id("character-race").select_option("human")
    form.get_by_test_id("character-class").select_option("fighter")
    form.get_by_test_id("method-standard_array").check()
    form.get_by_test_id("character-name").fill(name)
    form.get_by_test_id("create-character-submit").click()
    expect(page.get_by_test_id("created-character")).to_contain_text(f"{name} is ready")


def open_play(page: Page, game_id: str, character_id: str) -> Screen:
    page.goto(f"/#/play/{game_id}/{character_id}")
    expect(page.get_by_test_id("map-canvas")).to_be_visible()
    screen = Screen(page, character_id)
    screen.settled()
    return screen


# --------------------------------------------------------------------------------------- tests
def play_the_tutorial(page: Page) -> None:
    """From the intro to the last lesson checked off, each lesson done with the screen's controls."""
    page.get_by_test_id("nav-tutorial").click()
    expect(page.get_by_test_id("tutorial-intro")).to_be_visible()
    page.get_by_test_id("tutorial-start").click()
    expect(page.get_by_test_id("tutorial-steps")).to_be_visible()
    screen = Screen(page)
    view = screen.settled()
    (apprentice,) = view["view"]["party"]
    assert (apprentice["name"], apprentice["class_id"]) == ("Apprentice", "mage")
    expect(page.get_by_test_id("lesson-memorise")).to_have_attribute("aria-current", "step")
    snap(page, "tutorial-start")
    lessons = Lessons(apprentice["id"])
    came_back = False
    for _ in range(MOST_ACTIONS):
        choice = lessons.next(view["view"])
        if choice is None:
            break
        view = screen.do(choice)
        if view["view"]["combat"] is not None:
            screen.shot("tutorial-combat")
        if not came_back and page.get_by_test_id("lesson-door").get_attribute("data-done") == "true":
            view = come_back_to_the_tutorial(screen)
            came_back = True
    else:
        raise AssertionError("the tutorial took too many actions")
    for lesson in ("memorise", "walk", "door", "cast", "fight", "loot"):
        expect(page.get_by_test_id(f"lesson-{lesson}")).to_have_attribute("data-done", "true")
    expect(page.get_by_test_id("tutorial-done")).to_be_visible()
    assert screen.logged("combat.started") == ["Battle! The party faces 2 giant rats."]
    assert screen.logged("spell.cast") == ["Apprentice casts Sleep."]
    assert any("falls asleep" in line for line in screen.logged("effect.applied"))
    assert screen.logged("creature.died"), "a rat died"
    snap(page, "tutorial-complete")


def come_back_to_the_tutorial(screen: Screen) -> State:
    """Leave the page mid-tutorial and come back: it continues, the lessons done read from the game's
    history are checked off again."""
    page = screen.page
    page.reload()
    page.get_by_test_id("tutorial-continue").click()
    for lesson in ("memorise", "walk", "door"):
        expect(page.get_by_test_id(f"lesson-{lesson}")).to_have_attribute("data-done", "true")
    expect(page.get_by_test_id("lesson-cast")).to_have_attribute("data-done", "false")
    return screen.settled()


def test_a_new_player_learns_in_the_tutorial_then_adventures_with_a_friend_watching(
    page: Page, second_page: Page, live_server: Server
) -> None:
    username = sign_up(page, "brom")
    create_fighter(page, "Brom")
    play_the_tutorial(page)
    account = live_server.rpc("auth.login", {"username": username, "password": PASSWORD})["account"]["id"]
    assert page.evaluate(f"localStorage.getItem('goldbox.tutorial.status.{account}')") == "completed"
    page.get_by_test_id("tutorial-adventure").click()
    page.wait_for_url("**/#/lobby")

    friend = live_server.new_player("bea")
    bea = friend.character("Bea", "cleric")
    game = friend("game.create", seed=ADVENTURE_SEED, difficulty=1, depth=2, max_players=2)
    friend("game.join", game_id=game["id"], character_id=bea)

    page.get_by_test_id("refresh-games").click()
    fighter = page.get_by_test_id("play-as").locator("option", has_text="Brom").get_attribute("value")
    page.get_by_test_id("play-as").select_option(fighter)
    page.locator(f"[data-game-id='{game['id']}'] [data-testid=join-game]").click()
    page.wait_for_url(f"**/#/play/{game['id']}/**")
    brom = Screen(page, keys=True)
    view = brom.settled()
    brom.character_id = view["selected"]
    assert [s["name"] for s in view["view"]["party"]] == ["Bea", "Brom"]

    log_in(second_page, friend)
    watcher = open_play(second_page, game["id"], bea)
    screens = {brom.character_id: brom, bea: watcher}

    looted = fought = False
    for _ in range(MOST_ACTIONS):
        # Both screens show the game as it is now before anyone chooses (the one who did not act
        # learns of it from the stream).
        latest = max(brom.settled()["version"], watcher.settled()["version"])
        shown = brom.settled(latest - 1)
        watcher.settled(latest - 1)
        battle = shown["view"]["combat"]
        if battle is not None:
            actor = screens[battle["actor"]]
            choice = battle_turn(shown["view"], actor.character_id)
            if actor is brom:
                expect(page.get_by_test_id("turn-timer")).to_have_text(re.compile(r"^[01]:\d\d$"))
                expect(page.get_by_test_id("initiative-bar")).to_contain_text("Your turn: Brom")
            actor.do(choice)
            brom.shot("adventure-combat")
            fought = True
        elif not fought:
            brom.do(explore(shown["view"], brom.character_id))
        elif not looted:
            choice = loot(shown["view"], brom.character_id)
            looted = choice[0] == "action.pickup"
            brom.do(choice)
        else:
            break
    else:
        raise AssertionError("the adventure took too many actions")

    after = brom.state()
    me = next(s for s in after["view"]["party"] if s["id"] == brom.character_id)
    assert brom.logged("creature.died"), "a monster was fought to its death"
    assert brom.logged("item.picked_up")[-1].startswith("Brom picks up")
    assert me["status"] == "active"
    page.get_by_test_id("tab-sheet").click()
    expect(page.get_by_test_id("character-sheet")).to_contain_text("Level 1 Human Fighter")
    expect(page.get_by_test_id("character-sheet").locator("[data-stat=xp] dd")).to_have_text(str(me["xp"]))
    snap(page, "character-sheet")
    page.get_by_test_id("tab-quests").click()
    expect(page.get_by_test_id("quest-log")).to_contain_text(after["view"]["quests"][0]["title"])
    snap(page, "quest-log")

    # The friend's browser was open all along and saw it happen, live: the same story, in order.
    final = watcher.settled(after["version"] - 1)
    assert final["version"] == after["version"]
    assert watcher.logged("creature.died") == brom.logged("creature.died")
    assert watcher.logged("door.opened") == ["Brom opens the door."]
    assert watcher.logged("item.picked_up") == brom.logged("item.picked_up")
    seqs = second_page.evaluate("window.__goldbox.seqs()")
    assert seqs == sorted(set(seqs))
    snap(second_page, "friend-watching")

    equip_by_drag_and_click(brom)


def equip_by_drag_and_click(screen: Screen) -> None:
    """Drag the dagger from the pack onto the worn things (the long sword goes back to the pack),
    then wield the long sword again with its button."""
    page = screen.page
    page.get_by_test_id("tab-inventory").click()
    inventory = page.get_by_test_id("inventory")
    before = screen.state()["version"]
    inventory.locator("[data-zone=pack] [data-base=dagger]").drag_to(inventory.locator("[data-zone=worn]"))
    screen.settled(before)
    expect(inventory.locator("[data-zone=worn] [data-base=dagger]")).to_be_visible()
    expect(inventory.locator("[data-zone=pack] [data-base=long_sword]")).to_be_visible()
    assert screen.logged("item.equipped")[-1] == "Brom readies the dagger."
    snap(page, "inventory")
    before = screen.state()["version"]
    inventory.locator("[data-zone=pack] [data-base=long_sword] [data-action=equip]").click()
    screen.settled(before)
    expect(inventory.locator("[data-zone=worn] [data-base=long_sword]")).to_be_visible()


def test_the_stream_recovers_from_a_dropped_socket_and_misses_nothing(
    page: Page, live_server: Server
) -> None:
    sockets: list[WebSocketRoute] = []
    cut = {"on": False}

    def through(socket: WebSocketRoute) -> None:
        if cut["on"]:
            socket.close(code=1006, reason="network down")
            return
        socket.connect_to_server()
        sockets.append(socket)

    page.route_web_socket(re.compile(r"/ws(\?|$)"), through)
    me, friend = live_server.new_player("ann"), live_server.new_player("ben")
    ann, ben = me.character("Ann", "fighter"), friend.character("Ben", "fighter")
    game = me("game.create", seed=ADVENTURE_SEED, difficulty=1, depth=2, max_players=2)
    me("game.join", game_id=game["id"], character_id=ann)
    friend("game.join", game_id=game["id"], character_id=ben)
    log_in(page, me)
    screen = open_play(page, game["id"], ann)
    banner = page.get_by_test_id("connection-banner")
    expect(banner).to_have_text("Connected")
    start = screen.state()["version"]

    cut["on"] = True
    sockets[-1].close(code=1006, reason="network down")
    expect(banner).to_have_text("Reconnecting…")
    snap(page, "stream-reconnecting")
    shown: list[int] = []
    for direction in ("e", "e", "w"):
        moved = friend("action.move", game_id=game["id"], character_id=ben, steps=[direction])
        shown += [event["seq"] for event in moved["events"]]
    cut["on"] = False
    expect(banner).to_have_text("Connected", timeout=20_000)
    final = screen.settled(moved["last_seq"] - 1)
    assert final["version"] == moved["last_seq"]
    seqs = page.evaluate("window.__goldbox.seqs()")
    assert set(shown) <= set(seqs), "every event Ann may see arrived after the reconnect"
    assert seqs == sorted(set(seqs)), "none twice"
    assert [s for s in seqs if s > start] == sorted(shown)
    ben_now = next(s for s in final["view"]["party"] if s["id"] == ben)
    assert ben_now["position"] == next(c for c in moved["view"]["party"] if c["id"] == ben)["position"]
    snap(page, "stream-recovered")


def test_the_map_fits_a_phone_and_walks_by_key_and_by_touch(
    browser: Browser, live_server: Server, console: ConsoleWatch
) -> None:
    with opened_page(browser, live_server, console, PHONE, has_touch=True, device_scale_factor=2) as page:
        player = live_server.new_player("pia")
        pia = player.character("Pia", "fighter")
        game = player("game.create", seed=ADVENTURE_SEED, difficulty=1, depth=2, max_players=1)
        player("game.join", game_id=game["id"], character_id=pia)
        log_in(page, player)
        screen = open_play(page, game["id"], pia)
        canvas = page.get_by_test_id("map-canvas").bounding_box()
        assert canvas is not None
        assert 300 <= canvas["width"] <= PHONE["width"]
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], (
            "nothing sticks out sideways"
        )
        backing = page.evaluate(
            "(() => { const c = document.querySelector('[data-testid=map-canvas]'); return c.width / c.clientWidth; })()"
        )
        assert backing == 2, "the canvas is drawn at the screen's pixel density"
        snap(page, "map-phone")

        start = screen.state()
        here = _here(start["view"], pia)
        screen.do(explore(start["view"], pia))
        moved = screen.state()
        assert _here(moved["view"], pia) != here
        rows = moved["view"]["map"]["rows"]
        goal = next(
            (x, y)
            for y, row in enumerate(rows)
            for x, glyph in enumerate(row)
            if glyph == "." and 2 <= len(route(rows, _here(moved["view"], pia), {(x, y)}, set()) or []) <= 4
        )
        before = moved["version"]
        at = page.evaluate("([x, y]) => window.__goldbox.square(x, y)", list(goal))
        page.touchscreen.tap(at["x"], at["y"])
        tapped = screen.settled(before)
        assert _here(tapped["view"], pia) == goal
        snap(page, "map-phone-walked")

        page.set_viewport_size({"width": 1440, "height": 900})
        wait_until(page, "() => document.querySelector('[data-testid=map-canvas]').clientWidth > 800")
        wide = page.evaluate(
            "(() => { const c = document.querySelector('[data-testid=map-canvas]'); return [c.width, c.clientWidth]; })()"
        )
        assert wide[0] == 2 * wide[1], "redrawn at the new size, still at the screen's density"
        snap(page, "map-desktop-1440")

        searched = tapped["version"]
        page.get_by_test_id("action-search").dblclick()
        screen.settled(searched)
        expect(page.locator("[data-testid=combat-log] li[data-type='creature.searched']")).to_have_count(1)
        assert screen.state()["version"] == searched + 2, "one search: its command and what it found"
