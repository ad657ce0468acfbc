"""The Genius match tests run the app in-process on SQLite and (in CI) on PostgreSQL with Redis, as
the play tests do, with two toy games registered (tests/genius_toy_games.py) so they do not
depend on the shipped games' rules."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.genius_toy_games import registered
from tests.integration.play.conftest import app, database  # noqa: F401 -- the play tests' fixtures


@pytest.fixture(autouse=True)
def toy_games() -> Iterator[None]:
    with registered():
        yield
