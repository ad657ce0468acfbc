/**
 * The battle's bar: the round, the initiative order (whose turn it is highlighted), the movement
 * left to whoever acts, and the turn timer counting down to the moment the server ends the turn
 * (the game's turn_deadline).
 */

import { h, replace } from "../ui/dom.js";
import { vigourColour } from "./sprites.js";

/** @typedef {import("./model.js").GameModel} GameModel */

export class InitiativeBar {
  /** @param {GameModel} model */
  constructor(model) {
    this.model = model;
    this.order = h("ol", { class: "gb-order", "aria-label": "Initiative order" });
    this.round = h("span", { class: "gb-round" });
    this.whose = h("span", { class: "gb-whose", "data-testid": "turn-owner" });
    this.movement = h("span", { class: "gb-movement", "data-testid": "movement-left" });
    this.timer = h("span", { class: "gb-timer", "data-testid": "turn-timer", role: "timer", "aria-live": "off" });
    this.element = h(
      "section",
      { class: "gb-initiative", "data-testid": "initiative-bar", "aria-label": "Battle", hidden: true },
      h("div", { class: "gb-initiative-head" }, this.round, this.whose, this.movement, this.timer),
      this.order,
    );
    this.ticker = setInterval(() => this.tick(), 250);
  }

  destroy() {
    clearInterval(this.ticker);
  }

  render() {
    const model = this.model;
    const battle = model.view?.combat ?? null;
    this.element.hidden = battle === null;
    if (!battle) {
      replace(this.order);
      this.whose.textContent = "";
      return;
    }
    this.round.textContent = `Round ${battle.round}`;
    const actor = battle.actor;
    const mine = actor !== null && model.isMine(actor);
    this.whose.textContent = actor ? (mine ? `Your turn: ${model.nameOf(actor)}` : `${capital(model.nameOf(actor))} acts`) : "Waiting";
    this.whose.classList.toggle("gb-mine", mine);
    this.movement.textContent = mine ? `Move ${battle.movement_left}` : "";
    replace(
      this.order,
      ...battle.order.map((id) => {
        const chip = h(
          "li",
          {
            class: `gb-chip gb-side-${model.sides.get(id) ?? "monsters"}${id === actor ? " gb-acting" : ""}${model.isMine(id) ? " gb-own" : ""}`,
            "data-creature": id,
            "aria-current": id === actor ? "true" : undefined,
            title: capital(model.nameOf(id)),
          },
          h("span", { class: "gb-chip-name" }, shortName(model.nameOf(id))),
        );
        const tint = h("span", { class: "gb-chip-tint" });
        tint.style.background = vigourColour(model.vigour(id));
        chip.prepend(tint);
        return chip;
      }),
    );
    this.tick();
  }

  tick() {
    const deadline = this.model.game?.turn_deadline;
    if (!deadline || this.element.hidden) {
      this.timer.textContent = "";
      return;
    }
    const left = Math.max(0, Math.ceil((Date.parse(deadline) - Date.now()) / 1000));
    const text = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, "0")}`;
    if (this.timer.textContent !== text) this.timer.textContent = text;
    this.timer.classList.toggle("gb-hurry", left <= 10);
  }
}

/** @param {string} text */
function capital(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** @param {string} name */
function shortName(name) {
  const plain = name.replace(/^the /, "");
  return plain.length > 12 ? `${plain.slice(0, 11)}…` : plain;
}
