/**
 * Choosing a target: a creature to strike or to cast at, or a square to aim an area spell at. The
 * map shows the reach, the creatures that can be chosen and, for an area, the squares it would
 * cover from the square under the cursor. Click a creature or square, or move the cursor with the
 * movement keys, Tab through the creatures, and press Enter; Escape gives up.
 */

import { h } from "../ui/dom.js";
import { DIRECTIONS, areaSquares, distance } from "./grid.js";
import { KEY_DIRECTIONS } from "./keys.js";

/** @typedef {import("./types.js").Point} Point */
/** @typedef {import("./map.js").MapView} MapView */
/** @typedef {import("./model.js").GameModel} GameModel */
/** @typedef {import("./content.js").Area} Area */

/**
 * @typedef {{title: string, pick: 'creature'|'square', origin: Point, range: number|null,
 *            area: Area|null, candidates: string[],
 *            choose: (choice: {target?: string, point?: Point}) => void}} Aim
 */

export class Targeting {
  /** @param {MapView} map @param {GameModel} model @param {(text: string) => void} note */
  constructor(map, model, note) {
    this.map = map;
    this.model = model;
    this.note = note;
    /** @type {Aim|null} */ this.aim = null;
    /** @type {Point|null} */ this.cursor = null;
    this.text = h("span", { class: "gb-targeting-text" });
    this.element = h(
      "div",
      { class: "gb-targeting", "data-testid": "targeting", role: "status", hidden: true },
      this.text,
      h("button", { type: "button", class: "gb-small", "data-testid": "targeting-cancel", onclick: () => this.cancel() }, "Cancel"),
    );
  }

  get active() {
    return this.aim !== null;
  }

  /** @param {Aim} aim */
  begin(aim) {
    this.aim = aim;
    const nearest = this.ordered()[0];
    this.cursor = nearest ? this.positionOf(nearest) : aim.origin;
    this.element.hidden = false;
    this.map.canvas.focus({ preventScroll: true }); // Enter, Tab and the arrows now aim
    this.update();
  }

  cancel() {
    this.aim = null;
    this.cursor = null;
    this.element.hidden = true;
    this.map.show({});
  }

  /** The candidates, nearest first. @returns {string[]} */
  ordered() {
    const aim = this.aim;
    if (!aim) return [];
    return [...aim.candidates]
      .filter((id) => this.positionOf(id) !== null)
      .sort((a, b) => distance(aim.origin, /** @type {Point} */ (this.positionOf(a))) - distance(aim.origin, /** @type {Point} */ (this.positionOf(b))) || a.localeCompare(b));
  }

  /** @param {string} id @returns {Point|null} */
  positionOf(id) {
    const view = this.model.view;
    const found = view?.creatures.find((c) => c.id === id) ?? view?.party.find((s) => s.id === id);
    return found?.position ? [found.position[0], found.position[1]] : null;
  }

  /** The candidate standing on a square. @param {Point} point @returns {string|null} */
  candidateAt(point) {
    for (const id of this.aim?.candidates ?? []) {
      const at = this.positionOf(id);
      if (at && at[0] === point[0] && at[1] === point[1]) return id;
    }
    return null;
  }

  update() {
    const aim = this.aim;
    if (!aim) return;
    const rows = this.model.view?.map.rows ?? [];
    const cursor = this.cursor;
    const area = aim.area && cursor ? areaSquares(rows, aim.origin, cursor, aim.area) : null;
    this.map.show({
      targets: aim.pick === "creature" ? new Set(aim.candidates) : null,
      area,
      cursor,
      range: aim.range !== null ? { from: aim.origin, reach: aim.range } : null,
    });
    const under = cursor ? this.candidateAt(cursor) ?? this.model.creatureAt(cursor)?.id ?? null : null;
    const far = cursor ? distance(aim.origin, cursor) : 0;
    const what = under ? this.model.nameOf(under) : cursor ? `the square ${cursor[0]}, ${cursor[1]}` : "";
    const reach = aim.range !== null && far > aim.range ? " (out of reach)" : "";
    this.text.textContent = `${aim.title}: ${what}${reach}. Click or press Enter; Tab for the next; Esc to cancel.`;
  }

  /** Handle a key while aiming; true when it was for the aim. @param {KeyboardEvent} event */
  key(event) {
    if (!this.aim) return false;
    if (event.key === "Escape") {
      this.cancel();
      return true;
    }
    if (event.key === "Enter" || event.key === " ") {
      if (this.cursor) this.choose(this.cursor);
      return true;
    }
    if (event.key === "Tab") {
      const order = this.ordered();
      if (!order.length) return true;
      const here = this.cursor ? this.candidateAt(this.cursor) : null;
      const index = here ? order.indexOf(here) : -1;
      const next = order[(index + (event.shiftKey ? -1 : 1) + order.length) % order.length];
      this.cursor = this.positionOf(next);
      this.update();
      return true;
    }
    const direction = KEY_DIRECTIONS[event.key.length === 1 ? event.key.toLowerCase() : event.key];
    if (direction && this.cursor) {
      const [dx, dy] = DIRECTIONS[direction];
      this.cursor = [this.cursor[0] + dx, this.cursor[1] + dy];
      this.update();
      return true;
    }
    return false;
  }

  /** @param {Point|null} point */
  hover(point) {
    if (!this.aim || !point) return;
    this.cursor = point;
    this.update();
  }

  /** Choose what is on a square (a click, or Enter on the cursor). @param {Point} point */
  choose(point) {
    const aim = this.aim;
    if (!aim) return;
    if (aim.pick === "creature") {
      const target = this.candidateAt(point);
      if (!target) {
        this.note("Choose one of the marked creatures.");
        return;
      }
      this.cancel();
      aim.choose({ target });
      return;
    }
    this.cancel();
    aim.choose({ point });
  }
}
