// A finished match's result: every seat's score and who won.

import { h } from "../ui/dom.js";
import { formatScore, winnersOf } from "./format.js";

/** @typedef {import("./types.js").MatchInfo} MatchInfo */
/** @typedef {import("./types.js").Seating} Seating */

/** @param {MatchInfo} match @param {Seating} seating */
export function outcomeTable(match, seating) {
  const outcome = match.outcome;
  if (outcome === null) return null;
  const order = outcome.scores.map((score, seat) => ({ seat, score })).sort((a, b) => b.score - a.score || a.seat - b.seat);
  return h("section", { class: "card outcome", "data-testid": "outcome", "aria-labelledby": "outcome-title" },
    h("h2", { id: "outcome-title" }, "Final outcome"),
    h("p", { class: "outcome-line", "data-testid": "outcome-winners" }, `${winnersOf(match)}.`),
    h("table", {},
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Player"), h("th", { scope: "col", class: "num" }, "Score"), h("th", { scope: "col" }, "Result"))),
      h("tbody", {}, order.map(({ seat, score }) => {
        const won = outcome.winners.includes(seat);
        return h("tr", { class: seat === seating.you ? "me" : null, "data-testid": "outcome-row", "data-seat": seat },
          h("th", { scope: "row" }, seating.name(seat)),
          h("td", { class: "num", "data-testid": "outcome-score", "data-score": score }, formatScore(score)),
          h("td", {}, won ? h("span", { class: "badge badge-good" }, outcome.winners.length > 1 ? "Shared win" : "Winner") : ""));
      }))));
}
