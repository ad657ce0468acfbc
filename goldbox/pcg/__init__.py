"""Procedural generation: terrain, dungeons, items, quests and NPCs, all pure and seeded.

Nothing here does I/O or reads a clock; every random draw comes from a `goldbox.game.rng.Rng` made
from the caller's seed and a stable name (see `seeds`), so the same seed and parameters give the
same output byte for byte, in any process. Tables read from YAML are passed in by the caller.
"""
