"""The username rules: plain ASCII, a safe shape, and case-insensitive uniqueness."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from goldbox.auth.usernames import MAX_LENGTH, MIN_LENGTH, username_key, username_problem

# Written here independently of the module, so the property tests check one against the other.
SHAPE = re.compile(r"[A-Za-z0-9](?:[_.\-]?[A-Za-z0-9])*[_.\-]?", re.ASCII)


@pytest.mark.parametrize(
    "name",
    ["bob", "Alice", "x_y", "r2d2", "Jean-Luc", "j.r.r.tolkien", "007", "a" * MAX_LENGTH, "dash-", "under_"],
)
def test_a_valid_name_is_accepted(name: str) -> None:
    assert username_problem(name) is None


@pytest.mark.parametrize("name", ["", "a", "ab"])
def test_a_short_name_is_refused(name: str) -> None:
    reason = username_problem(name)
    assert reason is not None
    assert str(MIN_LENGTH) in reason


def test_a_long_name_is_refused() -> None:
    for name in ("a" * (MAX_LENGTH + 1), "a" * 1_000_000):
        reason = username_problem(name)
        assert reason is not None
        assert str(MAX_LENGTH) in reason


@pytest.mark.parametrize(
    "name",
    ["bob smith", "bob@home", "bob/../etc", "bob+1", "<script>", "bob\n", "bob\x00x", "bob's", "name!"],
)
def test_a_character_outside_the_allowed_set_is_refused(name: str) -> None:
    reason = username_problem(name)
    assert reason is not None
    assert "ASCII letters, digits" in reason


@pytest.mark.parametrize("name", ["_bob", "-bob", ".bob", "..."])
def test_a_name_cannot_start_with_punctuation(name: str) -> None:
    reason = username_problem(name)
    assert reason is not None
    assert "start" in reason


@pytest.mark.parametrize("name", ["bob..smith", "bob_-smith", "bob-.smith", "ab__", "a.-b"])
def test_two_punctuation_characters_in_a_row_are_refused(name: str) -> None:
    reason = username_problem(name)
    assert reason is not None
    assert "in a row" in reason


@pytest.mark.parametrize(
    "name",
    [
        "\u0430dmin",  # Cyrillic a
        "\uff41dmin",  # fullwidth a
        "admin\u200b",  # zero-width space
        "adm\u0131n",  # dotless i
        "bob\u00e9",
        "\u0430\u0431",  # short and non-ASCII: the look-alike reason wins
    ],
)
def test_a_non_ascii_name_is_refused_as_a_possible_impersonation(name: str) -> None:
    reason = username_problem(name)
    assert reason is not None
    assert "non-ASCII" in reason
    assert "impersonate" in reason


def test_sql_metacharacters_are_refused() -> None:
    reason = username_problem("bob'; DROP TABLE accounts;--")
    assert reason is not None
    assert "'" in reason


def test_the_key_makes_names_differing_only_in_case_collide() -> None:
    assert username_key("Alice") == username_key("aLiCe") == "alice"
    assert username_key("Bob.Smith-2") == "bob.smith-2"
    assert username_key("alice") != username_key("alice_")


@given(st.text(max_size=40))
def test_every_accepted_name_has_the_documented_shape_and_its_key_is_its_lower_case(name: str) -> None:
    if username_problem(name) is None:
        assert SHAPE.fullmatch(name)
        assert MIN_LENGTH <= len(name) <= MAX_LENGTH
        assert username_key(name) == name.lower()


@given(st.from_regex(SHAPE, fullmatch=True).filter(lambda name: MIN_LENGTH <= len(name) <= MAX_LENGTH))
def test_every_name_of_the_documented_shape_is_accepted(name: str) -> None:
    assert username_problem(name) is None


@given(
    st.from_regex(SHAPE, fullmatch=True),
    st.characters(min_codepoint=0x80),
    st.integers(min_value=0),
)
def test_no_name_with_a_non_ascii_character_is_accepted(name: str, intruder: str, at: int) -> None:
    position = at % (len(name) + 1)
    assert username_problem(name[:position] + intruder + name[position:]) is not None
