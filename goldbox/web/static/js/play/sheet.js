/**
 * The character sheet: the six attributes, what follows from them (armour class, THAC0, the five
 * saving throws, movement), hit points, experience and level, gold, and the effects on the character.
 */

import { h, replace, titleOf } from "../ui/dom.js";
import { meter } from "./meter.js";

/** @typedef {import("./screen.js").Play} Play */

const ABILITIES = /** @type {const} */ ([
  ["str", "Strength"],
  ["dex", "Dexterity"],
  ["con", "Constitution"],
  ["int", "Intelligence"],
  ["wis", "Wisdom"],
  ["cha", "Charisma"],
]);

const SAVES = /** @type {Record<string, string>} */ ({
  paralysis: "Paralysis, poison, death",
  rod: "Rod, staff, wand",
  petrification: "Petrification, polymorph",
  breath: "Breath weapon",
  spell: "Spell",
});

export class CharacterSheet {
  /** @param {Play} play */
  constructor(play) {
    this.play = play;
    this.element = h("section", { class: "gb-panel gb-sheet", "data-testid": "character-sheet", "aria-label": "Character sheet" });
  }

  render() {
    const sheet = this.play.actorFor(this.element);
    if (!sheet) return;
    const d = sheet.derived;
    /** @param {string} name @param {string|number} value @param {string} [testid] */
    const stat = (name, value, testid) => h("div", { class: "gb-stat", "data-stat": testid ?? null }, h("dt", {}, name), h("dd", {}, String(value)));
    replace(
      this.element,
      h("h2", { class: "gb-sheet-name" }, sheet.name),
      h("p", { class: "gb-sheet-line" }, `Level ${sheet.level} ${titleOf(sheet.race ?? "")} ${titleOf(sheet.class_id ?? "")}`, sheet.status !== "active" ? ` — ${sheet.status}` : ""),
      h("div", { class: "gb-sheet-hp" }, h("span", {}, `HP ${sheet.hp} / ${sheet.max_hp}`), meter(sheet.hp, sheet.max_hp)),
      h(
        "dl",
        { class: "gb-stats" },
        stat("AC", d.armour_class, "ac"),
        stat("THAC0", d.thac0, "thac0"),
        stat("Move", d.movement, "movement"),
        stat("XP", sheet.xp, "xp"),
        stat("Gold", sheet.gold, "gold"),
      ),
      h("h3", {}, "Attributes"),
      h("dl", { class: "gb-abilities" }, ...ABILITIES.map(([key, name]) => h("div", { class: "gb-stat", title: name }, h("dt", {}, key.toUpperCase()), h("dd", {}, String(sheet.abilities[key] ?? "—"))))),
      h("h3", {}, "Saving throws"),
      h("dl", { class: "gb-saves" }, ...Object.entries(d.saves).map(([key, value]) => stat(SAVES[key] ?? titleOf(key), value))),
      sheet.effects.length
        ? h("div", {}, h("h3", {}, "Effects"), h("ul", { class: "gb-effects" }, ...sheet.effects.map((e) => h("li", {}, `${titleOf(e.kind)}${e.remaining ? ` (${e.remaining} rounds)` : ""}`))))
        : null,
    );
  }
}
