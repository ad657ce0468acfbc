// A match's page, for its players and its spectators: the table, the round with its countdown and
// who has acted, your action controls from `legal`, the results of each round as they resolve,
// and the final outcome. Live through the match's event stream; the state itself always comes
// from match.state, so a dropped connection or a missed event can never leave the page wrong.

import { GameStream } from "../realtime.js";
import { showConnection } from "../ui/banner.js";
import { h, replace } from "../ui/dom.js";
import { gameNamed, loadGames } from "./catalog.js";
import { countdown } from "./countdown.js";
import { replayHref, seatingOf, winnersOf } from "./format.js";
import { uiFor } from "./games/index.js";
import { optionsLine } from "./options.js";
import { outcomeTable } from "./outcome.js";
import { seatList } from "./seats.js";
import { padlock } from "./svg.js";
import { tableControls } from "./waiting_room.js";

/** @typedef {import("../main.js").PageContext} PageContext */
/** @typedef {import("../realtime.js").GameEvent} GameEvent */
/** @typedef {import("./types.js").MatchState} MatchState */
/** @typedef {import("./types.js").GameUi} GameUi */
/** @typedef {import("./types.js").Seating} Seating */

const LOG_LINES = 40;

/**
 * What the table (not the game) says about an event, or null.
 * @param {GameEvent} event @param {Seating} seating
 */
function tableNews(event, seating) {
  const data = event.data;
  switch (event.type) {
    case "match.seated":
      return `${data.name} sits in seat ${Number(data.seat) + 1}.`;
    case "match.left":
      return `${data.name} left; the seat plays the default from now on.`;
    case "match.started":
      return "The match has started.";
    case "round.defaulted":
      return `Time ran out in round ${data.round}: ${(data.seats ?? []).map((/** @type {number} */ seat) => seating.name(seat)).join(", ")} played the default.`;
    case "match.finished":
      return "The match is over.";
    default:
      return null;
  }
}

/** @param {MatchState} state */
function controlsKey(state) {
  const { match } = state;
  return JSON.stringify([match.status, match.round, state.you, state.legal, state.sealed]);
}

/**
 * @param {HTMLElement} root @param {PageContext} ctx @param {string} matchId
 */
export async function mountMatch(root, ctx, matchId) {
  const { api } = ctx;
  const [games, first] = await Promise.all([loadGames(api), api.call("match.state", { match_id: matchId })]);
  if (ctx.signal.aborted) return undefined;
  /** @type {MatchState} */
  let shown = first;
  const ui = uiFor(shown.match.game);
  const game = gameNamed(games, shown.match.game);
  document.title = `${shown.match.title} · goldbox`;

  const status = h("span", { class: "badge", "data-testid": "match-status" });
  const who = h("p", { class: "match-who", "data-testid": "match-who" });
  const result = h("p", { class: "round-result", role: "status", "aria-live": "polite", "data-testid": "round-result" });
  const roundTitle = h("h2", { id: "round-title", tabindex: -1, "data-testid": "match-round" });
  const timer = h("div");
  const yourTurn = h("div", { "data-testid": "your-turn" });
  // A fieldset, so that disabling it while an action is on its way disables every control in it,
  // the ones drawn meanwhile included.
  const controlsBox = h("div", {});
  const controlsSet = h("fieldset", { class: "action-controls", "data-testid": "action-controls" }, h("legend", { class: "sr-only" }, "Your action"), controlsBox);
  const roundCard = h("section", { class: "card round-card", "aria-labelledby": "round-title" }, roundTitle, timer, yourTurn, controlsSet);
  const board = h("section", { class: "card", "aria-label": "The game", "data-testid": "game-board" });
  const history = h("section", { class: "card", "aria-labelledby": "history-title", "data-testid": "history" });
  const seats = h("section", { class: "card", "aria-labelledby": "seats-title" });
  const table = h("div");
  const outcome = h("div");
  const log = h("ol", { class: "event-log", "data-testid": "event-log", reversed: true },
    h("li", { class: "empty" }, "Rounds resolved while this page is open are told here."));
  replace(root,
    h("p", { class: "crumbs" }, h("a", { href: "#/genius" }, "Genius games"), " / match"),
    h("h1", {}, shown.match.title, " ", status),
    who,
    result,
    h("div", { class: "match-layout" },
      h("div", { class: "match-main" }, outcome, roundCard, board, history),
      h("div", { class: "match-side" }, seats, table,
        h("section", { class: "card", "aria-labelledby": "log-title" }, h("h2", { id: "log-title" }, "What happened"), log))));

  /** @type {string | null} */
  let drawnControls = null;
  let stopTimer = () => {};

  /** Draw the page for a state (the controls only when what you may do has changed). @param {MatchState} state */
  function draw(state) {
    shown = state;
    const { match } = state;
    const seating = seatingOf(match.seats, state.you);
    status.textContent = match.status;
    status.className = `badge status-${match.status}`;
    replace(who,
      state.you === null ? h("span", { class: "badge spectating", "data-testid": "spectating" }, "Spectating") : h("span", {}, `You sit in seat ${state.you + 1}.`),
      " ", h("span", { class: "muted" }, `${match.title}, ${optionsLine(match.options)}; ${match.round_deadline_s} s per round.`),
      match.tournament_id ? h("span", {}, " ", h("a", { href: `#/tournaments/${encodeURIComponent(match.tournament_id)}` }, "Part of a tournament")) : null);

    replace(seats, h("h2", { id: "seats-title" }, "Seats"), seatList(state, ui, seating));
    replace(table, tableControls(state, game, { api, refresh, showError: ctx.showError }));
    replace(outcome, match.status === "finished" ? [outcomeTable(match, seating), h("p", {}, h("a", { class: "button", href: replayHref(match.id), "data-testid": "replay-link" }, "Step through the replay: every action revealed"))] : null);

    stopTimer();
    roundCard.hidden = match.status !== "running";
    if (match.status === "running") {
      roundTitle.textContent = `Round ${match.round}`;
      const clock = countdown(match.round_deadline, match.round);
      stopTimer = clock.stop;
      replace(timer, clock.node);
      drawControls(state, seating);
    } else {
      replace(timer);
      stopTimer = () => {};
      drawnControls = null;
      replace(yourTurn);
      replace(controlsBox);
    }
    const view = state.view;
    replace(board, match.status === "open" ? h("p", { class: "muted" }, `Waiting for players: ${match.seats.length} of ${match.max_players} seats taken.`) : ui.board(view, seating));
    replace(history, h("h2", { id: "history-title" }, ui.historyTitle ?? "Rounds so far"), match.status === "open" ? h("p", { class: "empty" }, "The match has not started.") : ui.history(view, seating));
  }

  /** @param {MatchState} state @param {Seating} seating */
  function drawControls(state, seating) {
    const key = controlsKey(state);
    if (key === drawnControls) return;
    drawnControls = key;
    const hadFocus = controlsBox.contains(document.activeElement);
    const seat = state.match.seats.find((entry) => entry.seat === state.you);
    if (state.you === null) {
      replace(yourTurn, h("p", { class: "muted" }, "You are watching: every action stays sealed until its round resolves."));
      replace(controlsBox);
    } else if (seat?.left) {
      replace(yourTurn, h("p", { class: "muted" }, "You left this match: your seat plays the default every round."));
      replace(controlsBox);
    } else if (state.sealed !== null) {
      replace(yourTurn, h("p", { class: "sealed", "data-testid": "sealed-action" },
        padlock(),
        ` Sealed: ${ui.describeAction(state.sealed, seating)}. Nobody sees it until the round resolves.`));
      replace(controlsBox);
    } else if (Object.keys(state.legal).length > 0) {
      replace(yourTurn, h("p", { class: "your-move" }, "Your move: choose before the time runs out."));
      replace(controlsBox, ui.controls(state.legal, state.view, seating, send));
    } else {
      const waiting = state.awaiting.filter((other) => !state.acted.includes(other)).map((other) => seating.name(other));
      replace(yourTurn, h("p", { class: "muted" }, waiting.length ? `Waiting for ${waiting.join(", ")}.` : "Waiting for the round to resolve."));
      replace(controlsBox);
    }
    if (hadFocus) focusControls();
  }

  /** @type {Promise<void> | null} */
  let refreshing = null;
  let again = false;

  /** Fetch match.state and draw it; calls made meanwhile share one more fetch after it. */
  function refresh() {
    if (refreshing !== null) {
      again = true;
      return refreshing;
    }
    refreshing = (async () => {
      do {
        again = false;
        let state;
        try {
          state = /** @type {MatchState} */ (await api.call("match.state", { match_id: matchId }));
        } catch (err) {
          ctx.showError(err);
          return;
        }
        if (ctx.signal.aborted) return;
        if (state.match.version >= shown.match.version) draw(state);
      } while (again);
      if (shown.match.status === "finished" && (heardTheEnd || (stream?.lastSeq ?? 0) >= shown.match.version)) {
        stopStream(); // the end is drawn and its events are in: nothing more will come
      }
    })().finally(() => {
      refreshing = null;
    });
    return refreshing;
  }

  /**
   * Seal an action for the round shown (a round that resolved meanwhile refuses it with
   * GBX_ROUND_CLOSED rather than counting it for the next one). The controls stay disabled until
   * the new state is drawn, so a second click sends nothing.
   * @param {Record<string, unknown>} action
   */
  async function send(action) {
    if (controlsSet.disabled) return;
    const hadFocus = controlsSet.contains(document.activeElement);
    controlsSet.disabled = true;
    controlsSet.setAttribute("aria-busy", "true");
    try {
      await api.call("match.act", { match_id: matchId, action, round: shown.match.round });
    } catch (err) {
      ctx.showError(err);
    }
    try {
      await refresh();
    } finally {
      controlsSet.disabled = false;
      controlsSet.removeAttribute("aria-busy");
      if (hadFocus && !root.contains(document.activeElement)) focusControls();
    }
  }

  /** Put the keyboard in the controls (or on the round's heading when there are none). */
  function focusControls() {
    const next = controlsBox.querySelector("button:not([disabled]), input:not([disabled]), select:not([disabled])");
    if (next instanceof HTMLElement) next.focus();
    else roundTitle.focus();
  }

  /** @param {string} line */
  function remember(line) {
    log.querySelector(".empty")?.remove();
    log.prepend(h("li", {}, line));
    while (log.children.length > LOG_LINES) log.lastElementChild?.remove();
  }

  /** @param {GameEvent} event */
  function onEvent(event) {
    const seating = seatingOf(shown.match.seats, shown.you);
    const line = ui.announce(event, seating) ?? tableNews(event, seating);
    if (line !== null) {
      remember(line);
      if (event.type === "match.finished") {
        heardTheEnd = true;
        result.textContent = `The match is over. ${winnersOf({ ...shown.match, outcome: { scores: event.data.scores, winners: event.data.winners } })}.`;
      } else if (!event.type.startsWith("match.")) {
        result.textContent = line;
      }
    }
    void refresh();
  }

  /** @type {GameStream | null} */
  let stream = null;
  let wasDown = false;
  let heardTheEnd = false;
  function stopStream() {
    if (stream === null) return;
    const ending = stream;
    stream = null;
    ending.close();
    showConnection(null);
  }
  if (shown.match.status !== "finished") {
    stream = new GameStream(api, matchId, {
      afterSeq: shown.match.version,
      onEvent,
      onStatus: (streamStatus) => {
        if (stream === null) return;
        showConnection(streamStatus);
        if (streamStatus === "reconnecting") wasDown = true;
        if (streamStatus === "live" && wasDown) {
          wasDown = false;
          void refresh(); // back after a drop: whatever was missed is in the state
        }
      },
      onError: (err) => ctx.showError(err),
    });
  }
  draw(shown);
  stream?.start();
  return () => {
    stopTimer();
    stopStream();
  };
}
