"""Dice expressions as the rules write them: `1d8`, `2d4+1`, `3d6-2`, `4d6kh3`, `5`."""

from __future__ import annotations

import re
from dataclasses import dataclass

from goldbox.game.errors import RuleError
from goldbox.game.rng import Rng

_DICE = re.compile(r"^\s*(?:(\d+)?d(\d+)(?:kh(\d+))?)?\s*(?:([+-])\s*(\d+))?\s*$")


@dataclass(frozen=True, slots=True)
class Dice:
    """`count` dice of `sides` faces, keeping the `keep` highest (all when None), plus `modifier`."""

    count: int
    sides: int
    modifier: int = 0
    keep: int | None = None

    @classmethod
    def parse(cls, text: str | int) -> Dice:
        """Read `NdS[khK][+M]` or a plain number; a malformed expression is a `DICE_INVALID` rule error."""
        if isinstance(text, int):
            return cls(0, 0, text)
        if text.strip().lstrip("+-").isdigit():
            return cls(0, 0, int(text))
        match = _DICE.match(text)
        if not match or not text.strip() or (match.group(2) is None and match.group(5) is None):
            raise RuleError("DICE_INVALID", f"{text!r} is not a dice expression such as 2d6+1")
        count_text, sides_text, keep_text, sign, modifier_text = match.groups()
        count = int(count_text) if count_text else (1 if sides_text else 0)
        sides = int(sides_text) if sides_text else 0
        modifier = int(modifier_text or 0) * (-1 if sign == "-" else 1)
        keep = int(keep_text) if keep_text else None
        if sides_text is not None and (sides < 1 or count < 1 or count > 100):
            raise RuleError("DICE_INVALID", f"{text!r}: use 1 to 100 dice of at least one side")
        if keep is not None and not 1 <= keep <= count:
            raise RuleError("DICE_INVALID", f"{text!r}: keep between 1 and the number of dice")
        return cls(count, sides, modifier, keep)

    def roll(self, rng: Rng) -> int:
        """Roll the dice."""
        faces = [rng.randint(1, self.sides) for _ in range(self.count)]
        if self.keep is not None:
            faces = sorted(faces, reverse=True)[: self.keep]
        return sum(faces) + self.modifier

    @property
    def minimum(self) -> int:
        return (
            (self.keep if self.keep is not None else self.count) + self.modifier
            if self.sides
            else self.modifier
        )

    @property
    def maximum(self) -> int:
        kept = self.keep if self.keep is not None else self.count
        return kept * self.sides + self.modifier

    @property
    def average(self) -> float:
        """The mean roll (exact for plain dice; for kept dice, an estimate from the kept count)."""
        kept = self.keep if self.keep is not None else self.count
        return kept * (self.sides + 1) / 2 + self.modifier if self.sides else float(self.modifier)

    def __str__(self) -> str:
        text = f"{self.count}d{self.sides}" if self.sides else ""
        if self.keep is not None:
            text += f"kh{self.keep}"
        if self.modifier or not text:
            text += f"{self.modifier:+d}" if text else str(self.modifier)
        return text


def roll(expression: str | int, rng: Rng) -> int:
    """Roll a dice expression once."""
    return Dice.parse(expression).roll(rng)
