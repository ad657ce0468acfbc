"""goldbox: a self-hostable game server for turn-based multiplayer games."""

__version__ = "0.1.0"
