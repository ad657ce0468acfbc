"""Dice expressions: parsing, bounds, keeping the highest, and clear errors for typos."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from goldbox.game.dice import Dice, roll
from goldbox.game.errors import RuleError
from goldbox.game.rng import Rng


@pytest.mark.parametrize(
    ("text", "dice"),
    [
        ("1d8", Dice(1, 8)),
        ("d6", Dice(1, 6)),
        ("2d4+1", Dice(2, 4, 1)),
        ("3d6 - 2", Dice(3, 6, -2)),
        ("4d6kh3", Dice(4, 6, 0, 3)),
        ("5", Dice(0, 0, 5)),
        (7, Dice(0, 0, 7)),
    ],
)
def test_parse(text: str | int, dice: Dice) -> None:
    assert Dice.parse(text) == dice


@pytest.mark.parametrize("text", ["", "d", "2d", "1d0", "0d6", "1dd8", "2d6+", "abc", "4d6kh5", "101d6"])
def test_malformed_expressions_are_rule_errors(text: str) -> None:
    with pytest.raises(RuleError) as caught:
        Dice.parse(text)
    assert caught.value.code == "DICE_INVALID"


@given(
    st.integers(min_value=1, max_value=10),
    st.integers(min_value=1, max_value=20),
    st.integers(min_value=-5, max_value=5),
    st.integers(min_value=0, max_value=2**32),
)
def test_rolls_stay_within_bounds(count: int, sides: int, modifier: int, seed: int) -> None:
    dice = Dice(count, sides, modifier)
    rng = Rng(seed)
    assert all(dice.minimum <= dice.roll(rng) <= dice.maximum for _ in range(10))
    assert Dice.parse(str(dice)) == dice


def test_keep_highest_drops_the_lowest() -> None:
    rng = Rng(11)
    rolls = [roll("4d6kh3", rng) for _ in range(2000)]
    assert min(rolls) >= 3
    assert max(rolls) <= 18
    # 4d6 drop lowest averages about 12.24, above the 10.5 of 3d6
    assert 11.8 < sum(rolls) / len(rolls) < 12.7
    assert Dice.parse("4d6kh3").maximum == 18
    assert Dice.parse("4d6kh3").minimum == 3


def test_average_and_text() -> None:
    assert Dice.parse("2d4+1").average == 6.0
    assert str(Dice.parse("3d6-2")) == "3d6-2"
    assert str(Dice.parse("5")) == "5"
