/**
 * The game's events told as a story, one sentence each: "The giant rat bites Mira for 2.",
 * "Mira is unconscious.". Events a player does not need to read (each step, the fog lifting, the
 * AI's reasoning) tell nothing.
 */

import { itemName, spellName } from "./content.js";

/** @typedef {import("./types.js").PlayEvent} PlayEvent */
/** @typedef {import("./model.js").GameModel} GameModel */
/** @typedef {import("./content.js").Content} Content */
/** @typedef {{text: string, tone: 'battle'|'good'|'bad'|'info'|'quest'|'round'}} Line */

/** What an effect does to its creature, as a sentence ends. */
const AFFLICTIONS = /** @type {Record<string, string>} */ ({
  sleep: "falls asleep",
  hold: "is held fast",
  paralysis: "is paralysed",
  charm: "is charmed",
  poison: "is poisoned",
  damage_over_time: "is burning",
  slow: "is slowed",
  haste: "is hasted",
  bless: "is blessed",
  shield: "is shielded",
  protection: "is protected",
  invisibility: "vanishes from sight",
  entangled: "is entangled",
  silence: "is silenced",
  nauseated: "is nauseated",
  luck: "feels lucky",
});

/** @param {string} text */
function capital(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * The sentence an event tells, or null for an event told by others (or by nothing).
 * @param {PlayEvent} event @param {GameModel} model @param {Content} content
 * @param {PlayEvent|null} previous the event told just before, to avoid telling one blow twice
 * @returns {Line|null}
 */
export function narrate(event, model, content, previous) {
  const d = event.data;
  const who = (/** @type {string|null|undefined} */ id) => model.nameOf(id);
  const Who = (/** @type {string|null|undefined} */ id) => capital(model.nameOf(id));
  switch (event.type) {
    case "combat.started": {
      const foes = (d.combatants ?? []).filter((/** @type {string} */ id) => model.sideOf(id) === "monsters");
      return { text: foes.length ? `Battle! The party faces ${counted(foes.map(who))}.` : "Battle!", tone: "battle" };
    }
    case "round.started":
      return { text: `Round ${d.round}`, tone: "round" };
    case "turn.started":
      return model.isMine(d.creature) ? { text: `${Who(d.creature)}'s turn.`, tone: "info" } : null;
    case "attack.hit":
      return { text: `${Who(d.attacker)} hits ${who(d.target)} with ${d.weapon} for ${d.damage}.`, tone: "battle" };
    case "attack.missed":
      return { text: `${Who(d.attacker)} misses ${who(d.target)}.`, tone: "battle" };
    case "attack.opportunity":
      return { text: `${Who(d.attacker)} strikes at ${who(d.target)} as they move away.`, tone: "battle" };
    case "guard.struck":
      return { text: `${Who(d.attacker)} was on guard and strikes ${who(d.target)}.`, tone: "battle" };
    case "creature.damaged": {
      const told = previous && previous.type === "attack.hit" && previous.data.target === d.creature;
      if (told && d.damage_type === "physical") return null;
      const kind = d.damage_type && d.damage_type !== "physical" ? ` ${d.damage_type}` : "";
      return { text: `${Who(d.creature)} takes ${d.amount}${kind} damage.`, tone: "battle" };
    }
    case "damage.ignored":
      return { text: `${Who(d.creature)} shrugs off the ${d.damage_type}.`, tone: "battle" };
    case "creature.unconscious":
      return { text: `${Who(d.creature)} is unconscious.`, tone: "bad" };
    case "creature.died":
      return model.sideOf(d.creature) === "party"
        ? { text: `${Who(d.creature)} is dead.`, tone: "bad" }
        : { text: `${Who(d.creature)} dies.`, tone: "good" };
    case "creature.healed":
      return { text: `${Who(d.creature)} is healed for ${d.amount}.`, tone: "good" };
    case "creature.revived":
      return { text: `${Who(d.creature)} comes to.`, tone: "good" };
    case "spell.cast": {
      const at = d.target && d.target !== d.caster ? ` at ${who(d.target)}` : "";
      return { text: `${Who(d.caster)} casts ${spellName(content, d.spell)}${at}.`, tone: "battle" };
    }
    case "effect.applied":
      return { text: `${Who(d.creature)} ${AFFLICTIONS[d.kind] ?? `is under ${d.kind.replace(/_/g, " ")}`}.`, tone: "info" };
    case "effect.ended":
      if (d.reason === "died") return null;
      return d.kind === "sleep"
        ? { text: `${Who(d.creature)} wakes up.`, tone: "info" }
        : { text: `${capital(d.kind.replace(/_/g, " "))} wears off ${who(d.creature)}.`, tone: "info" };
    case "effect.resisted":
      return { text: `${Who(d.creature)} resists.`, tone: "info" };
    case "ability.used":
      return d.ability === "breath"
        ? { text: `${Who(d.creature)} breathes ${d.damage_type}!`, tone: "bad" }
        : null;
    case "combat.ended":
      if (d.winner === "party") {
        const spoils = [d.xp ? `${d.xp} XP` : "", d.gold ? `${d.gold} gold` : ""].filter(Boolean).join(" and ");
        return { text: `Victory!${spoils ? ` The party earns ${spoils}.` : ""}`, tone: "good" };
      }
      return { text: "The battle is over.", tone: "info" };
    case "creature.fled":
      return { text: `${Who(d.creature)} flees the battle.`, tone: "info" };
    case "creature.returned":
      return { text: `${Who(d.creature)} rejoins the party.`, tone: "info" };
    case "creature.guarding":
      return { text: `${Who(d.creature)} stands on guard.`, tone: "info" };
    case "turn.delayed":
      return { text: `${Who(d.creature)} waits.`, tone: "info" };
    case "turn.timed_out":
      return { text: `${Who(d.creature)} hesitates too long; the turn passes.`, tone: "info" };
    case "morale.broken":
      return { text: `${Who(d.creature)} loses heart and ${d.result === "surrender" ? "surrenders" : "falls back"}.`, tone: "good" };
    case "xp.gained":
      return { text: `${Who(d.creature)} gains ${d.amount} XP.`, tone: "good" };
    case "level.up":
      return { text: `${Who(d.creature)} reaches level ${d.level}!`, tone: "good" };
    case "gold.gained":
      return { text: `${Who(d.creature)} takes ${d.amount} gold.`, tone: "good" };
    case "door.opened":
      return { text: `${Who(d.creature)} opens the door.`, tone: "info" };
    case "door.closed":
      return { text: `${Who(d.creature)} closes the door.`, tone: "info" };
    case "door.unlocked":
      return { text: `${Who(d.creature)} unlocks the door.`, tone: "info" };
    case "lock.pick_failed":
      return { text: `${Who(d.creature)} fails to pick the lock.`, tone: "info" };
    case "door.found":
      return { text: `${Who(d.creature)} finds a secret door!`, tone: "good" };
    case "trap.found":
      return { text: `${Who(d.creature)} finds a trap.`, tone: "good" };
    case "creature.searched":
      return { text: `${Who(d.creature)} searches the walls and floor.`, tone: "info" };
    case "trap.sprung":
      return { text: `A trap springs on ${who(d.creature)}!`, tone: "bad" };
    case "hazard.entered":
      return { text: `${Who(d.creature)} steps into ${d.hazard}.`, tone: "bad" };
    case "item.picked_up":
      return { text: `${Who(d.creature)} picks up ${told(content, d)}.`, tone: "good" };
    case "item.dropped":
      return { text: `${Who(d.creature)} drops ${told(content, d)}.`, tone: "info" };
    case "item.equipped":
      return { text: `${Who(d.creature)} readies ${itemOf(model, content, d.creature, d.item)}.`, tone: "info" };
    case "item.unequipped":
      return { text: `${Who(d.creature)} puts away ${itemOf(model, content, d.creature, d.item)}.`, tone: "info" };
    case "item.used":
      return { text: `${Who(d.creature)} uses ${told(content, { base: d.base, quantity: 1 })}.`, tone: "info" };
    case "item.delivered":
      return { text: `${Who(d.creature)} gives ${told(content, d)} to ${who(d.to)}.`, tone: "quest" };
    case "spells.memorised": {
      const spells = Object.values(d.spells ?? {}).flat();
      const told = spells.length ? spells.map((s) => spellName(content, String(s))).join(", ") : "nothing";
      return { text: `${Who(d.creature)} memorises ${told}.`, tone: "info" };
    }
    case "spell.learned":
      return { text: `${Who(d.creature)} learns ${spellName(content, d.spell)}.`, tone: "good" };
    case "creature.rested":
      return { text: `${Who(d.creature)} rests.`, tone: "info" };
    case "npc.talked":
      return { text: `${Who(d.npc)} says: “${d.line}”`, tone: "quest" };
    case "quest.progress":
      return { text: `Quest: ${questTitle(model, d.quest)} (${d.progress}/${d.count}).`, tone: "quest" };
    case "quest.completed":
      return { text: `Quest complete: ${questTitle(model, d.quest)}!`, tone: "quest" };
    case "quest.failed":
      return { text: `Quest failed: ${questTitle(model, d.quest)}.`, tone: "bad" };
    case "player.joined":
      return { text: `${Who(d.character)} joins the party.`, tone: "info" };
    case "player.left":
      return { text: `${Who(d.character)} leaves the party.`, tone: "info" };
    case "level.entered":
      return { text: `The party goes down to level ${d.depth}.`, tone: "quest" };
    case "dungeon.cleared":
      return { text: "The dungeon is cleared. Victory!", tone: "good" };
    case "party.defeated":
      return { text: "The party has fallen.", tone: "bad" };
    default:
      return null;
  }
}

/** An item as a sentence tells it: "57 gold coins", "2 torches"... "a dagger", "an arrow".
 * @param {Content} content @param {Record<string, any>} data an event's `base` and `quantity` */
function told(content, data) {
  const quantity = Number(data.quantity ?? 1);
  const name = itemName(content, { base: String(data.base) }).toLowerCase();
  if (quantity > 1) return `${quantity} ${plural(name)}`;
  return `${/^[aeiou]/.test(name) ? "an" : "a"} ${name}`;
}

/** "torch" -> "torches", "gold coins" stays. @param {string} name */
function plural(name) {
  if (name.endsWith("s")) return name;
  return /(x|ch|sh)$/.test(name) ? `${name}es` : `${name}s`;
}

/** "the giant rat, the giant rat, the orc" -> "2 giant rats and an orc". @param {string[]} names */
function counted(names) {
  /** @type {Map<string, number>} */
  const counts = new Map();
  for (const name of names) {
    const plain = name.replace(/^the /, "");
    counts.set(plain, (counts.get(plain) ?? 0) + 1);
  }
  const parts = [...counts].map(([name, count]) =>
    count > 1 ? `${count} ${plural(name)}` : `${/^[aeiou]/i.test(name) ? "an" : "a"} ${name}`,
  );
  return parts.length > 1 ? `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}` : parts[0];
}

/** @param {GameModel} model @param {Content} content @param {string} owner @param {string} uid */
function itemOf(model, content, owner, uid) {
  const item = model.sheet(owner)?.inventory.find((i) => i.uid === uid);
  return item ? `the ${itemName(content, { base: item.base, bonus: item.bonus }).toLowerCase()}` : "an item";
}

/** @param {GameModel} model @param {string} questId */
function questTitle(model, questId) {
  return model.view?.quests.find((q) => q.id === questId)?.title ?? "a quest";
}
