/**
 * The action bar: Attack, Cast, Use, Guard, Flee and End turn in battle; Search, Rest and Pick up
 * while exploring. A button is enabled only when its action can be sent now (it is the character's
 * turn, nothing else is in flight), so a double click never sends an action twice. Cast and Use
 * open a short menu of the memorised spells or the usable items.
 */

import { h, replace } from "../ui/dom.js";
import { itemName, spellName } from "./content.js";
import { KEY_ACTIONS } from "./keys.js";

/** @typedef {import("./screen.js").Play} Play */

/** @typedef {{id: string, label: string, key: string, battle: boolean|null, run: () => void, ready: () => boolean}} Command */

const USABLE = new Set(["potion", "scroll", "wand"]);

export class ActionBar {
  /** @param {Play} play */
  constructor(play) {
    this.play = play;
    /** @type {Command[]} */
    this.commands = [
      { id: "attack", label: "Attack", key: "T", battle: null, run: () => play.attack(), ready: () => play.foes().length > 0 },
      { id: "cast", label: "Cast", key: "K", battle: null, run: () => this.openMenu("cast"), ready: () => this.spells().length > 0 },
      { id: "use", label: "Use", key: "U", battle: null, run: () => this.openMenu("use"), ready: () => this.items().length > 0 },
      { id: "guard", label: "Guard", key: "G", battle: true, run: () => void play.act("action.guard"), ready: () => true },
      { id: "flee", label: "Flee", key: "F", battle: true, run: () => void play.act("action.flee"), ready: () => true },
      { id: "end-turn", label: "End turn", key: "Space", battle: true, run: () => void play.act("action.end_turn"), ready: () => true },
      { id: "pickup", label: "Pick up", key: "P", battle: null, run: () => void play.pickUpAll(), ready: () => play.itemsHere().length > 0 },
      { id: "search", label: "Search", key: "H", battle: false, run: () => void play.act("action.search"), ready: () => true },
      { id: "rest", label: "Rest", key: "R", battle: false, run: () => void play.rest(), ready: () => true },
    ];
    /** @type {Map<string, HTMLButtonElement>} */
    this.buttons = new Map();
    for (const command of this.commands) {
      const button = h(
        "button",
        {
          type: "button",
          class: `gb-action gb-action-${command.id}`,
          "data-testid": `action-${command.id}`,
          "aria-keyshortcuts": command.key === "Space" ? "Space" : command.key,
          title: `${command.label} (${command.key})`,
          onclick: () => {
            if (!button.disabled) command.run();
          },
        },
        h("span", { class: "gb-action-label" }, command.label),
        h("kbd", {}, command.key === "Space" ? "␣" : command.key),
      );
      this.buttons.set(command.id, button);
    }
    this.menu = h("div", { class: "gb-menu", role: "menu", "data-testid": "action-menu", hidden: true });
    this.element = h("nav", { class: "gb-actions", "aria-label": "Actions" }, ...this.buttons.values(), this.menu);
    this.closeOnKey = (/** @type {KeyboardEvent} */ event) => {
      if (event.key === "Escape" && !this.menu.hidden) {
        event.stopPropagation();
        this.closeMenu();
      }
    };
    this.menu.addEventListener("keydown", this.closeOnKey);
  }

  /** The memorised spells of the acting character, once each. @returns {string[]} */
  spells() {
    const sheet = this.play.actor();
    return sheet ? [...new Set(Object.values(sheet.memorised).flat())] : [];
  }

  /** The items the acting character can use. */
  items() {
    const sheet = this.play.actor();
    const items = this.play.content.items;
    return sheet ? sheet.inventory.filter((item) => USABLE.has(items[item.base]?.kind ?? "")) : [];
  }

  /** Run the command a key stands for; true when there is one. @param {string} key */
  press(key) {
    const id = KEY_ACTIONS[key];
    if (id === "zoom-in" || id === "zoom-out") {
      this.play.zoom(id === "zoom-in" ? 1 : -1);
      return true;
    }
    const button = id ? this.buttons.get(id) : undefined;
    if (!button) return false;
    button.click();
    return true;
  }

  render() {
    const play = this.play;
    const battle = play.model.view?.combat != null;
    const free = play.canAct();
    for (const command of this.commands) {
      const button = /** @type {HTMLButtonElement} */ (this.buttons.get(command.id));
      const fits = command.battle === null || command.battle === battle;
      button.hidden = !fits;
      button.disabled = !fits || !free || !command.ready();
    }
    if (!free) this.closeMenu();
  }

  /** @param {'cast'|'use'} kind */
  openMenu(kind) {
    const play = this.play;
    const entries =
      kind === "cast"
        ? this.spells().map((id) =>
            h("button", { type: "button", role: "menuitem", "data-spell": id, onclick: () => this.pick(() => play.castSpell(id)) }, spellName(play.content, id)),
          )
        : this.items().map((item) =>
            h("button", { type: "button", role: "menuitem", "data-item": item.uid, onclick: () => this.pick(() => play.useItem(item)) }, itemName(play.content, item)),
          );
    replace(
      this.menu,
      h("p", { class: "gb-menu-title" }, kind === "cast" ? "Cast which spell?" : "Use which item?"),
      ...entries,
      h("button", { type: "button", class: "gb-small", onclick: () => this.closeMenu() }, "Never mind"),
    );
    this.menu.hidden = false;
    const first = this.menu.querySelector("button");
    if (first instanceof HTMLButtonElement) first.focus();
  }

  /** @param {() => void} run */
  pick(run) {
    this.closeMenu();
    run();
  }

  closeMenu() {
    if (this.menu.hidden) return;
    this.menu.hidden = true;
    replace(this.menu);
  }
}
