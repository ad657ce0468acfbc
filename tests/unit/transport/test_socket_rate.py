"""A socket's own message rate: a burst up to the limit, then one message per refill."""

from __future__ import annotations

import pytest

from goldbox.transport.socket_rate import SocketRate


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def test_a_burst_up_to_the_limit_then_refusal(clock: FakeClock) -> None:
    rate = SocketRate("5/second", clock)
    assert [rate.allow() for _ in range(6)] == [True] * 5 + [False]
    assert rate.retry_after_s() == pytest.approx(0.2)


def test_tokens_come_back_at_the_limits_pace_and_never_pile_up(clock: FakeClock) -> None:
    rate = SocketRate("10/minute", clock)
    for _ in range(10):
        assert rate.allow()
    assert not rate.allow()
    clock.now += 6  # one token per six seconds
    assert rate.allow()
    assert not rate.allow()
    clock.now += 3600  # a long idle spell refills to the limit, not beyond
    assert sum(rate.allow() for _ in range(20)) == 10
