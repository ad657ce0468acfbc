"""Reconnect delays: exponential, jittered, capped, and refused when they make no sense."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from goldbox.client.backoff import Backoff


@given(attempt=st.integers(min_value=0, max_value=10_000), seed=st.integers(min_value=0, max_value=2**32))
def test_every_delay_lies_within_half_its_ceiling_and_the_ceiling(attempt: int, seed: int) -> None:
    backoff = Backoff(first_s=0.5, max_s=8.0)
    ceiling = min(8.0, 0.5 * 2.0**attempt) if attempt < 64 else 8.0
    delay = backoff.delay(attempt, random.Random(seed))
    assert ceiling / 2 <= delay <= ceiling
    assert delay <= backoff.max_s


def test_delays_double_until_the_cap() -> None:
    backoff = Backoff(first_s=1.0, max_s=4.0)
    rng = random.Random(1)
    ceilings = [max(backoff.delay(n, rng) for _ in range(200)) for n in range(5)]
    assert ceilings[0] <= 1.0 < ceilings[1] <= 2.0 < ceilings[2] <= 4.0
    assert ceilings[3] <= 4.0
    assert ceilings[4] <= 4.0


def test_jitter_spreads_clients_apart() -> None:
    """Two clients that lost the server at the same moment do not come back at the same moment."""
    backoff = Backoff()
    assert backoff.delay(3, random.Random(1)) != backoff.delay(3, random.Random(2))


@pytest.mark.parametrize(
    "settings",
    [
        {"first_s": 0.0},
        {"first_s": 5.0, "max_s": 1.0},
        {"factor": 0.5},
        {"give_up_after_s": 0.0},
    ],
)
def test_nonsense_settings_are_refused(settings: dict[str, float]) -> None:
    with pytest.raises(ValueError, match="Backoff"):
        Backoff(**settings)
