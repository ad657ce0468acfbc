// The seats of a match: who sits where, what kind of player, their standing in the game, and in a
// running round whether each awaited seat has sealed its action (never what it was).

import { h } from "../ui/dom.js";

/** @typedef {import("./types.js").MatchState} MatchState */
/** @typedef {import("./types.js").GameUi} GameUi */
/** @typedef {import("./types.js").Seating} Seating */

/** @type {Record<string, string>} */
const KINDS = { human: "player", agent: "agent", bot: "bot" };

/**
 * Where a seat stands in this round, in words (the icon next to it only repeats them).
 * @param {MatchState} state @param {number} seat
 * @returns {{text: string, mark: string, kind: string}}
 */
function roundStatus(state, seat) {
  if (state.match.status !== "running") return { text: "", mark: "", kind: "" };
  if (state.acted.includes(seat)) return { text: "sealed", mark: "✔", kind: "acted" };
  if (state.awaiting.includes(seat)) return { text: "choosing…", mark: "…", kind: "waiting" };
  return { text: "not this round", mark: "", kind: "idle" };
}

/**
 * @param {MatchState} state @param {GameUi} ui @param {Seating} seating
 */
export function seatList(state, ui, seating) {
  const { match } = state;
  const taken = match.seats.map((seat) => {
    const status = roundStatus(state, seat.seat);
    const note = match.status === "open" ? null : ui.seatNote(state.view, seat.seat);
    return h("li", { class: `seat${seat.seat === state.you ? " me" : ""}`, "data-testid": "seat", "data-seat": seat.seat, "data-status": status.kind || null },
      h("span", { class: "seat-number", "aria-hidden": "true" }, String(seat.seat + 1)),
      h("span", { class: "seat-who" },
        h("strong", {}, seating.name(seat.seat)),
        " ",
        h("span", { class: "badge" }, seat.strategy ? `bot: ${seat.strategy}` : KINDS[seat.kind] ?? seat.kind),
        seat.left ? h("span", { class: "badge" }, "left: plays the default") : null,
        note ? h("span", { class: "seat-note", "data-testid": "seat-note" }, note) : null),
      status.text ? h("span", { class: `seat-status status-${status.kind}`, "data-testid": "seat-status" }, status.mark ? h("span", { "aria-hidden": "true" }, `${status.mark} `) : null, status.text) : null);
  });
  const free = Math.max(0, match.max_players - match.seats.length);
  return h("ol", { class: "seats", "data-testid": "seats", "aria-label": "Seats" },
    taken,
    match.status === "open" && free > 0 ? h("li", { class: "seat seat-free" }, free === 1 ? "1 seat free" : `${free} seats free`) : null);
}
