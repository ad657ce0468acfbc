// Any other Genius game: its view as readable facts, and the simple shapes of `legal` as buttons
// (`{"pass": true}` -> a Pass button; `{"vote": ["a", "b"]}` -> one button per value). Richer
// actions need the game's own module; the page says so instead of guessing.

import { h, titleOf } from "../../ui/dom.js";

/** @typedef {import("../types.js").GameUi} GameUi */

const MAX_ITEMS = 12;

/**
 * A JSON value in words, nested values as lists (long lists cut short).
 * @param {unknown} value @param {number} depth
 * @returns {Node | string}
 */
function readable(value, depth = 0) {
  if (value === null || value === undefined) return "—";
  if (typeof value !== "object") return String(value);
  if (Array.isArray(value)) {
    if (value.every((item) => item === null || typeof item !== "object")) {
      const shown = value.slice(0, MAX_ITEMS * 2).map((item) => (item === null ? "—" : String(item))).join(", ");
      return value.length > MAX_ITEMS * 2 ? `${shown}, … (${value.length} in all)` : shown || "none";
    }
    if (depth >= 2) return `${value.length} items`;
    const items = value.slice(0, MAX_ITEMS).map((item) => h("li", {}, readable(item, depth + 1)));
    return h("ol", { class: "facts-list" }, items, value.length > MAX_ITEMS ? h("li", { class: "muted" }, `… ${value.length - MAX_ITEMS} more`) : null);
  }
  if (depth >= 2) return `${Object.keys(value).length} entries`;
  return facts(/** @type {Record<string, unknown>} */ (value), depth + 1);
}

/** @param {Record<string, unknown>} record @param {number} depth */
function facts(record, depth) {
  return h("dl", { class: "facts" }, Object.entries(record).flatMap(([name, value]) => [h("dt", {}, titleOf(name)), h("dd", {}, readable(value, depth))]));
}

/** @type {GameUi} */
export const generic = {
  seatNote(view, seat) {
    for (const key of ["scores", "totals", "contributions"]) {
      const values = view[key];
      if (Array.isArray(values) && typeof values[seat] === "number") return `${titleOf(key)}: ${values[seat]}`;
    }
    return null;
  },

  board(view) {
    const { game: _game, ...rest } = view;
    return h("div", { class: "game-board", "data-testid": "generic-view" }, facts(rest, 0));
  },

  controls(legal, _view, _seating, send) {
    const buttons = [];
    const unsupported = [];
    for (const [name, value] of Object.entries(legal)) {
      if (value === true) {
        buttons.push(h("button", { type: "button", "data-testid": `act-${name}`, onclick: () => void send({ [name]: true }) }, titleOf(name)));
      } else if (Array.isArray(value) && value.every((item) => typeof item === "string" || typeof item === "number")) {
        for (const item of value) {
          buttons.push(h("button", { type: "button", "data-testid": `act-${name}-${item}`, onclick: () => void send({ [name]: item }) }, `${titleOf(name)}: ${item}`));
        }
      } else {
        unsupported.push(titleOf(name));
      }
    }
    if (buttons.length === 0 && unsupported.length === 0) return null;
    return h("div", {},
      buttons.length ? h("div", { class: "actions", role: "group", "aria-label": "Your action" }, buttons) : null,
      unsupported.length ? h("p", { class: "notice" }, `This page cannot build these actions: ${unsupported.join(", ")}. Send them with match.act through the API.`) : null);
  },

  describeAction(action) {
    return Object.entries(action).map(([name, value]) => `${titleOf(name).toLowerCase()} ${typeof value === "object" ? JSON.stringify(value) : String(value)}`).join(", ");
  },

  history() {
    return null;
  },

  announce(event) {
    if (!event.type.includes(".") || event.type.startsWith("match.") || event.type.startsWith("round.")) return null;
    return `${titleOf(event.type.split(".").slice(1).join(" "))}.`;
  },
};
