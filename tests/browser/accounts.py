"""Players for the browser tests: set up over the public API (fast), then used through the page."""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass
from typing import Any

import httpx2 as httpx
from playwright.sync_api import Page, expect

PASSWORD = "a long passphrase"
_ids = itertools.count(1)


class RpcRefused(Exception):
    """The server answered a set-up call with an error."""

    def __init__(self, error: dict[str, Any]) -> None:
        super().__init__(error)
        self.error = error
        self.code: str = error.get("data", {}).get("code", "")


@dataclass(frozen=True)
class Server:
    url: str

    def rpc(self, method: str, params: dict[str, Any] | None = None, token: str | None = None) -> Any:
        headers = {"authorization": f"Bearer {token}"} if token else {}
        message = {"jsonrpc": "2.0", "id": next(_ids), "method": method, "params": params or {}}
        reply = httpx.post(f"{self.url}/rpc", json=message, headers=headers, timeout=10.0).json()
        if "error" in reply:
            raise RpcRefused(reply["error"])
        return reply["result"]

    def new_player(self, prefix: str = "player") -> Player:
        """A new account with a unique name, logged in over the API."""
        username = unique_name(prefix)
        self.rpc("auth.register", {"username": username, "password": PASSWORD})
        return self.logged_in(username)

    def logged_in(self, username: str) -> Player:
        """The account `username` (its password is PASSWORD), logged in over the API."""
        token = self.rpc("auth.login", {"username": username, "password": PASSWORD})["access_token"]
        return Player(self, username, token)


@dataclass
class Player:
    server: Server
    username: str
    token: str

    def __call__(self, method: str, /, **params: Any) -> Any:
        return self.server.rpc(method, params, self.token)

    def character(self, name: str, class_id: str = "fighter") -> str:
        """A human of the class with the standard array: always allowed."""
        made = self(
            "character.create", name=name, race="human", method="standard_array", **{"class": class_id}
        )
        character_id: str = made["info"]["id"]
        return character_id


def unique_name(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def sign_up(page: Page, prefix: str) -> str:
    """Make a new account through the sign-up page, as a person would (it lands on the
    characters page, logged in); returns its username."""
    username = unique_name(prefix)
    page.goto("/#/signup")
    page.get_by_test_id("signup-username").fill(username)
    page.get_by_test_id("signup-password").fill(PASSWORD)
    page.get_by_test_id("signup-submit").click()
    page.wait_for_url("**/#/characters")
    return username


def log_in(page: Page, player: Player, landing: str = "#/lobby") -> None:
    """Log in through the page, as a person would, and wait for the page after it."""
    page.goto("/#/login")
    page.get_by_test_id("login-username").fill(player.username)
    page.get_by_test_id("login-password").fill(PASSWORD)
    page.get_by_test_id("login-submit").click()
    page.wait_for_url(f"**/{landing}")
    expect(page.get_by_test_id("account-name")).to_have_text(player.username)
