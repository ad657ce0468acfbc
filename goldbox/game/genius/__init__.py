"""The Genius games: short strategy games for people and AI agents, each a pure rules module behind
one protocol (`goldbox.game.genius.protocol`), found by name in `goldbox.game.genius.registry`."""
