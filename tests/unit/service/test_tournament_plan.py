"""A tournament's plan: pairs or tables, the rounds each format allows, and the refusals' rule codes
and params, against the shipped games' own seat rules."""

from __future__ import annotations

from typing import Any

import pytest

from goldbox.game.errors import RuleError
from goldbox.game.genius.registry import game_named
from goldbox.game.genius.standings import Played
from goldbox.service.tournament_plan import ROUND_ROBIN, SWISS, Plan, default_table_size, plan_for

SEED = 11


def plan(game: str, format_: str, entrants: int, rounds: int | None = None, **kwargs: Any) -> Plan:
    rules = game_named(game)
    size = kwargs.pop("table_size", default_table_size(rules))
    return plan_for(rules, format_, entrants, rounds, kwargs.pop("options", {}), SEED, size)


def refusal(
    game: str, format_: str, entrants: int, rounds: int | None = None, **kwargs: Any
) -> tuple[str, str]:
    with pytest.raises(RuleError) as refused:
        plan(game, format_, entrants, rounds, **kwargs)
    return refused.value.code, refused.value.details["path"]


def test_games_two_can_play_go_head_to_head_and_the_others_to_tables() -> None:
    assert default_table_size(game_named("prisoners_dilemma")) == 2
    assert default_table_size(game_named("liars_dice")) == 2
    assert default_table_size(game_named("minority")) == game_named("minority").max_players
    assert (
        default_table_size(game_named("byzantine_generals")) == game_named("byzantine_generals").max_players
    )


def test_round_robin_in_pairs_is_one_cycle_or_a_multiple() -> None:
    assert plan("prisoners_dilemma", ROUND_ROBIN, 4) == Plan(ROUND_ROBIN, 4, None, 3)
    assert plan("prisoners_dilemma", ROUND_ROBIN, 5).rounds == 5
    assert plan("prisoners_dilemma", ROUND_ROBIN, 4, rounds=6).rounds == 6
    assert refusal("prisoners_dilemma", ROUND_ROBIN, 4, rounds=4) == ("BAD_ROUNDS", "params.rounds")


def test_swiss_in_pairs_defaults_to_log2_and_stays_below_n() -> None:
    assert plan("prisoners_dilemma", SWISS, 8).rounds == 3
    assert plan("prisoners_dilemma", SWISS, 5).rounds == 3
    assert plan("prisoners_dilemma", SWISS, 2).rounds == 1
    assert plan("prisoners_dilemma", SWISS, 6, rounds=5).rounds == 5
    assert refusal("prisoners_dilemma", SWISS, 6, rounds=6) == ("BAD_ROUNDS", "params.rounds")


def test_tables_follow_the_games_seat_rules() -> None:
    assert plan("minority", ROUND_ROBIN, 5).sizes == (5,)
    assert plan("minority", ROUND_ROBIN, 12, table_size=5).sizes == (3, 3, 3, 3)
    assert plan("byzantine_generals", SWISS, 8, table_size=4).sizes == (4, 4)
    assert plan("liars_dice", ROUND_ROBIN, 7, table_size=6).sizes == (4, 3)
    assert plan("minority", ROUND_ROBIN, 5).rounds == 3
    assert refusal("minority", ROUND_ROBIN, 4) == ("BAD_PLAYER_COUNT", "params.entrants")
    assert refusal("byzantine_generals", ROUND_ROBIN, 3) == ("BAD_PLAYER_COUNT", "params.entrants")
    assert refusal("minority", ROUND_ROBIN, 5, table_size=2) == ("BAD_PLAYER_COUNT", "params.table_size")
    assert refusal("liars_dice", ROUND_ROBIN, 5, table_size=7) == ("BAD_PLAYER_COUNT", "params.table_size")


def test_refusals_name_the_param_at_fault() -> None:
    assert refusal("prisoners_dilemma", ROUND_ROBIN, 1) == ("BAD_PLAYER_COUNT", "params.entrants")
    assert refusal("prisoners_dilemma", ROUND_ROBIN, 33) == ("BAD_PLAYER_COUNT", "params.entrants")
    assert refusal("prisoners_dilemma", ROUND_ROBIN, 4, options={"max_rounds": 0}) == (
        "BAD_OPTIONS",
        "params.options",
    )
    assert refusal("minority", SWISS, 5, options={"colour": "red"})[1] == "params.options"


def test_the_plan_pairs_each_round_by_its_format() -> None:
    names = ["a", "b", "c", "d"]
    robin = plan("prisoners_dilemma", ROUND_ROBIN, 4)
    assert robin.pairing(1, SEED, names, [], []).tables == ((0, 3), (2, 1))
    swiss = plan("prisoners_dilemma", SWISS, 4)
    assert swiss.pairing(1, SEED, names, [], []).tables == ((0, 1), (2, 3))
    played = [Played((0, 1), (1, 0), (1,)), Played((2, 3), (1, 0), (0,))]  # b and c lead
    assert swiss.pairing(2, SEED, names, played, []).tables == ((1, 2), (0, 3))
    tables = plan("minority", ROUND_ROBIN, 10, table_size=5)
    first = tables.pairing(1, SEED, [str(n) for n in range(10)], [], [])
    assert first == tables.pairing(1, SEED, [str(n) for n in range(10)], [], [])  # drawn from the seed
    assert first != tables.pairing(2, SEED, [str(n) for n in range(10)], [], [])
