"""Built-in bots of the Genius games, one module per game; each registers its bots when imported
(by its game's module, so registering a game registers its bots)."""
