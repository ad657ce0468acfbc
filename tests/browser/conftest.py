"""Browser tests: Debian's Chromium, driven by Playwright, against a real `goldbox serve` on 127.0.0.1.

One server for all the browser tests, stopped after the last of them (a fresh SQLite file, rate
limits off, cheap password hashing);
one Chromium per test module (Playwright's sync API runs an event loop of its own, so it must not
outlive the module into the asynchronous tests); a fresh browser context, so a fresh origin
storage, per test. Every test fails on any console error or uncaught page error, except the ones
it declares with `console.allow(...)`. Without /usr/bin/chromium the tests are skipped, except
under CI=true, where they fail.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import (
    Browser,
    ConsoleMessage,
    Error,
    Page,
    Playwright,
    ViewportSize,
    sync_playwright,
)

from tests.browser.accounts import Server
from tests.conftest import sqlite_url, unavailable
from tests.e2e.live_server import LiveServer

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
DESKTOP: ViewportSize = {"width": 1280, "height": 860}
STEP_TIMEOUT_MS = 10_000
WAIT_S = 10.0


@pytest.fixture(scope="package")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One real server for every browser test, on a fresh SQLite database."""
    folder = tmp_path_factory.mktemp("browser-server")
    server = LiveServer(
        env={
            "GOLDBOX_DATABASE_URL": sqlite_url(folder),
            "GOLDBOX_SECRET_KEY": "browser-" + "x" * 40,
            "GOLDBOX_LOG_LEVEL": "warning",
            "GOLDBOX_RATE_LIMITS_ENABLED": "false",
            "GOLDBOX_PASSWORD_HASH_MEMORY_KIB": "1024",
            "GOLDBOX_PASSWORD_HASH_TIME_COST": "1",
        },
        log_path=folder / "server.log",
    )
    # A developer's own GOLDBOX_* settings (a Redis URL, say) must not reach the server.
    with pytest.MonkeyPatch.context() as patch:
        for name in list(os.environ):
            if name.startswith("GOLDBOX_") and not name.startswith("GOLDBOX_TEST_"):
                patch.delenv(name)
        server.start()
    try:
        yield Server(server.url)
    finally:
        server.stop()


@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    if not CHROMIUM.exists():
        unavailable(f"{CHROMIUM} is not installed (apt-get install chromium)")
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    try:
        yield chromium
    finally:
        chromium.close()


@dataclass
class ConsoleWatch:
    """Console errors and uncaught errors of a page; a test declares the ones it expects."""

    seen: list[str] = field(default_factory=list)
    expected: list[re.Pattern[str]] = field(default_factory=list)

    def allow(self, pattern: str) -> None:
        """Expect console errors matching `pattern` (e.g. the browser's line for a 401 the test causes)."""
        self.expected.append(re.compile(pattern))

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            where = message.location.get("url", "")
            self.seen.append(f"console error: {message.text} ({where})")

    def on_page_error(self, error: Error) -> None:
        self.seen.append(f"uncaught page error: {error.message}\n{error.stack or ''}")

    def unexpected(self) -> list[str]:
        return [line for line in self.seen if not any(p.search(line) for p in self.expected)]


@pytest.fixture
def console() -> Iterator[ConsoleWatch]:
    """Where every page of a test reports its console and page errors; the test fails on any it
    did not declare (`console.allow`), whichever page or context they came from."""
    watch = ConsoleWatch()
    yield watch
    unexpected = watch.unexpected()
    if unexpected:
        pytest.fail("the page reported errors:\n" + "\n".join(unexpected), pytrace=False)


@contextmanager
def opened_page(
    browser: Browser,
    server: Server,
    console: ConsoleWatch,
    viewport: ViewportSize = DESKTOP,
    *,
    has_touch: bool | None = None,
    device_scale_factor: float | None = None,
) -> Iterator[Page]:
    """A page in a browser context of its own (its own storage) on `server`, its console errors
    and page errors noted in `console`; the context is closed on leaving."""
    context = browser.new_context(
        base_url=server.url,
        viewport=viewport,
        locale="en-GB",
        has_touch=has_touch,
        device_scale_factor=device_scale_factor,
    )
    context.set_default_timeout(STEP_TIMEOUT_MS)
    tab = context.new_page()
    tab.on("console", console.on_console)
    tab.on("pageerror", console.on_page_error)
    try:
        yield tab
    finally:
        context.close()


@pytest.fixture
def page(browser: Browser, live_server: Server, console: ConsoleWatch) -> Iterator[Page]:
    """A fresh page (its own storage) on the live server, at desktop size; its errors go to the
    test's `console`, which fails the test on any it did not declare."""
    with opened_page(browser, live_server, console) as tab:
        yield tab


def wait_until(page: Page, predicate: str, arg: Any = None) -> None:
    """Poll `predicate` in the page until it holds. (Playwright's wait_for_function evaluates a
    string, which the client's Content-Security-Policy forbids, as it should.)"""
    deadline = time.monotonic() + WAIT_S
    while not page.evaluate(predicate, arg):
        assert time.monotonic() < deadline, f"not within {WAIT_S}s: {predicate}"
        page.wait_for_timeout(50)


def snap(page: Page, name: str) -> Path:
    """Save a screenshot of the whole page as tests/browser/artifacts/<name>.png (git-ignored)."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
