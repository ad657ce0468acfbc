"""Loot: item templates from the content, times a rarity, times enchantments, scaled by level.

Each item is drawn in four steps from the `items` stream of the seed: a kind (weighted by the loot
table), a template of that kind found at or above its level, a rarity (within the asked range,
weighted by level so deeper loot is rarer), then what the rarity brings: a magic plus for weapons,
ammunition, armour, shields and rings, enchantments that fit the kind, charges for wands (never
more than the wand's own `charges`, when its template sets them) and a spell for scrolls. Everything that can be worked out before the first draw is, so a batch of a
thousand items costs a few milliseconds, and bad parameters are refused before anything is drawn.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import accumulate

from goldbox.game.rng import Rng
from goldbox.game.rpg.content import ItemDef
from goldbox.game.rpg.items import RARITIES, ItemInstance
from goldbox.pcg.content_params import ITEM_KINDS, ItemParams, require_seed
from goldbox.pcg.errors import PcgError
from goldbox.pcg.loot_tables import LootTables, RarityTier
from goldbox.pcg.seeds import sub_rng


@dataclass(frozen=True, slots=True)
class _Weighted:
    """Choices with cumulative weights, for one `bisect` per draw."""

    choices: tuple[str, ...]
    cumulative: tuple[float, ...]

    @classmethod
    def of(cls, pairs: Sequence[tuple[str, float]]) -> _Weighted:
        return cls(tuple(name for name, _ in pairs), tuple(accumulate(weight for _, weight in pairs)))

    def draw(self, rng: Rng) -> str:
        point = rng.random() * self.cumulative[-1]
        return self.choices[min(bisect_right(self.cumulative, point), len(self.choices) - 1)]


@dataclass(frozen=True, slots=True)
class _KindPlan:
    templates: tuple[ItemDef, ...]
    enchantments: tuple[tuple[str, float], ...]
    quantity: tuple[int, int]
    magic: bool
    charges: tuple[int, int] | None


@dataclass(frozen=True, slots=True)
class _Plan:
    """Everything about a batch that does not depend on a draw."""

    kinds: _Weighted
    per_kind: Mapping[str, _KindPlan]
    rarities: _Weighted
    tiers: Mapping[str, RarityTier]
    spells: Mapping[int, tuple[str, ...]]  # highest spell level -> spells up to that level


def generate_items(
    seed: int,
    params: ItemParams,
    templates: Mapping[str, ItemDef],
    tables: LootTables,
    scroll_spells: Mapping[str, int] | None = None,
) -> list[ItemInstance]:
    """`params.count` items for `seed`; `scroll_spells` maps the spell ids scrolls may hold to their level.

    Without `scroll_spells`, no scroll is made (asking only for scrolls is then an error). Item uids
    are `item-<seed>-<n>`.
    """
    chosen_seed = require_seed(seed)
    plan = _plan(params, templates, tables, scroll_spells or {})
    rng = sub_rng(chosen_seed, "items")
    return [_draw_item(rng, plan, params.level, f"item-{chosen_seed}-{n}") for n in range(params.count)]


def item_value(item: ItemInstance, template: ItemDef, tables: LootTables) -> int:
    """What an item is worth in gold: its base value times its rarity, plus its magic and charges."""
    tier = tables.rarities[item.rarity]
    value = template.value * tier.value_multiplier
    value += max(0, item.bonus) * tables.bonus_value
    value += sum(tables.enchantments[name].value for name in item.enchantments if name in tables.enchantments)
    if item.charges is not None:
        value += item.charges * tables.kinds[template.kind.value].charge_value
    return round(value) * max(1, item.quantity)


def _plan(
    params: ItemParams, templates: Mapping[str, ItemDef], tables: LootTables, spells: Mapping[str, int]
) -> _Plan:
    kinds = params.kinds or ITEM_KINDS
    by_kind: dict[str, list[ItemDef]] = {kind: [] for kind in kinds}
    for item_id in sorted(templates):
        template = templates[item_id]
        kind = template.kind.value
        if kind in by_kind and template.level <= params.level and (kind != "scroll" or spells):
            by_kind[kind].append(template)
    found = [kind for kind in kinds if by_kind[kind]]
    if not found:
        why = " (no scroll spells were given)" if kinds == ("scroll",) else ""
        raise PcgError(
            "PCG_BAD_PARAMS",
            f"no item of kind {', '.join(kinds)} is found at level {params.level} or above{why}; "
            "choose other kinds or a higher level",
            param="kinds",
        )
    per_kind: dict[str, _KindPlan] = {}
    for kind in found:
        entry = tables.kinds[kind]
        fitting = tuple((name, tables.enchantments[name].weight) for name in tables.enchantments_for(kind))
        grow = int(entry.quantity_per_level * (params.level - 1))
        charges = None
        if entry.charges is not None:
            extra = int(entry.charges_per_level * (params.level - 1))
            charges = (entry.charges[0] + extra, entry.charges[1] + extra)
        per_kind[kind] = _KindPlan(
            templates=tuple(by_kind[kind]),
            enchantments=fitting,
            quantity=(entry.quantity[0] + grow, entry.quantity[1] + grow),
            magic=entry.magic,
            charges=charges,
        )
    low, high = RARITIES.index(params.min_rarity), RARITIES.index(params.max_rarity)
    allowed = RARITIES[low : high + 1]
    by_level: dict[int, tuple[str, ...]] = {}
    ordered = sorted(spells.items(), key=lambda pair: (pair[1], pair[0]))
    for tier in tables.rarities.values():
        within = tuple(spell for spell, level in ordered if level <= tier.spell_level)
        lowest = ordered[0][1] if ordered else 0
        by_level[tier.spell_level] = within or tuple(spell for spell, level in ordered if level == lowest)
    return _Plan(
        kinds=_Weighted.of([(kind, tables.kinds[kind].weight) for kind in found]),
        per_kind=per_kind,
        rarities=_Weighted.of(
            [(rarity, tables.rarities[rarity].weight_at(params.level)) for rarity in allowed]
        ),
        tiers=tables.rarities,
        spells=by_level,
    )


def _draw_item(rng: Rng, plan: _Plan, level: int, uid: str) -> ItemInstance:
    kind = plan.kinds.draw(rng)
    kind_plan = plan.per_kind[kind]
    template = rng.choice(kind_plan.templates)
    rarity = plan.rarities.draw(rng)
    tier = plan.tiers[rarity]
    item = ItemInstance(uid=uid, base=template.id, rarity=rarity)
    if kind_plan.magic:
        item.bonus = rng.randint(*tier.bonus)
    if kind_plan.enchantments and tier.enchantments[1] > 0:
        wanted = min(rng.randint(*tier.enchantments), len(kind_plan.enchantments))
        item.enchantments = _draw_enchantments(rng, kind_plan.enchantments, wanted)
    if template.stackable and kind_plan.quantity[1] > 1:
        item.quantity = rng.randint(*kind_plan.quantity)
    if kind_plan.charges is not None:
        charges = max(1, round(rng.randint(*kind_plan.charges) * tier.charges_multiplier))
        item.charges = min(charges, template.charges) if template.charges else charges
    if kind == "scroll":
        item.spell = rng.choice(plan.spells[tier.spell_level])
    return item


def _draw_enchantments(rng: Rng, fitting: tuple[tuple[str, float], ...], wanted: int) -> list[str]:
    """`wanted` different enchantments, weighted, listed in table order."""
    pool = list(fitting)
    picked: set[str] = set()
    for _ in range(wanted):
        name = _Weighted.of(pool).draw(rng)
        picked.add(name)
        pool = [pair for pair in pool if pair[0] != name]
    return [name for name, _ in fitting if name in picked]


def loot_problems(
    items: Sequence[ItemInstance],
    params: ItemParams,
    templates: Mapping[str, ItemDef],
    tables: LootTables,
    scroll_spells: Mapping[str, int] | None = None,
) -> list[str]:
    """Why a batch breaks its parameters or the tables; empty when every item is as asked."""
    found: list[str] = []
    if len(items) != params.count:
        found.append(f"{len(items)} items were made, not {params.count}")
    low, high = RARITIES.index(params.min_rarity), RARITIES.index(params.max_rarity)
    spells = scroll_spells or {}
    for item in items:
        template = templates.get(item.base)
        if template is None:
            found.append(f"{item.uid}: no template {item.base!r}")
            continue
        kind = template.kind.value
        tier = tables.rarities.get(item.rarity)
        if tier is None or not low <= RARITIES.index(item.rarity) <= high:
            found.append(
                f"{item.uid}: rarity {item.rarity!r} is outside {params.min_rarity}..{params.max_rarity}"
            )
            continue
        if params.kinds is not None and kind not in params.kinds:
            found.append(f"{item.uid}: kind {kind} was not asked for")
        if template.level > params.level:
            found.append(f"{item.uid}: {item.base} is found from level {template.level}, not {params.level}")
        fitting = tables.enchantments_for(kind)
        if any(name not in fitting for name in item.enchantments) or len(set(item.enchantments)) != len(
            item.enchantments
        ):
            found.append(f"{item.uid}: enchantments {item.enchantments} do not fit a {kind}")
        magic = tables.kinds[kind].magic
        if (magic and not tier.bonus[0] <= item.bonus <= tier.bonus[1]) or (not magic and item.bonus):
            found.append(f"{item.uid}: bonus {item.bonus} does not fit a {item.rarity} {kind}")
        if (tables.kinds[kind].charges is None) != (item.charges is None):
            found.append(f"{item.uid}: a {kind} with charges {item.charges}")
        elif item.charges is not None and not 1 <= item.charges <= (template.charges or item.charges):
            found.append(f"{item.uid}: {item.charges} charges in a {item.base} that holds {template.charges}")
        if kind == "scroll" and (item.spell not in spells):
            found.append(f"{item.uid}: scroll spell {item.spell!r} is not among the allowed spells")
        if kind != "scroll" and item.spell is not None:
            found.append(f"{item.uid}: a {kind} holding a spell")
        if item.quantity < 1 or (item.quantity > 1 and not template.stackable):
            found.append(f"{item.uid}: quantity {item.quantity} for {item.base}")
    return found
