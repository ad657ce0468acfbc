// A finished match's replay (match.replay): step through its rounds with every action revealed,
// the round drawn the game's way, and what happened in it.

import { ApiError } from "../api.js";
import { h, replace } from "../ui/dom.js";
import { matchHref, replayHref, seatingOf } from "./format.js";
import { uiFor } from "./games/index.js";
import { outcomeTable } from "./outcome.js";

/** @typedef {import("../main.js").PageContext} PageContext */
/** @typedef {import("./types.js").Replay} Replay */
/** @typedef {import("./types.js").RoundReplay} RoundReplay */
/** @typedef {import("./types.js").LoggedEvent} LoggedEvent */
/** @typedef {import("./types.js").GameUi} GameUi */
/** @typedef {import("./types.js").Seating} Seating */

/**
 * The sentences of a list of events (those worth saying).
 * @param {LoggedEvent[]} events @param {GameUi} ui @param {Seating} seating
 */
function eventLines(events, ui, seating) {
  const lines = events.flatMap((event) => {
    if (event.type === "round.defaulted") {
      return [`Out of time: ${(event.data.seats ?? []).map((/** @type {number} */ seat) => seating.name(seat)).join(", ")} played the default.`];
    }
    const line = ui.announce(event, { ...seating, you: null });
    return line === null ? [] : [line];
  });
  if (lines.length === 0) return null;
  return h("ul", { class: "replay-events", "data-testid": "replay-events" }, lines.map((line) => h("li", {}, line)));
}

/** @param {HTMLElement} root @param {PageContext} ctx @param {string} matchId */
export async function mountReplay(root, ctx, matchId) {
  /** @type {Replay} */
  let replay;
  try {
    replay = await ctx.api.call("match.replay", { match_id: matchId });
  } catch (err) {
    if (!(err instanceof ApiError) || err.code !== "GBX_MATCH_NOT_OVER") throw err;
    replace(root,
      h("h1", {}, "Replay"),
      h("p", { class: "notice", "data-testid": "replay-not-yet" }, "This match is still being played: its replay opens once it is over, so it gives no sealed action away."),
      h("p", {}, h("a", { href: matchHref(matchId) }, "Go to the match")));
    return undefined;
  }
  if (ctx.signal.aborted) return undefined;
  const { match } = replay;
  const ui = uiFor(match.game);
  const seating = seatingOf(match.seats, null);
  const last = replay.rounds.length;
  const asked = ctx.query.has("round") ? Number(ctx.query.get("round")) : NaN;
  let step = Number.isInteger(asked) && asked >= 0 && asked <= last ? asked : Math.min(1, last);
  document.title = `Replay: ${match.title} · goldbox`;

  const position = h("p", { class: "replay-position", "aria-live": "polite", "data-testid": "replay-position" });
  const slider = h("input", { type: "range", min: 0, max: last, value: step, id: "replay-slider", "data-testid": "replay-slider" });
  const first = h("button", { type: "button", "data-testid": "replay-first" }, "« First");
  const previous = h("button", { type: "button", "data-testid": "replay-previous" }, "◀ Previous");
  const next = h("button", { type: "button", class: "primary", "data-testid": "replay-next" }, "Next ▶");
  const final = h("button", { type: "button", "data-testid": "replay-last" }, "Last »");
  const stage = h("section", { class: "card", "aria-labelledby": "step-title", "data-testid": "replay-step" });

  /** @param {number} to */
  function go(to) {
    step = Math.max(0, Math.min(last, to));
    const hash = `${replayHref(matchId)}?round=${step}`;
    if (location.hash !== hash) history.replaceState(null, "", hash);
    slider.value = String(step);
    first.disabled = previous.disabled = step === 0;
    next.disabled = final.disabled = step === last;
    position.textContent = step === 0 ? `Before round 1 (${last} in all)` : `Round ${step} of ${last}`;
    if (step === 0) {
      replace(stage, h("h2", { id: "step-title" }, "Before the first round"),
        eventLines(replay.setup, ui, seating) ?? h("p", { class: "empty" }, "Nothing was dealt before the first round."));
      return;
    }
    const round = /** @type {RoundReplay} */ (replay.rounds[step - 1]);
    const actions = Object.entries(round.actions).sort(([a], [b]) => Number(a) - Number(b));
    replace(stage,
      h("h2", { id: "step-title", "data-testid": "replay-round" }, `Round ${round.round}`),
      h("table", { "data-testid": "replay-actions" },
        h("caption", {}, "Every action of the round, revealed"),
        h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Player"), h("th", { scope: "col" }, "Action"))),
        h("tbody", {}, actions.map(([seat, action]) => h("tr", { "data-testid": "replay-action", "data-seat": seat },
          h("th", { scope: "row" }, seating.name(Number(seat))), h("td", {}, ui.describeAction(action, seating)))))),
      ui.replayRound?.(round, seating, replay) ?? null,
      eventLines(round.events, ui, seating));
  }

  first.addEventListener("click", () => go(0));
  previous.addEventListener("click", () => go(step - 1));
  next.addEventListener("click", () => go(step + 1));
  final.addEventListener("click", () => go(last));
  slider.addEventListener("input", () => go(Number(slider.value)));
  const stepper = h("nav", { class: "stepper", "aria-label": "Replay rounds" },
    h("div", { class: "actions" }, first, previous, next, final),
    h("div", { class: "field" }, h("label", { for: slider.id }, "Round"), slider),
    position,
    h("p", { class: "field-help" }, "Keys: ← and → step, Home and End jump."));
  stepper.addEventListener("keydown", (event) => {
    if (event.target === slider) return; // the slider has its own keys
    const moves = { ArrowLeft: step - 1, ArrowRight: step + 1, Home: 0, End: last };
    const to = moves[/** @type {keyof typeof moves} */ (event.key)];
    if (to === undefined) return;
    event.preventDefault();
    go(to);
  });

  replace(root,
    h("p", { class: "crumbs" }, h("a", { href: "#/genius" }, "Genius games"), " / ", h("a", { href: matchHref(matchId) }, "match"), " / replay"),
    h("h1", {}, `Replay: ${match.title}`),
    h("p", { class: "muted" }, `${match.seats.map((seat) => seat.name).join(", ")}; ${last} ${last === 1 ? "round" : "rounds"}.`),
    stepper,
    stage,
    outcomeTable(match, seating));
  go(step);
  return undefined;
}
