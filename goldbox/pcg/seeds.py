"""Sub-seeds for generators: one seed for the world, one stable name per generator.

Every generator draws from its own stream, named by what it makes (`"dungeon", "level", 3`), so
adding a generator, or a draw inside one, never shifts the numbers any other generator sees.
Retries after a failed validation get their own derived seed too, so they are reproducible.
"""

from __future__ import annotations

from goldbox.game.rng import Rng, derive_seed

# Every pcg stream lives under this name, apart from the rules' own streams drawn from the same seed.
_NAMESPACE = "pcg"


def sub_seed(seed: int, *names: str | int) -> int:
    """The seed for the generator called `names`, independent of every other generator's."""
    return derive_seed(seed, _NAMESPACE, *names)


def sub_rng(seed: int, *names: str | int) -> Rng:
    """A fresh random stream for the generator called `names`."""
    return Rng(sub_seed(seed, *names))


def attempt_seed(seed: int, name: str, attempt: int) -> int:
    """The seed for try number `attempt` of a generator; the first try (0) uses `seed` itself."""
    if attempt == 0:
        return seed
    return sub_seed(seed, name, "retry", attempt)
