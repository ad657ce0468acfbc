"""The shape of the game's content: races, classes, items, spells and monsters, as the YAML files in
`goldbox/data/` hold them.

These pydantic models are the schema `goldbox content check` validates against and the catalogue the
rules read. They are frozen: rules never change content. Loading the files is I/O and happens in
`goldbox/content/`; the rules only ever receive a `Content`.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator

from goldbox.game.dice import Dice
from goldbox.game.errors import RuleError
from goldbox.game.rpg.abilities import Ability


class Definition(BaseModel):
    """Common ground of every content entry: a stable id, a display name and a description."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str
    description: str = ""


def _dice_text(value: str) -> str:
    """Validate a dice expression in content, so a typo fails `content check`, not a game."""
    try:
        Dice.parse(value)
    except RuleError as exc:
        raise ValueError(exc.message) from exc
    return value


class Size(StrEnum):
    SMALL = "small"
    MEDIUM = "medium"
    LARGE = "large"


class SaveCategory(StrEnum):
    """The five classic saving throws."""

    PARALYSIS = "paralysis"  # paralysation, poison or death magic
    ROD = "rod"  # rod, staff or wand
    PETRIFICATION = "petrification"  # petrification or polymorph
    BREATH = "breath"  # breath weapon
    SPELL = "spell"


# ---------------------------------------------------------------------------------------------- races
class RaceDef(Definition):
    adjustments: dict[Ability, int] = Field(default_factory=dict)
    minimums: dict[Ability, int] = Field(default_factory=dict)
    maximums: dict[Ability, int] = Field(default_factory=dict)
    classes: list[str]
    level_limits: dict[str, int] = Field(default_factory=dict)  # class id -> highest level
    movement: int = Field(default=12, ge=1)
    infravision: int = Field(default=0, ge=0)  # squares
    save_bonus_from_con: bool = False  # dwarves, halflings and gnomes: CON bonus to some saves
    size: Size = Size.MEDIUM


# -------------------------------------------------------------------------------------------- classes
class CasterKind(StrEnum):
    ARCANE = "arcane"
    DIVINE = "divine"


class ClassDef(Definition):
    hit_die: int = Field(ge=4, le=12)  # sides of the die rolled per level
    minimums: dict[Ability, int] = Field(default_factory=dict)
    prime_requisites: list[Ability] = Field(default_factory=list)
    # XP needed to reach level n+1 is xp_table[n]; xp_table[0] is 0 (level 1)
    xp_table: list[int] = Field(min_length=10, max_length=10)
    thac0: list[int] = Field(min_length=10, max_length=10)  # by level, 1..10
    saves: dict[SaveCategory, list[int]]  # category -> target by level, 1..10
    armour: list[str] = Field(default_factory=list)  # armour categories allowed: light, medium, heavy, shield
    weapons: list[str] = Field(default_factory=list)  # weapon categories allowed
    caster: CasterKind | None = None
    # class level -> slots per spell level 1..4 (YAML keys may be written as numbers)
    spell_slots: dict[int, list[int]] = Field(default_factory=dict)
    # level at which the class starts casting (rangers and paladins start late)
    casts_from_level: int = 1
    bonus_spells_from_wis: bool = False  # clerics: extra slots for high wisdom
    warrior: bool = False  # fighters, rangers, paladins: the full CON hit point bonus above 16
    hit_dice_levels: int = Field(
        default=10, ge=1
    )  # levels that roll a hit die; later levels add a fixed amount
    hp_after_hit_dice: int = Field(default=0, ge=0)  # hit points per level past `hit_dice_levels` (no CON)
    starting_gold: str = "0"  # dice of tens of gold pieces a new character has
    starting_kit: dict[str, int] = Field(default_factory=dict)  # item id -> quantity a new character carries
    starting_spells: list[str] = Field(default_factory=list)  # the spellbook a new arcane caster starts with

    _gold = field_validator("starting_gold")(_dice_text)


# ---------------------------------------------------------------------------------------------- items
class ItemKind(StrEnum):
    WEAPON = "weapon"
    AMMUNITION = "ammunition"
    ARMOUR = "armour"
    SHIELD = "shield"
    RING = "ring"
    POTION = "potion"
    SCROLL = "scroll"
    WAND = "wand"
    GEAR = "gear"
    KEY = "key"
    COINS = "coins"  # picked up into the purse (Creature.gold), not the pack


class ItemDef(Definition):
    kind: ItemKind
    weight: float = Field(ge=0)  # pounds
    value: int = Field(ge=0)  # gold pieces
    level: int = Field(default=1, ge=1, le=20)  # the dungeon level from which it is found
    slot: str | None = None  # equipment slot: weapon, offhand, body, ring, ammunition
    # weapons
    category: str | None = (
        None  # weapon category (blade, blunt, polearm, bow, crossbow, sling) or armour weight
    )
    damage: str | None = None  # against small and medium targets
    damage_large: str | None = None
    two_handed: bool = False
    ranged: bool = False
    range: int = Field(default=1, ge=1)  # squares
    ammunition: str | None = None  # item id the weapon shoots
    # armour, shields and rings: the AC they give (armour: base AC; shield and ring: points better)
    ac: int | None = None
    ac_bonus: int = 0
    # potions, scrolls and wands: the spell or effect they release
    spell: str | None = None
    charges: int | None = None
    stackable: bool = False

    _dice = field_validator("damage", "damage_large")(
        lambda value: _dice_text(value) if value is not None else value
    )


# --------------------------------------------------------------------------------------------- spells
class AreaShape(StrEnum):
    RADIUS = "radius"
    CONE = "cone"
    LINE = "line"


class Area(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    shape: AreaShape
    size: int = Field(ge=1)  # radius, cone length or line length, in squares


class SaveEffect(StrEnum):
    NONE = "none"
    HALF = "half"
    NEGATES = "negates"


class SpellEffect(BaseModel):
    """One thing a spell does: deal damage, heal, or lay an effect on each target."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    type: str  # damage | heal | effect | dispel | summon | special
    dice: str | None = None
    per_level: str | None = None  # extra dice per caster level (e.g. fireball 1d6 per level)
    max_levels: int | None = None
    effect: str | None = None  # the ActiveEffect kind laid
    magnitude: int = 0
    stat: str | None = None
    damage_type: str | None = None  # fire, cold, electricity, acid, poison, magic
    # `per_level` comes once for every this many caster levels (rounded up): magic missile is 2
    per_levels: int = Field(default=1, ge=1)
    affects: str = Field(default="all", pattern=r"^(all|allies|enemies)$")  # who in the area it touches
    hd_pool: str | None = None  # sleep: dice of total hit dice affected, weakest first
    max_hd: float | None = None  # creatures of more hit dice (monsters) or levels (characters) are unaffected
    persons_only: bool = False  # only characters and small or medium monsters (charm person, hold person)

    _dice = field_validator("dice", "per_level", "hd_pool")(
        lambda value: _dice_text(value) if value is not None else value
    )


class SpellDef(Definition):
    caster: CasterKind
    level: int = Field(ge=1, le=4)
    school: str
    range: int = Field(ge=0)  # squares; 0 means self or touch
    target: str  # self | creature | ally | enemy | area | point
    area: Area | None = None
    save: SaveEffect = SaveEffect.NONE
    save_category: SaveCategory = SaveCategory.SPELL
    duration_rounds: int = Field(default=0, ge=0)
    duration_per_level: int = Field(default=0, ge=0)  # extra rounds per caster level
    verbal: bool = True  # a silenced caster cannot cast spells with a verbal component
    somatic: bool = True
    effects: list[SpellEffect] = Field(min_length=1)


# ------------------------------------------------------------------------------------------- monsters
class MonsterAttack(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    damage: str
    ranged: bool = False
    range: int = Field(default=1, ge=1)
    # an effect the hit may lay (poison, paralysis, ...), negated by a save in `save`
    effect: str | None = None
    effect_rounds: int = 0
    effect_magnitude: int = 0
    save: SaveCategory | None = None

    _dice = field_validator("damage")(_dice_text)


class MonsterAbility(BaseModel):
    """A special ability: breath weapon, regeneration, spells, immunity and the like."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    type: str  # breath | regeneration | spells | immunity | ...
    damage: str | None = None
    area: Area | None = None
    uses: int | None = None  # per combat; None is unlimited
    amount: int = 0  # regeneration HP per round
    spells: list[str] = Field(default_factory=list)
    immune_to: list[str] = Field(default_factory=list)
    damage_type: str | None = None
    save: SaveCategory | None = None


class MonsterDef(Definition):
    hit_dice: float = Field(gt=0)  # 0.5 for half a die
    hp_bonus: int = 0  # the +N of "4+4" hit dice
    ac: int = Field(ge=-10, le=10)
    thac0: int = Field(ge=1, le=20)
    movement: int = Field(ge=1)
    size: Size = Size.MEDIUM
    attacks: list[MonsterAttack] = Field(min_length=1)
    abilities: list[MonsterAbility] = Field(default_factory=list)
    morale: int = Field(ge=2, le=20)  # 2d10 roll above this breaks morale
    xp: int = Field(ge=0)
    role: str = "melee"  # melee | ranged | caster | brute | skirmisher
    intelligence: str = "average"
    treasure: str | None = None  # dice of gold carried


# ------------------------------------------------------------------------------------------ catalogue
class Content(BaseModel):
    """Everything the rules look up by id. Built by `goldbox.content.load_content()`."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    races: dict[str, RaceDef] = Field(default_factory=dict)
    classes: dict[str, ClassDef] = Field(default_factory=dict)
    items: dict[str, ItemDef] = Field(default_factory=dict)
    spells: dict[str, SpellDef] = Field(default_factory=dict)
    monsters: dict[str, MonsterDef] = Field(default_factory=dict)

    def item(self, item_id: str) -> ItemDef:
        try:
            return self.items[item_id]
        except KeyError:
            raise RuleError("UNKNOWN_ITEM", f"There is no item called {item_id!r}.") from None

    def spell(self, spell_id: str) -> SpellDef:
        try:
            return self.spells[spell_id]
        except KeyError:
            raise RuleError("UNKNOWN_SPELL", f"There is no spell called {spell_id!r}.") from None

    def monster(self, monster_id: str) -> MonsterDef:
        try:
            return self.monsters[monster_id]
        except KeyError:
            raise RuleError("UNKNOWN_MONSTER", f"There is no monster called {monster_id!r}.") from None
