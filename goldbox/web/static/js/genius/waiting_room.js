// What can be done with a match besides playing it: take a free seat, seat a bot, start it once
// enough sit, leave it. Each button runs once at a time (a double click sends one call).

import { onClick } from "../ui/busy.js";
import { h, uniqueId } from "../ui/dom.js";
import { plural } from "./format.js";

/** @typedef {import("../api.js").Api} Api */
/** @typedef {import("./types.js").MatchState} MatchState */
/** @typedef {import("./types.js").GeniusGameInfo} GeniusGameInfo */
/**
 * @typedef {{api: Api, refresh: () => Promise<void>, showError: (err: unknown) => void}} TableActions
 */

/**
 * @param {string} method @param {Record<string, unknown>} params @param {TableActions} actions
 */
async function change(method, params, actions) {
  try {
    await actions.api.call(method, params);
  } catch (err) {
    actions.showError(err);
  }
  await actions.refresh();
}

/**
 * The table's own controls for this state, or null when there are none.
 * @param {MatchState} state @param {GeniusGameInfo | null} game @param {TableActions} actions
 */
export function tableControls(state, game, actions) {
  const { match } = state;
  const matchId = match.id;
  const seated = state.you !== null;
  const free = match.max_players - match.seats.length;
  if (match.status === "open") {
    const parts = [];
    if (!seated) {
      const join = h("button", { type: "button", class: "primary", "data-testid": "match-join", disabled: free <= 0 }, free > 0 ? "Take a seat" : "The table is full");
      onClick(join, () => change("match.join", { match_id: matchId }, actions));
      parts.push(h("div", { class: "actions" }, join));
    } else {
      const missing = Math.max(0, match.min_players - match.seats.length);
      if (game !== null && game.strategies.length && free > 0) {
        const strategy = h("select", { id: uniqueId("bot-strategy"), "data-testid": "bot-strategy" },
          game.strategies.map((bot) => h("option", { value: bot.strategy }, `${bot.strategy}: ${bot.description}`)));
        const add = h("button", { type: "button", "data-testid": "add-bot" }, "Seat this bot");
        onClick(add, () => change("match.add_bot", { match_id: matchId, strategy: strategy.value }, actions));
        parts.push(h("div", { class: "field" }, h("label", { for: strategy.id }, "Bot"), strategy), h("div", { class: "actions" }, add));
      }
      const start = h("button", { type: "button", class: "primary", "data-testid": "match-start", disabled: missing > 0 }, "Start the match");
      onClick(start, () => change("match.start", { match_id: matchId }, actions));
      const leave = h("button", { type: "button", class: "quiet", "data-testid": "match-leave" }, "Give up my seat");
      onClick(leave, () => change("match.leave", { match_id: matchId }, actions));
      parts.push(
        h("p", { class: "muted" }, missing > 0 ? `${plural(missing, "more player")} needed to start.` : "Enough players sit to start; more may join until you do."),
        h("div", { class: "actions" }, start, leave));
    }
    return h("section", { class: "card", "data-testid": "table-controls", "aria-labelledby": "table-title" }, h("h2", { id: "table-title" }, "The table"), parts);
  }
  if (match.status === "running" && seated && !match.seats.find((seat) => seat.seat === state.you)?.left) {
    const leave = h("button", { type: "button", class: "danger", "data-testid": "match-leave" }, "Leave the match");
    onClick(leave, () => change("match.leave", { match_id: matchId }, actions));
    return h("details", { class: "leave" }, h("summary", {}, "Leave this match"),
      h("p", {}, "Your seat stays and plays the game's default action every round until the end."), leave);
  }
  return null;
}
