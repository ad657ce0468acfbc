// The Minority Game's part of the pages: the two sides to choose from, each round's head count
// (who chose what stays sealed; the replay reveals it), and the minority of every round.

import { h } from "../../ui/dom.js";
import { plural } from "../format.js";
import { svg } from "../svg.js";

/** @typedef {import("../types.js").GameUi} GameUi */
/** @typedef {import("../types.js").Seating} Seating */
/** @typedef {{round: number, counts: {A: number, B: number}, minority: string}} RoundRecord */

const CHART_ROUNDS = 40;

/** Side A and side B drawn as the pages' two colours, with the letter on them. @param {string} side */
function sideMark(side) {
  return svg("svg", { viewBox: "0 0 40 40", class: `side-mark side-mark-${side}`, "aria-hidden": "true" },
    svg("circle", { cx: 20, cy: 20, r: 18 }),
    svg("text", { x: 20, y: 27, "text-anchor": "middle" }, side));
}

/**
 * Each round's head count as a stacked bar (A below, B above), the minority side outlined; the
 * table next to it holds the same numbers for screen readers.
 * @param {RoundRecord[]} history @param {number} players @param {number} rounds the game's length
 */
function countsChart(history, players, rounds) {
  const shown = history.slice(-CHART_ROUNDS);
  const width = Math.max(shown.length, Math.min(rounds, CHART_ROUNDS), 12) * 12;
  const chart = svg("svg", { viewBox: `0 0 ${width} 64`, class: "minority-chart", "aria-hidden": "true", preserveAspectRatio: "none" });
  chart.append(svg("line", { x1: 0, x2: width, y1: 32, y2: 32, class: "chart-half" }));
  shown.forEach((record, index) => {
    const a = (record.counts.A / players) * 64;
    const x = index * 12 + 2;
    chart.append(svg("rect", { x, y: 64 - a, width: 8, height: a, class: `bar-A${record.minority === "A" ? " bar-minority" : ""}` }));
    chart.append(svg("rect", { x, y: 0, width: 8, height: 64 - a, class: `bar-B${record.minority === "B" ? " bar-minority" : ""}` }));
  });
  return chart;
}

/** @param {RoundRecord} record */
function roundSentence(record) {
  const { A, B } = record.counts;
  const minority = record.minority === "A" ? A : B;
  const scored = minority === 0 ? "nobody scored" : `${plural(minority, "player")} scored`;
  return `Round ${record.round}: side ${record.minority} was the minority (${A} chose A, ${B} chose B); ${scored}.`;
}

/** @type {GameUi} */
export const minority = {
  seatNote(view, seat) {
    const scores = /** @type {number[] | undefined} */ (view.scores);
    return scores === undefined ? null : plural(scores[seat] ?? 0, "point");
  },

  board(view) {
    const history = /** @type {RoundRecord[]} */ (view.history ?? []);
    const last = history[history.length - 1];
    return h("div", { class: "game-board" },
      h("p", { class: "round-line", "data-testid": "minority-round" },
        view.over ? `All ${plural(view.rounds, "round")} played.` : `Round ${view.round} of ${view.rounds}.`),
      last ? h("p", { class: "muted" }, roundSentence(last)) : h("p", { class: "muted" }, "No round has resolved yet."));
  },

  controls(legal, _view, _seating, send) {
    const choices = /** @type {string[] | undefined} */ (legal.choices);
    if (!Array.isArray(choices)) return null;
    return h("div", { class: "choice-pair", role: "group", "aria-label": "Choose your side" },
      choices.map((side) => h("button", {
        type: "button",
        class: `side-button side-${side}`,
        "data-testid": `choice-${side}`,
        onclick: () => void send({ choice: side }),
      }, sideMark(side), `Side ${side}`)));
  },

  describeAction(action) {
    return typeof action.choice === "string" ? `side ${action.choice}` : "an action";
  },

  history(view) {
    const history = /** @type {RoundRecord[]} */ (view.history ?? []);
    if (history.length === 0) return h("p", { class: "empty" }, "No round has resolved yet.");
    const rows = [...history].reverse().map((record) =>
      h("tr", { "data-testid": "history-round", "data-round": record.round },
        h("th", { scope: "row" }, `Round ${record.round}`),
        h("td", { class: "num" }, record.counts.A),
        h("td", { class: "num" }, record.counts.B),
        h("td", {}, h("span", { class: `badge side-badge side-${record.minority}` }, `Side ${record.minority}`))));
    return h("div", { "data-testid": "minority-history" },
      countsChart(history, Number(view.players) || 1, Number(view.rounds) || history.length),
      h("div", { class: "table-scroll" },
        h("table", {},
          h("caption", {}, "Head count per round (newest first)"),
          h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Round"), h("th", { scope: "col", class: "num" }, "Chose A"), h("th", { scope: "col", class: "num" }, "Chose B"), h("th", { scope: "col" }, "Minority"))),
          h("tbody", {}, rows))));
  },

  announce(event) {
    if (event.type === "minority.round") return roundSentence(/** @type {RoundRecord} */ (/** @type {unknown} */ (event.data)));
    return null;
  },
};
