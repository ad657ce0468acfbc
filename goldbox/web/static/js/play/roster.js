/**
 * The party, as the Gold Box games showed it beside the map: each member's name, class, hit points
 * and state. The player's own characters can be chosen (the one chosen acts); in battle the one
 * whose turn it is is marked.
 */

import { h, replace, titleOf } from "../ui/dom.js";
import { meter } from "./meter.js";

/** @typedef {import("./screen.js").Play} Play */

export class Roster {
  /** @param {Play} play */
  constructor(play) {
    this.play = play;
    this.list = h("ul", { class: "gb-roster-list" });
    this.element = h("section", { class: "gb-roster", "aria-label": "Party", "data-testid": "party-roster" }, this.list);
  }

  render() {
    const { model } = this.play;
    const view = model.view;
    if (!view) return;
    const selected = this.play.actor()?.id;
    replace(
      this.list,
      ...view.party.map((sheet) => {
        const mine = model.isMine(sheet.id);
        const acting = view.turn === sheet.id;
        const label = [
          h("span", { class: "gb-roster-name" }, sheet.name),
          h("span", { class: "gb-roster-class" }, `${titleOf(sheet.class_id ?? "")} ${sheet.level}`),
          h("span", { class: "gb-roster-hp" }, meter(sheet.hp, sheet.max_hp, `${sheet.name}'s hit points`), ` ${sheet.hp}/${sheet.max_hp}`),
          sheet.status !== "active" ? h("span", { class: "gb-roster-status" }, sheet.status) : null,
        ];
        const body = mine
          ? h(
              "button",
              {
                type: "button",
                class: "gb-roster-pick",
                "aria-pressed": sheet.id === selected ? "true" : "false",
                onclick: () => this.play.select(sheet.id),
              },
              ...label,
            )
          : h("div", { class: "gb-roster-pick" }, ...label);
        return h(
          "li",
          {
            class: `gb-roster-member${acting ? " gb-acting" : ""}${sheet.id === selected ? " gb-selected" : ""}`,
            "data-testid": "party-member",
            "data-character": sheet.id,
          },
          body,
        );
      }),
    );
  }
}

