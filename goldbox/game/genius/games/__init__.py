"""The shipped Genius games; importing this package registers each game and its bots."""

from goldbox.game.genius.games import (
    byzantine_generals,  # noqa: F401 -- registers the game
    consciousness_emergence,  # noqa: F401 -- registers the game
    liars_dice,  # noqa: F401 -- registers the game
    minority,  # noqa: F401 -- registers the game
    prisoners_dilemma,  # noqa: F401 -- registers the game
)
