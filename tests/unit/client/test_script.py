"""The command-line helpers of agent scripts: credentials from arguments or the environment, and the
final report."""

from __future__ import annotations

import argparse
import json

import pytest

from goldbox.client import PlayedMatch
from goldbox.client.script import add_connection_arguments, client_from_arguments, report


def parse(argv: list[str]) -> tuple[argparse.ArgumentParser, argparse.Namespace]:
    parser = argparse.ArgumentParser()
    add_connection_arguments(parser)
    return parser, parser.parse_args(argv)


def test_an_api_key_or_a_password_makes_the_client(monkeypatch: pytest.MonkeyPatch) -> None:
    parser, args = parse(["--url", "http://127.0.0.1:9", "--api-key", "gbx_x"])
    client = client_from_arguments(parser, args)
    assert (client.url, client.login) == ("ws://127.0.0.1:9/ws", None)
    monkeypatch.setenv("GOLDBOX_PASSWORD", "from the environment")
    parser, args = parse(["--username", "ada"])
    client = client_from_arguments(parser, args)
    assert client.url == "ws://127.0.0.1:8080/ws"
    assert client.login is not None
    assert client.login.username == "ada"


@pytest.mark.parametrize("argv", [[], ["--username", "ada"], ["--api-key", "gbx_x", "--username", "ada"]])
def test_missing_or_doubled_credentials_are_a_usage_error(argv: list[str]) -> None:
    parser, args = parse(argv)
    with pytest.raises(SystemExit) as exited:
        client_from_arguments(parser, args)
    assert exited.value.code == 2


def played() -> PlayedMatch:
    seats = [
        {"seat": 0, "kind": "agent", "name": "ada"},
        {"seat": 1, "kind": "bot", "name": "tit_for_tat (bot)", "strategy": "tit_for_tat"},
    ]
    match = {
        "id": "m1",
        "game": "prisoners_dilemma",
        "title": "Iterated Prisoner's Dilemma",
        "status": "finished",
        "min_players": 2,
        "max_players": 2,
        "round": 4,
        "seats": seats,
        "outcome": {"scores": [12, 12], "winners": [0, 1]},
    }
    return PlayedMatch.model_validate(
        {"match": match, "seat": 0, "outcome": match["outcome"], "rounds_played": 4}
    )


def test_the_report_names_every_seat_and_the_agents_result() -> None:
    text = report(played(), as_json=False, lines=["forgave 0 defections"])
    assert "finished after 4 rounds" in text
    assert "seat 1 tit_for_tat (bot)" in text
    assert text.count("winner") == 2
    assert text.splitlines()[-1] == "this agent (seat 0) played 4 rounds and won"
    summary = json.loads(report(played(), as_json=True))
    assert (summary["scores"], summary["winners"], summary["won"], summary["rounds"]) == (
        [12.0, 12.0],
        [0, 1],
        True,
        4,
    )
