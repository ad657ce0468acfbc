// The iterated Prisoner's Dilemma's part of the pages: a move against each opponent, the payoff
// table, and each round's matrix of moves and payoffs (public once the round resolves).

import { h } from "../../ui/dom.js";
import { formError, showFormError } from "../../ui/fields.js";
import { listOf, plural } from "../format.js";

/** @typedef {import("../types.js").GameUi} GameUi */
/** @typedef {import("../types.js").Seating} Seating */
/** @typedef {{round: number, moves: (string | null)[][], payoffs: (number | null)[][]}} RoundRecord */

/** @type {Record<string, string>} */
const MOVE_WORDS = { C: "Cooperate", D: "Defect" };

/** @param {Record<string, any>} view */
function payoffTable(view) {
  const p = view.payoffs ?? { T: 5, R: 3, P: 1, S: 0 };
  return h("table", { class: "payoff-table", "data-testid": "pd-payoffs" },
    h("caption", {}, "What you earn against one opponent"),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "You \\ they"), h("th", { scope: "col", class: "num" }, "C"), h("th", { scope: "col", class: "num" }, "D"))),
    h("tbody", {},
      h("tr", {}, h("th", { scope: "row" }, "C"), h("td", { class: "num" }, `${p.R} (reward)`), h("td", { class: "num" }, `${p.S} (sucker)`)),
      h("tr", {}, h("th", { scope: "row" }, "D"), h("td", { class: "num" }, `${p.T} (temptation)`), h("td", { class: "num" }, `${p.P} (punishment)`))));
}

/**
 * One round as a matrix: row i, column j holds what seat i played against seat j and earned.
 * @param {RoundRecord} record @param {Seating} seating
 */
function roundMatrix(record, seating) {
  const seats = record.moves.map((_, seat) => seat);
  return h("table", { class: "pd-matrix", "data-testid": "pd-round", "data-round": record.round },
    h("caption", {}, `Round ${record.round}: each row's move against each column, and what it earned`),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Player"), seats.map((seat) => h("th", { scope: "col" }, `vs ${seating.name(seat)}`)), h("th", { scope: "col", class: "num" }, "Round"))),
    h("tbody", {}, seats.map((seat) => {
      const earned = record.payoffs[seat]?.reduce((sum, value) => (sum ?? 0) + (value ?? 0), 0) ?? 0;
      return h("tr", { class: seat === seating.you ? "me" : null },
        h("th", { scope: "row" }, seating.name(seat)),
        seats.map((other) => {
          const move = record.moves[seat]?.[other];
          if (move === null || move === undefined) return h("td", { class: "pd-self" }, h("span", { class: "sr-only" }, "itself"));
          const payoff = record.payoffs[seat]?.[other] ?? 0;
          return h("td", { class: `pd-cell pd-${move}`, "data-move": move }, h("strong", {}, move), ` → ${payoff}`);
        }),
        h("td", { class: "num" }, `+${earned}`));
    })));
}

/** @param {RoundRecord} record @param {Seating} seating */
function roundSentence(record, seating) {
  if (record.moves.length === 2) {
    const [a, b] = [0, 1];
    return `Round ${record.round}: ${seating.name(a)} played ${record.moves[a]?.[b]}, ${seating.name(b)} played ${record.moves[b]?.[a]}; they earned ${record.payoffs[a]?.[b]} and ${record.payoffs[b]?.[a]}.`;
  }
  const defectors = record.moves.map((row, seat) => ({ seat, defected: row.some((move) => move === "D") })).filter((entry) => entry.defected);
  const who = defectors.length === 0 ? "everyone cooperated with everyone" : `${listOf(defectors.map((entry) => seating.name(entry.seat)))} defected against someone`;
  return `Round ${record.round} resolved: ${who}.`;
}

/**
 * A move against each opponent, as toggles, with shortcuts for all at once.
 * @param {string[]} moves @param {number[]} opponents @param {Seating} seating
 * @param {(action: Record<string, unknown>) => Promise<void>} send
 */
function movesForm(moves, opponents, seating, send) {
  const error = formError("pd-error");
  const groups = opponents.map((opponent) =>
    h("fieldset", { class: "toggles", "data-testid": `pd-against-${opponent}` },
      h("legend", {}, `Against ${seating.name(opponent)}`),
      moves.map((move) => h("label", {},
        h("input", { type: "radio", name: `pd-move-${opponent}`, value: move, "data-testid": `move-${opponent}-${move}` }),
        h("span", {}, `${MOVE_WORDS[move] ?? move} (${move})`)))));
  const form = h("form", { class: "pd-moves", "data-testid": "pd-form", novalidate: true }, error, groups);
  /** @param {string} move */
  const setAll = (move) => {
    for (const input of form.querySelectorAll(`input[value="${move}"]`)) if (input instanceof HTMLInputElement) input.checked = true;
  };
  if (opponents.length > 1) {
    form.append(h("div", { class: "actions" },
      moves.map((move) => h("button", { type: "button", class: "quiet", "data-testid": `all-${move}`, onclick: () => setAll(move) }, `${MOVE_WORDS[move] ?? move} with everyone`))));
  }
  form.append(h("div", { class: "actions" }, h("button", { type: "submit", class: "primary", "data-testid": "pd-submit" }, opponents.length > 1 ? "Seal my moves" : "Seal my move")));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    /** @type {Record<string, string>} */
    const chosen = {};
    const missing = [];
    for (const opponent of opponents) {
      const picked = form.querySelector(`input[name="pd-move-${opponent}"]:checked`);
      if (picked instanceof HTMLInputElement) chosen[String(opponent)] = picked.value;
      else missing.push(seating.name(opponent));
    }
    if (missing.length) {
      showFormError(error, `Choose a move against ${listOf(missing)}.`);
      return;
    }
    error.hidden = true;
    void send({ moves: chosen });
  });
  return form;
}

/** @type {GameUi} */
export const prisonersDilemma = {
  seatNote(view, seat) {
    const totals = /** @type {number[] | undefined} */ (view.totals);
    return totals === undefined ? null : plural(totals[seat] ?? 0, "point");
  },

  board(view) {
    const chance = Math.round(Number(view.continuation) * 100);
    return h("div", { class: "game-board" },
      h("p", { class: "round-line", "data-testid": "pd-round-line" }, view.over ? `Over after ${plural(view.round, "round")}.` : `Round ${view.round}.`),
      h("p", { class: "muted" }, `Nobody knows which round is the last: after each round another follows with a ${chance}% chance, ${plural(view.max_rounds, "round")} at most.`),
      payoffTable(view));
  },

  controls(legal, _view, seating, send) {
    if (!Array.isArray(legal.moves) || !Array.isArray(legal.opponents)) return null;
    return movesForm(legal.moves, legal.opponents, seating, send);
  },

  describeAction(action, seating) {
    const moves = /** @type {Record<string, string> | undefined} */ (action.moves);
    if (moves === undefined) return typeof action.move === "string" ? action.move : "an action";
    return Object.entries(moves).map(([opponent, move]) => `${move} against ${seating.name(Number(opponent))}`).join(", ");
  },

  history(view, seating) {
    const history = /** @type {RoundRecord[]} */ (view.history ?? []);
    if (history.length === 0) return h("p", { class: "empty" }, "No round has resolved yet.");
    return h("div", { class: "table-scroll tall", "data-testid": "pd-history" }, [...history].reverse().map((record) => roundMatrix(record, seating)));
  },

  announce(event, seating) {
    if (event.type === "pd.round") return roundSentence(/** @type {RoundRecord} */ (/** @type {unknown} */ (event.data)), seating);
    if (event.type === "pd.ended") return `That was the last round: the game lasted ${plural(Number(event.data.rounds), "round")}.`;
    return null;
  },

  replayRound(round, seating) {
    const result = round.events.find((event) => event.type === "pd.round");
    return result ? roundMatrix(/** @type {RoundRecord} */ (/** @type {unknown} */ (result.data)), seating) : null;
  },
};
