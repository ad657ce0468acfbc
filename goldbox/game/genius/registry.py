"""Every Genius game and built-in bot, by name: adding a game is a rules module and one line here."""

from __future__ import annotations

from goldbox.game.errors import RuleError
from goldbox.game.genius.protocol import Bot, GeniusGame

GAMES: dict[str, GeniusGame] = {}
BOTS: dict[tuple[str, str], Bot] = {}


def register_game(game: GeniusGame) -> GeniusGame:
    if game.name in GAMES:
        raise ValueError(f"Genius game {game.name!r} registered twice")
    GAMES[game.name] = game
    return game


def register_bot(bot: Bot) -> Bot:
    key = (bot.game, bot.strategy)
    if key in BOTS:
        raise ValueError(f"bot {bot.strategy!r} for {bot.game!r} registered twice")
    BOTS[key] = bot
    return bot


def game_named(name: str) -> GeniusGame:
    _load_all()
    try:
        return GAMES[name]
    except KeyError:
        raise RuleError("UNKNOWN_GAME", f"There is no Genius game {name!r}.", known=sorted(GAMES)) from None


def bot_named(game: str, strategy: str) -> Bot:
    _load_all()
    try:
        return BOTS[(game, strategy)]
    except KeyError:
        known = sorted(s for g, s in BOTS if g == game)
        raise RuleError(
            "UNKNOWN_STRATEGY", f"There is no {strategy!r} bot for {game!r}.", known=known
        ) from None


def all_games() -> dict[str, GeniusGame]:
    _load_all()
    return dict(GAMES)


def strategies_for(game: str) -> list[Bot]:
    _load_all()
    return [bot for (g, _), bot in sorted(BOTS.items()) if g == game]


def _load_all() -> None:
    """Import the game modules (each registers itself and its bots when imported)."""
    from goldbox.game.genius import games  # noqa: F401 -- imported for its registrations
