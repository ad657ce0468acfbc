"""`goldbox simulate`: battles with the AI on both sides; the same seed prints the same bytes."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from goldbox.cli import main

BATTLE = ["simulate", "--seed", "11", "--party", "fighter,cleric,mage,thief", "--monsters", "orc:2,goblin:3"]


def test_one_run_prints_the_event_log_as_json_lines_and_repeats_byte_for_byte() -> None:
    first = CliRunner().invoke(main, BATTLE)
    second = CliRunner().invoke(main, BATTLE)
    assert first.exit_code == 0, first.output
    assert first.stdout == second.stdout
    events = [json.loads(line) for line in first.stdout.splitlines()]
    assert events[0]["type"] == "combat.started"
    assert events[-1]["type"] in ("combat.ended", "simulation.stopped")
    assert any(event["type"] == "ai.decision" for event in events)
    assert {"fighter-1", "cleric-2", "mage-3", "thief-4"} <= set(events[0]["data"]["combatants"])


def test_another_seed_fights_another_battle() -> None:
    one = CliRunner().invoke(main, BATTLE)
    other = CliRunner().invoke(main, [*BATTLE[:2], "12", *BATTLE[3:]])
    assert one.stdout != other.stdout


def test_many_runs_print_the_win_rate_rounds_and_damage_by_source() -> None:
    arguments = [*BATTLE, "--runs", "4"]
    first = CliRunner().invoke(main, arguments)
    second = CliRunner().invoke(main, arguments)
    assert first.exit_code == 0, first.output
    assert first.stdout == second.stdout
    assert first.stdout.startswith("4 battles: party won ")
    assert "average" in first.stdout
    assert "orc" in first.stdout
    assert "per battle" in first.stdout


def test_a_round_limit_makes_a_draw() -> None:
    result = CliRunner().invoke(main, [*BATTLE, "--rounds-limit", "1"])
    last = json.loads(result.stdout.splitlines()[-1])
    assert last["type"] in ("simulation.stopped", "combat.ended")
    if last["type"] == "simulation.stopped":
        assert last["data"] == {"round": 2, "limit": 1}


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--party", "fighter,bard", "unknown class 'bard'"),
        ("--monsters", "orc:4,dragonlord:1", "unknown monster 'dragonlord'"),
        ("--monsters", "orc:0", "the count must be 1 to 50"),
        ("--monsters", "orc:many", "write KIND:COUNT"),
        ("--runs", "0", "0 is not in the range"),
    ],
)
def test_bad_arguments_exit_2_with_a_clear_error(option: str, value: str, message: str) -> None:
    arguments = list(BATTLE)
    if option in arguments:
        arguments[arguments.index(option) + 1] = value
    else:
        arguments += [option, value]
    result = CliRunner().invoke(main, arguments)
    assert result.exit_code == 2
    assert message in result.output
