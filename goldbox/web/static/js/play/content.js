/**
 * The game's static content (content.spells, content.items, content.monsters), read once per page:
 * names for items and monsters, and a spell's range, target and area for targeting.
 */

/**
 * @typedef {{shape: 'radius'|'cone'|'line', size: number}} Area
 * @typedef {{name: string, level: number, caster: string, range: number,
 *            target: 'creature'|'area'|'point'|'self', area?: Area|null, description?: string}} SpellDef
 * @typedef {{name: string, kind: string, slot?: string|null, description?: string, weight?: number,
 *            spell?: string|null, range?: number|null, two_handed?: boolean}} ItemDef
 * @typedef {{name: string, hit_dice: number, hp_bonus?: number, description?: string}} MonsterDef
 * @typedef {{spells: Record<string, SpellDef>, items: Record<string, ItemDef>,
 *            monsters: Record<string, MonsterDef>}} Content
 */

/** @type {Promise<Content>|null} */
let loading = null;

/**
 * @param {{call: (method: string, params?: Record<string, unknown>) => Promise<any>}} api
 * @returns {Promise<Content>}
 */
export function loadContent(api) {
  if (loading === null) {
    loading = Promise.all([
      api.call("content.spells"),
      api.call("content.items"),
      api.call("content.monsters"),
    ]).then(([spells, items, monsters]) => ({
      spells: spells.entries,
      items: items.entries,
      monsters: monsters.entries,
    }));
    loading.catch(() => {
      loading = null; // a failed read is tried again next time
    });
  }
  return loading;
}

/**
 * An item's name as a player reads it: "Potion of Healing", "+1 Long Sword", "6 gold coins".
 * @param {Content} content
 * @param {{base: string, quantity?: number, bonus?: number}} item
 */
export function itemName(content, item) {
  const definition = content.items[item.base];
  let name = definition ? definition.name : item.base.replace(/_/g, " ");
  if (item.bonus) name = `${item.bonus > 0 ? "+" : ""}${item.bonus} ${name}`;
  if ((item.quantity ?? 1) > 1) name = `${item.quantity} × ${name}`;
  return name;
}

/**
 * @param {Content} content
 * @param {string} spellId
 */
export function spellName(content, spellId) {
  return content.spells[spellId]?.name ?? spellId.replace(/_/g, " ");
}
