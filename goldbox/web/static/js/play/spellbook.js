/**
 * The spellbook: the spells the character knows, the ones memorised now (each cast once), and the
 * choice of what to memorise at the next rest: one spell for each slot of each level. Resting with
 * no enemy in sight memorises the choice (action.rest with `memorise`).
 */

import { h, replace } from "../ui/dom.js";
import { spellName } from "./content.js";

/** @typedef {import("./screen.js").Play} Play */
/** @typedef {import("./types.js").Sheet} Sheet */

export class Spellbook {
  /** @param {Play} play */
  constructor(play) {
    this.play = play;
    /** Each character's choice for its next rest: level -> spell per slot.
     *  @type {Map<string, Record<string, string[]>>} */
    this.choices = new Map();
    this.element = h("section", { class: "gb-panel gb-spellbook", "data-testid": "spellbook", "aria-label": "Spellbook" });
  }

  /** The spells to memorise at the next rest, by level, for a character. @param {Sheet} sheet
   *  @returns {Record<string, string[]>} */
  choice(sheet) {
    const kept = this.choices.get(sheet.id);
    /** @type {Record<string, string[]>} */
    const chosen = {};
    for (const [level, slots] of Object.entries(sheet.derived.spell_slots)) {
      const known = this.known(sheet, level);
      const before = kept?.[level] ?? sheet.memorised[level] ?? [];
      const picks = [];
      for (let slot = 0; slot < slots; slot += 1) {
        const pick = before[slot] ?? known[slot % Math.max(1, known.length)] ?? "";
        if (pick && known.includes(pick)) picks.push(pick);
      }
      chosen[level] = picks;
    }
    return chosen;
  }

  /** @param {Sheet} sheet @param {string} level @returns {string[]} */
  known(sheet, level) {
    const spells = this.play.content.spells;
    return sheet.spellbook.filter((id) => String(spells[id]?.level) === level);
  }

  render() {
    const play = this.play;
    const sheet = play.actorFor(this.element);
    if (!sheet) return;
    const slots = Object.entries(sheet.derived.spell_slots).filter(([, count]) => count > 0);
    if (!slots.length) {
      replace(this.element, h("p", {}, `${sheet.name} casts no spells yet.`));
      return;
    }
    const battle = play.model.view?.combat != null;
    const chosen = this.choice(sheet);
    const memorised = Object.entries(sheet.memorised).flatMap(([, spells]) => spells);
    const castList = memorised.length
      ? memorised.map((id, index) =>
          h(
            "li",
            { class: "gb-spell", "data-spell": id, "data-index": index },
            h("span", { class: "gb-spell-name", title: play.content.spells[id]?.description ?? "" }, spellName(play.content, id)),
            h(
              "button",
              { type: "button", class: "gb-small", "data-action": "cast", "data-spell": id, disabled: !play.canAct() || undefined, onclick: () => play.castSpell(id) },
              "Cast",
            ),
          ),
        )
      : [h("li", { class: "gb-empty" }, "Nothing memorised: choose spells below and rest.")];

    const levels = slots.map(([level, count]) => {
      const known = this.known(sheet, level);
      const selects = [];
      for (let slot = 0; slot < count; slot += 1) {
        const select = h(
          "select",
          { "data-testid": "memorise-slot", "data-level": level, "aria-label": `Level ${level} spell, slot ${slot + 1}` },
          h("option", { value: "" }, "— empty —"),
          ...known.map((id) => h("option", { value: id, selected: chosen[level]?.[slot] === id || undefined }, spellName(play.content, id))),
        );
        select.addEventListener("change", () => {
          const current = this.choice(sheet);
          const picks = [...(current[level] ?? [])];
          picks[slot] = select.value;
          this.choices.set(sheet.id, { ...current, [level]: picks.filter(Boolean) });
        });
        selects.push(select);
      }
      return h("fieldset", { class: "gb-slots" }, h("legend", {}, `Level ${level}: ${count} slot${count > 1 ? "s" : ""}`), ...selects);
    });

    const rest = h(
      "button",
      { type: "button", "data-testid": "memorise", disabled: battle || !play.canAct() || undefined, onclick: () => void play.rest() },
      "Rest and memorise",
    );
    replace(
      this.element,
      h("h3", {}, "Memorised"),
      h("ul", { class: "gb-spells" }, ...castList),
      h("h3", {}, "Memorise at the next rest"),
      ...levels,
      rest,
      battle ? h("p", { class: "gb-hint" }, "There is no rest in the middle of a battle.") : h("p", { class: "gb-hint" }, "Resting needs no enemy in sight."),
      h("h3", {}, "Known spells"),
      h(
        "ul",
        { class: "gb-known" },
        ...sheet.spellbook.map((id) => {
          const def = play.content.spells[id];
          return h("li", { title: def?.description ?? "" }, `${spellName(play.content, id)} (level ${def?.level ?? "?"})`);
        }),
      ),
    );
  }
}
