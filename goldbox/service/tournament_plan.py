"""How a Genius tournament is laid out: its format, how many rounds, and who plays whom next.

Formats (goldbox.game.genius.pairings does the pairing, goldbox.game.genius.standings the points):

- The table size is the most players a match seats: by default 2 (head to head) for every game two
  can play, and as many as the game takes for the others; `table_size` chooses another.
- In pairs (table size 2): `round_robin`: everyone meets everyone once (n-1 rounds, n when n is
  odd, with a bye a round); `rounds` may ask for a multiple of that, each later cycle with the
  seats swapped. `swiss`: `rounds` rounds (default ceil(log2 n), at most n-1), entrants of equal
  points paired, no rematch while one can be avoided; round 1 pairs in entry order (1st v 2nd, 3rd
  v 4th…), so the order of the entrants is the seeding.
- At tables (a larger table size): the fewest tables of near-equal size, none above the table size,
  that the game accepts seat everyone every round (one table when it takes them all), for `rounds`
  rounds (default 3). A round robin draws its tables afresh each round from the tournament's seed;
  swiss seats them in standing order (round 1 in entry order), the leaders at the first table.

A bye is worth nothing in a round robin (everyone has the same number) and a win in swiss (the
usual rule: sitting out must not drop an entrant down the pairings).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from goldbox.game.errors import RuleError
from goldbox.game.genius.pairings import (
    Pairing,
    drawn_tables,
    round_robin,
    round_robin_length,
    seat_tables,
    swiss,
    table_sizes,
)
from goldbox.game.genius.protocol import GeniusGame
from goldbox.game.genius.standings import WIN_POINTS, Played, Standing, met_pairs, standings
from goldbox.game.rng import Rng, derive_seed

ROUND_ROBIN, SWISS = "round_robin", "swiss"
FORMATS = (ROUND_ROBIN, SWISS)
MIN_ENTRANTS = 2
MAX_ENTRANTS = 32
MAX_ROUNDS = 64
DEFAULT_TABLE_ROUNDS = 3


@dataclass(frozen=True, slots=True)
class Plan:
    """A tournament's shape: fixed when it is made, so every round follows the same rules."""

    format: str
    entrants: int
    sizes: tuple[int, ...] | None
    """Table sizes for a game of more than two seats; None: played in pairs."""
    rounds: int

    def pairing(
        self,
        round_number: int,
        seed: int,
        names: Sequence[str],
        played: Sequence[Played],
        byes: Sequence[int],
    ) -> Pairing:
        """Who plays whom in round `round_number` (from 1), given every result so far."""
        if self.format == ROUND_ROBIN:
            if self.sizes is None:
                return round_robin(self.entrants, round_number - 1)
            return drawn_tables(self.entrants, self.sizes, Rng(derive_seed(seed, "tournament", round_number)))
        ranked = (
            [row.entrant for row in standings_of(self.format, names, played, byes)]
            if round_number > 1
            else list(range(self.entrants))
        )
        if self.sizes is None:
            return swiss(ranked, met_pairs(played), set(byes))
        return seat_tables(ranked, self.sizes)


def standings_of(
    format_: str, names: Sequence[str], played: Sequence[Played], byes: Sequence[int]
) -> list[Standing]:
    """The standings under the format's rules: its bye's worth, and Buchholz for swiss."""
    bye_points = WIN_POINTS if format_ == SWISS else 0
    return standings(names, played, byes, bye_points, buchholz=format_ == SWISS)


def default_table_size(rules: GeniusGame) -> int:
    """Head to head when the game can be played by two; else as many as the game takes."""
    return 2 if rules.min_players <= 2 else rules.max_players


def plan_for(
    rules: GeniusGame,
    format_: str,
    entrants: int,
    rounds: int | None,
    options: Mapping[str, Any],
    seed: int,
    table_size: int,
) -> Plan:
    """The plan of a new tournament, or RuleError (with `path`, the param at fault) when the game
    cannot be played so: too few or too many entrants, a table size the game does not take or no
    split of the entrants fits, options the rules refuse, or rounds the format does not allow."""
    if not MIN_ENTRANTS <= entrants <= MAX_ENTRANTS:
        raise RuleError(
            "BAD_PLAYER_COUNT",
            f"A tournament takes {MIN_ENTRANTS} to {MAX_ENTRANTS} entrants.",
            path="params.entrants",
        )
    if not max(2, rules.min_players) <= table_size <= rules.max_players:
        raise RuleError(
            "BAD_PLAYER_COUNT",
            f"A match of {rules.title} seats {rules.min_players} to {rules.max_players} players.",
            path="params.table_size",
        )

    def fits(size: int) -> bool:
        if not rules.min_players <= size <= rules.max_players:
            return False
        try:
            rules.new_game(seed, size, options)
        except RuleError as refused:
            if refused.code == "BAD_PLAYER_COUNT":
                return False
            raise RuleError(refused.code, refused.message, path="params.options") from None
        return True

    if table_size == 2:
        if not fits(2):
            raise RuleError(
                "BAD_PLAYER_COUNT", f"{rules.title} cannot be played in pairs.", path="params.table_size"
            )
        return Plan(format_, entrants, None, _pair_rounds(format_, entrants, rounds))
    sizes = table_sizes(entrants, table_size, fits)
    if sizes is None:
        raise RuleError(
            "BAD_PLAYER_COUNT",
            f"{entrants} entrants cannot be split into tables of {rules.title} of at most {table_size} "
            f"(it takes {rules.min_players} to {rules.max_players} players, as its rules allow).",
            path="params.entrants",
        )
    chosen = DEFAULT_TABLE_ROUNDS if rounds is None else rounds
    if not 1 <= chosen <= MAX_ROUNDS:
        raise RuleError("BAD_ROUNDS", f"Play 1 to {MAX_ROUNDS} rounds.", path="params.rounds")
    return Plan(format_, entrants, sizes, chosen)


def _pair_rounds(format_: str, entrants: int, rounds: int | None) -> int:
    if format_ == ROUND_ROBIN:
        cycle = round_robin_length(entrants)
        chosen = cycle if rounds is None else rounds
        if chosen % cycle or not cycle <= chosen <= MAX_ROUNDS:
            raise RuleError(
                "BAD_ROUNDS",
                f"A round robin of {entrants} takes {cycle} rounds, or a multiple of {cycle} "
                f"(at most {MAX_ROUNDS}) to meet more than once.",
                path="params.rounds",
            )
        return chosen
    most = entrants - 1
    chosen = max(1, math.ceil(math.log2(entrants))) if rounds is None else rounds
    if not 1 <= chosen <= most:
        raise RuleError(
            "BAD_ROUNDS", f"A swiss of {entrants} takes 1 to {most} rounds.", path="params.rounds"
        )
    return chosen
