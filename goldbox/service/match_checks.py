"""Who may do what to a match, and when: each refusal as the API's error, raised before anything
is written (a refused change writes nothing)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from goldbox.api import errors
from goldbox.api.errors import GbxError
from goldbox.auth.roles import Principal
from goldbox.game.errors import RuleError
from goldbox.game.genius.protocol import GeniusGame
from goldbox.game.genius.registry import bot_named, game_named
from goldbox.service.characters import rule_violation
from goldbox.service.match_rounds import Play
from goldbox.service.match_state import OPEN, RUNNING, Match, Seat


def match_not_found(match_id: str) -> GbxError:
    return GbxError(errors.NOT_FOUND, f"There is no match {match_id!r}.", {"kind": "match", "id": match_id})


def bad_param(path: str, refused: RuleError) -> GbxError:
    """A rules refusal of what the caller asked for (a game, its options, a strategy) as a params
    error, the rule's code in `details[0].rule`: the caller sent what the method cannot take."""
    detail = {"path": path, "message": refused.message, "type": "rule", "rule": refused.code}
    return GbxError(errors.INVALID_PARAMS, refused.message, [detail])


def rules_of(game: str) -> GeniusGame:
    try:
        return game_named(game)
    except RuleError as refused:
        raise bad_param("params.game", refused) from None


def check_strategy(game: str, strategy: str) -> None:
    try:
        bot_named(game, strategy)
    except RuleError as refused:
        raise bad_param("params.strategy", refused) from None


def table_size(rules: GeniusGame, max_players: int | None) -> int:
    """The seats a new match has: as asked, within what the game allows, or the game's most."""
    most = rules.max_players if max_players is None else max_players
    if not rules.min_players <= most <= rules.max_players:
        refused = RuleError(
            "BAD_PLAYER_COUNT", f"{rules.title} takes {rules.min_players} to {rules.max_players} players."
        )
        raise bad_param("params.max_players", refused)
    return most


def check_options(rules: GeniusGame, seed: int, most: int, least: int, options: Mapping[str, Any]) -> None:
    """The rules' new_game is the judge of options: a game dealt and thrown away, for the largest
    table from `most` down to `least` the rules take (a game may refuse some counts: the Minority
    Game an even one); GBX_INVALID_PARAMS when they refuse the options or every count."""
    refused: RuleError | None = None
    for players in range(most, least - 1, -1):
        try:
            rules.new_game(seed, players, options)
            return
        except RuleError as refusal:
            refused = refusal
            if refusal.code != "BAD_PLAYER_COUNT":
                break
    assert refused is not None
    path = "params.max_players" if refused.code == "BAD_PLAYER_COUNT" else "params.options"
    raise bad_param(path, refused)


def check_open(match: Match, match_id: str) -> None:
    """Seats are taken and freed, and bots added, only before the start."""
    if match.status != OPEN:
        raise GbxError(errors.MATCH_STARTED, details={"match_id": match_id, "status": match.status})


def check_running(match: Match, match_id: str) -> None:
    if match.status != RUNNING:
        raise GbxError(errors.MATCH_NOT_RUNNING, details={"match_id": match_id, "status": match.status})


def check_room(match: Match, match_id: str) -> None:
    if len(match.seats) >= match.max_players:
        raise GbxError(errors.GAME_FULL, details={"match_id": match_id, "max_players": match.max_players})


def check_manager(match: Match, caller: Principal, match_id: str) -> None:
    """Only the match's creator or one of its seated players may add bots and start it."""
    if caller.subject != match.creator and match.seat_of(caller.subject) is None:
        raise GbxError(errors.NOT_IN_MATCH, details={"match_id": match_id})


def own_seat(match: Match, caller: Principal, match_id: str) -> Seat:
    """The caller's seat, which they have not left."""
    seat = match.seat_of(caller.subject)
    if seat is None or seat.left:
        raise GbxError(errors.NOT_IN_MATCH, details={"match_id": match_id})
    return seat


def check_awaited(match: Match, seat: Seat, round_number: int | None) -> None:
    """The seat may seal an action now: in the round named (when named), awaited, not yet sealed."""
    if round_number is not None and round_number != match.round:
        raise GbxError(errors.ROUND_CLOSED, details={"round": round_number, "current_round": match.round})
    if seat.seat not in match.awaiting:
        raise GbxError(
            errors.NOT_YOUR_TURN,
            details={"round": match.round, "seat": seat.seat, "awaiting": match.awaiting},
        )
    if seat.seat in match.sealed:
        raise GbxError(errors.ALREADY_ACTED, details={"round": match.round, "seat": seat.seat})


def start_or_refuse(play: Play) -> None:
    """Start the match: enough seats taken, and the rules take the table (GBX_RULE_VIOLATION)."""
    match = play.match
    if len(match.seats) < match.min_players:
        raise GbxError(
            errors.RULE_VIOLATION,
            f"The match needs at least {match.min_players} players to start.",
            {
                "rule": "BAD_PLAYER_COUNT",
                "message": "Not enough players.",
                "min_players": match.min_players,
                "seated": len(match.seats),
            },
        )
    try:
        play.start()
    except RuleError as refused:
        raise rule_violation(refused) from None
