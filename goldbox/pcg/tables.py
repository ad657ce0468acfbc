"""The encounter table a level generator draws monsters from, as a validated model.

The table itself is content (goldbox/data/encounters.yaml, loaded by goldbox.content.pcg_tables);
the generator takes it as a parameter so that pcg/ stays free of I/O. Bands cover ranges of
difficulty; each lists monsters with a weight and a group size. `hit_dice` lets the generator size
a group to the party: a band's monsters are counted in hit dice against an encounter budget.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator


class EncounterEntry(BaseModel):
    """One monster a band can field, how often, and in groups of what size."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    monster: str = Field(min_length=1)
    weight: float = Field(gt=0)
    min_group: int = Field(ge=1, le=20)
    max_group: int = Field(ge=1, le=20)

    @model_validator(mode="after")
    def _group_in_order(self) -> EncounterEntry:
        if self.min_group > self.max_group:
            raise ValueError(
                f"{self.monster}: min_group {self.min_group} is above max_group {self.max_group}"
            )
        return self


class EncounterBand(BaseModel):
    """The monsters met at difficulties `min_difficulty`..`max_difficulty`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    min_difficulty: int = Field(ge=1, le=10)
    max_difficulty: int = Field(ge=1, le=10)
    monsters: tuple[EncounterEntry, ...] = Field(min_length=1)


class EncounterTable(BaseModel):
    """Every band, and each monster's hit dice; bands must cover difficulties 1 to 10 without gaps."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    hit_dice: dict[str, float]
    bands: tuple[EncounterBand, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _complete(self) -> EncounterTable:
        for difficulty in range(1, 11):
            if not any(band.min_difficulty <= difficulty <= band.max_difficulty for band in self.bands):
                raise ValueError(f"no encounter band covers difficulty {difficulty}")
        for band in self.bands:
            for entry in band.monsters:
                if self.hit_dice.get(entry.monster, 0) <= 0:
                    raise ValueError(f"band {band.name!r}: {entry.monster!r} has no positive hit dice")
        return self

    def bands_for(self, difficulty: int) -> list[EncounterBand]:
        """The bands that cover a difficulty (clamped to 1..10), in table order."""
        level = min(10, max(1, difficulty))
        return [band for band in self.bands if band.min_difficulty <= level <= band.max_difficulty]
