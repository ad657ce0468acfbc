// Consciousness Emergence's part of the pages: the shared 19 × 19 board drawn on a canvas (neurons
// by owner and type, their links), the level and each seat's contribution, and a placement form
// limited to the empty squares (a click on the board picks the square too).

import { h, titleOf, uniqueId } from "../../ui/dom.js";
import { formatScore, plural } from "../format.js";

/** @typedef {import("../types.js").GameUi} GameUi */
/** @typedef {import("../types.js").Seating} Seating */
/** @typedef {{id: number, x: number, y: number, type: string, owner: number, round: number}} Neuron */

const CELL = 24;
const OWNER_COLOURS = ["#f2c14e", "#7cc7ff", "#8fe3a2", "#ff8f85", "#c9a6ff", "#ffb36b", "#6fe0d8", "#f48fd0"];
const PICKED = "genius-square-picked";

/**
 * The board: grid, links (brighter when stronger), neurons as discs in their owner's colour with
 * their type's letter. A click tells the placement form which square was picked.
 * @param {Record<string, any>} view @param {{x: number, y: number} | null} [mark]
 */
function boardCanvas(view, mark = null) {
  const size = Number(view.board_size) || 19;
  const canvas = h("canvas", { width: size * CELL, height: size * CELL, class: "mind-board", role: "img", "data-testid": "ce-board" });
  const neurons = /** @type {Neuron[]} */ (view.neurons ?? []);
  canvas.setAttribute("aria-label", `The ${size} by ${size} board: ${plural(neurons.length, "neuron")}, ${plural((view.links ?? []).length, "link")}, level ${formatScore(Number(view.level ?? 0))}.`);
  const pen = canvas.getContext("2d");
  if (pen !== null) {
    pen.fillStyle = "#12151b";
    pen.fillRect(0, 0, canvas.width, canvas.height);
    pen.strokeStyle = "#2a303c";
    pen.lineWidth = 1;
    for (let i = 0; i <= size; i += 1) {
      pen.beginPath(); pen.moveTo(i * CELL + 0.5, 0); pen.lineTo(i * CELL + 0.5, size * CELL); pen.stroke();
      pen.beginPath(); pen.moveTo(0, i * CELL + 0.5); pen.lineTo(size * CELL, i * CELL + 0.5); pen.stroke();
    }
    const byId = new Map(neurons.map((neuron) => [neuron.id, neuron]));
    for (const [a, b, strength] of /** @type {[number, number, number][]} */ (view.links ?? [])) {
      const from = byId.get(a);
      const to = byId.get(b);
      if (!from || !to) continue;
      pen.strokeStyle = `rgba(236, 234, 230, ${Math.min(0.9, 0.2 + strength)})`;
      pen.lineWidth = 1 + strength * 2;
      pen.beginPath();
      pen.moveTo((from.x + 0.5) * CELL, (from.y + 0.5) * CELL);
      pen.lineTo((to.x + 0.5) * CELL, (to.y + 0.5) * CELL);
      pen.stroke();
    }
    pen.font = `bold ${CELL * 0.5}px system-ui, sans-serif`;
    pen.textAlign = "center";
    pen.textBaseline = "middle";
    for (const neuron of neurons) {
      pen.fillStyle = OWNER_COLOURS[neuron.owner % OWNER_COLOURS.length] ?? "#fff";
      pen.beginPath();
      pen.arc((neuron.x + 0.5) * CELL, (neuron.y + 0.5) * CELL, CELL * 0.4, 0, Math.PI * 2);
      pen.fill();
      pen.fillStyle = "#111";
      pen.fillText(neuron.type.charAt(0).toUpperCase(), (neuron.x + 0.5) * CELL, (neuron.y + 0.5) * CELL + 1);
    }
    if (mark !== null) {
      pen.strokeStyle = "#7cc7ff";
      pen.lineWidth = 3;
      pen.strokeRect(mark.x * CELL + 2, mark.y * CELL + 2, CELL - 4, CELL - 4);
    }
  }
  canvas.addEventListener("click", (event) => {
    const box = canvas.getBoundingClientRect();
    const x = Math.floor(((event.clientX - box.left) / box.width) * size);
    const y = Math.floor(((event.clientY - box.top) / box.height) * size);
    document.dispatchEvent(new CustomEvent(PICKED, { detail: { x, y } }));
  });
  return canvas;
}

/**
 * A neuron type, a column and a row among the empty squares; Place, or Pass.
 * @param {Record<string, any>} legal @param {(action: Record<string, unknown>) => Promise<void>} send
 */
function placementForm(legal, send) {
  const squares = /** @type {[number, number][]} */ (legal.place?.squares ?? []);
  const types = /** @type {string[]} */ (legal.place?.types ?? []);
  /** @type {Map<number, number[]>} */
  const rowsBy = new Map();
  for (const [x, y] of squares) rowsBy.set(x, [...(rowsBy.get(x) ?? []), y]);
  const type = h("select", { id: uniqueId("ce-type"), "data-testid": "ce-type" }, types.map((name) => h("option", { value: name }, titleOf(name))));
  const column = h("select", { id: uniqueId("ce-x"), "data-testid": "ce-x" }, [...rowsBy.keys()].sort((a, b) => a - b).map((x) => h("option", { value: x }, `Column ${x}`)));
  const row = h("select", { id: uniqueId("ce-y"), "data-testid": "ce-y" });
  function limitRows() {
    const previous = row.value;
    const rows = rowsBy.get(Number(column.value)) ?? [];
    row.replaceChildren(...rows.map((y) => h("option", { value: y }, `Row ${y}`)));
    if (previous !== "" && rows.includes(Number(previous))) row.value = previous;
  }
  column.addEventListener("change", limitRows);
  limitRows();
  const form = h("form", { class: "ce-place", "data-testid": "ce-form", novalidate: true },
    squares.length ? h("div", { class: "three" },
      h("div", { class: "field" }, h("label", { for: type.id }, "Neuron"), type),
      h("div", { class: "field" }, h("label", { for: column.id }, "Column (x)"), column),
      h("div", { class: "field" }, h("label", { for: row.id }, "Row (y)"), row)) : null,
    h("p", { class: "field-help" }, "Or click a square on the board."),
    h("div", { class: "actions" },
      squares.length ? h("button", { type: "submit", class: "primary", "data-testid": "ce-place" }, "Place neuron") : null,
      legal.pass === true ? h("button", { type: "button", "data-testid": "ce-pass", onclick: () => void send({ pass: true }) }, "Pass") : null));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void send({ place: { x: Number(column.value), y: Number(row.value), type: type.value } });
  });
  /** @param {Event} event */
  const picked = (event) => {
    if (!form.isConnected) {
      document.removeEventListener(PICKED, picked);
      return;
    }
    const { x, y } = /** @type {CustomEvent<{x: number, y: number}>} */ (event).detail;
    if (!(rowsBy.get(x) ?? []).includes(y)) return;
    column.value = String(x);
    limitRows();
    row.value = String(y);
    type.focus();
  };
  document.addEventListener(PICKED, picked);
  return form;
}

/** @type {GameUi} */
export const consciousnessEmergence = {
  seatNote(view, seat) {
    const contributions = /** @type {number[] | undefined} */ (view.contributions);
    return contributions === undefined ? null : `contributes ${formatScore(contributions[seat] ?? 0)}`;
  },

  board(view) {
    const patterns = view.patterns ?? {};
    const target = Number(view.options?.target_level ?? 0.8);
    return h("div", { class: "game-board" },
      h("p", { class: "round-line", "data-testid": "ce-level" },
        `Round ${view.round} of at most ${view.options?.max_rounds ?? "?"}. Level ${formatScore(Number(view.level ?? 0))} of ${formatScore(target)} needed.`),
      h("meter", { min: 0, max: 1, value: Number(view.level ?? 0), high: target, "aria-label": "Consciousness level" }),
      h("div", { class: "board-scroll" }, boardCanvas(view)),
      h("p", { class: "muted" }, `${plural(Number(patterns.loop_count ?? 0), "loop")}, ${plural(Number(patterns.beat_count ?? 0), "synchronised link")}, the largest active assembly ${plural(Number(patterns.assembly_size ?? 0), "neuron")} of ${plural(Number(patterns.assembly_types ?? 0), "type")}.`));
  },

  controls(legal, _view, _seating, send) {
    if (!legal.place && legal.pass !== true) return null;
    return placementForm(legal, send);
  },

  describeAction(action) {
    if (action.pass === true) return "a pass";
    const place = action.place;
    return place ? `a ${place.type} at column ${place.x}, row ${place.y}` : "an action";
  },

  historyTitle: "Neurons placed",

  history(view) {
    const neurons = /** @type {Neuron[]} */ (view.neurons ?? []);
    if (neurons.length === 0) return h("p", { class: "empty" }, "No neuron placed yet.");
    return h("p", { class: "muted" }, `${plural(neurons.length, "neuron")} placed so far; the board above shows them all.`);
  },

  announce(event, seating) {
    const data = event.data;
    switch (event.type) {
      case "consciousness_emergence.neuron_placed":
        return `${seating.name(data.owner)} placed a ${data.type} at column ${data.x}, row ${data.y}.`;
      case "consciousness_emergence.neuron_collided":
        return `Collision at column ${data.x}, row ${data.y}: nobody placed there.`;
      case "consciousness_emergence.measured":
        return `Round ${data.round}: the level is ${formatScore(Number(data.level))}.`;
      case "consciousness_emergence.ended":
        return `The game ended (${String(data.reason).replaceAll("_", " ")}) at level ${formatScore(Number(data.level))}.`;
      default:
        return null;
    }
  },
};
