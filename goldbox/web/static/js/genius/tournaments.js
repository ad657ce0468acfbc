// Tournaments: the list (running and finished) and a form to make one from bots and players.

import { onClick, onSubmit } from "../ui/busy.js";
import { h, replace, titleOf, uniqueId } from "../ui/dom.js";
import { clearFormErrors, field, formError, setFieldError, showFormError } from "../ui/fields.js";
import { gameNamed, loadGames } from "./catalog.js";
import { formatMoment, plural } from "./format.js";
import { optionFields, readOptions } from "./options.js";

/** @typedef {import("../main.js").PageContext} PageContext */
/** @typedef {import("./types.js").GeniusGameInfo} GeniusGameInfo */
/** @typedef {import("./types.js").TournamentSummary} TournamentSummary */
/** @typedef {import("./options.js").OptionField} OptionField */
/** @typedef {{kind: HTMLSelectElement, strategy: HTMLSelectElement, username: HTMLInputElement}} EntrantRow */

const MIN_ENTRANTS = 2;
const MAX_ENTRANTS = 32;
const DEFAULT_BOTS = 4;
/** @type {Record<string, string>} */
export const FORMATS = { round_robin: "Round robin", swiss: "Swiss" };

/** An optional whole number: null when empty. @param {HTMLInputElement} input */
function optionalWhole(input) {
  const text = input.value.trim();
  return text === "" ? null : Number(text);
}

/** @param {HTMLElement} root @param {PageContext} ctx */
export async function mountTournaments(root, ctx) {
  const { api } = ctx;
  const games = await loadGames(api);
  if (ctx.signal.aborted) return undefined;

  const gameSelect = h("select", { "data-testid": "tournament-game" }, games.map((game) => h("option", { value: game.name }, game.title)));
  const format = h("fieldset", { class: "toggles", "data-testid": "tournament-format" },
    h("legend", {}, "Format"),
    Object.entries(FORMATS).map(([value, label]) => h("label", {},
      h("input", { type: "radio", name: "tournament-format", value, checked: value === "round_robin", "data-testid": `format-${value}` }), h("span", {}, label))));
  const entrantList = h("ol", { class: "entrants", "data-testid": "entrants" });
  const addBot = h("button", { type: "button", "data-testid": "add-entrant-bot" }, "Add a bot");
  const addPlayer = h("button", { type: "button", "data-testid": "add-entrant-player" }, "Add a player");
  const rounds = h("input", { type: "number", inputmode: "numeric", min: 1, max: 64, step: 1, "data-testid": "tournament-rounds" });
  const tableSize = h("input", { type: "number", inputmode: "numeric", min: 2, max: 128, step: 1, "data-testid": "tournament-table-size" });
  const deadline = h("input", { type: "number", inputmode: "numeric", min: 1, max: 3600, step: 1, value: 30, "data-testid": "tournament-deadline" });
  const optionsBox = h("div", { class: "two" });
  const problem = formError("tournament-error");
  const form = h("form", { class: "card", "data-testid": "new-tournament", novalidate: true, "aria-labelledby": "new-tournament-title" },
    h("h2", { id: "new-tournament-title" }, "New tournament"),
    h("p", { class: "muted" }, "It runs itself: each round's matches start at once, and a tournament of bots plays to its end on its own. A win is worth 100 points, a draw or shared win 30."),
    problem,
    h("div", { class: "two" }, field("Game", gameSelect), format),
    h("fieldset", {}, h("legend", {}, "Entrants, in seeding order"), entrantList, h("div", { class: "actions" }, addBot, addPlayer)),
    h("div", { class: "three" },
      field("Rounds", rounds, "Empty: the format's default (one cycle of a round robin; a swiss's log2 of the entrants)."),
      field("Players per match", tableSize, "Empty: in pairs when two can play, else as many as the game takes."),
      field("Seconds per round", deadline)),
    optionsBox,
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary", "data-testid": "create-tournament" }, "Create tournament")));

  /** @type {EntrantRow[]} */
  let rows = [];
  /** @type {OptionField[]} */
  let optionControls = [];

  function game() {
    return /** @type {GeniusGameInfo} */ (gameNamed(games, gameSelect.value) ?? games[0]);
  }

  function drawEntrants() {
    replace(entrantList, rows.map((row, index) => {
      const isBot = row.kind.value === "bot";
      row.strategy.hidden = !isBot;
      row.username.hidden = isBot;
      const remove = h("button", { type: "button", class: "quiet", "aria-label": `Remove entrant ${index + 1}`, disabled: rows.length <= MIN_ENTRANTS }, "Remove");
      remove.addEventListener("click", () => {
        rows.splice(index, 1);
        drawEntrants();
        addBot.focus();
      });
      return h("li", { class: "entrant", "data-testid": "entrant" },
        h("label", { class: "sr-only", for: row.kind.id }, `Entrant ${index + 1}: bot or player`), row.kind,
        h("label", { class: "sr-only", for: row.strategy.id }, `Entrant ${index + 1}: strategy`), row.strategy,
        h("label", { class: "sr-only", for: row.username.id }, `Entrant ${index + 1}: username`), row.username,
        remove);
    }));
    addBot.disabled = addPlayer.disabled = rows.length >= MAX_ENTRANTS;
  }

  /** @param {"bot" | "player"} kind @param {string} [strategyName] */
  function entrant(kind, strategyName) {
    const kindSelect = h("select", { id: uniqueId("entrant-kind"), "data-testid": "entrant-kind" },
      h("option", { value: "bot", selected: kind === "bot" }, "Bot"), h("option", { value: "player", selected: kind === "player" }, "Player"));
    const strategy = h("select", { id: uniqueId("entrant-strategy"), "data-testid": "entrant-strategy" },
      game().strategies.map((bot) => h("option", { value: bot.strategy, selected: bot.strategy === strategyName }, bot.strategy)));
    const username = h("input", { id: uniqueId("entrant-username"), "data-testid": "entrant-username", autocomplete: "off", placeholder: "username", maxlength: 32 });
    kindSelect.addEventListener("change", drawEntrants);
    return { kind: kindSelect, strategy, username };
  }

  function chooseGame() {
    const chosen = game();
    const built = optionFields(chosen.options_schema, "tournament-option");
    optionControls = built.fields;
    replace(optionsBox, built.nodes);
    const strategies = chosen.strategies.map((bot) => bot.strategy);
    rows = Array.from({ length: DEFAULT_BOTS }, (_, index) => entrant("bot", strategies[index % strategies.length]));
    drawEntrants();
  }
  gameSelect.addEventListener("change", chooseGame);
  addBot.addEventListener("click", () => {
    rows.push(entrant("bot"));
    drawEntrants();
  });
  addPlayer.addEventListener("click", () => {
    rows.push(entrant("player"));
    drawEntrants();
    rows[rows.length - 1]?.username.focus();
  });
  chooseGame();

  onSubmit(form, async () => {
    clearFormErrors(form);
    problem.hidden = true;
    const options = readOptions(optionControls);
    let valid = options !== null;
    const entrants = [];
    for (const row of rows) {
      if (row.kind.value === "bot") {
        entrants.push({ kind: "bot", strategy: row.strategy.value });
      } else if (row.username.value.trim() === "") {
        showFormError(problem, "Give every player entrant a username, or remove the row.");
        row.username.focus();
        valid = false;
      } else {
        entrants.push({ kind: "player", username: row.username.value.trim() });
      }
    }
    for (const [input, low, high] of /** @type {[HTMLInputElement, number, number][]} */ ([[rounds, 1, 64], [tableSize, 2, 128], [deadline, 1, 3600]])) {
      const value = input === deadline ? Number(input.value) : optionalWhole(input);
      if (value !== null && (!Number.isInteger(value) || value < low || value > high)) {
        setFieldError(input, `A whole number from ${low} to ${high}.`, { focus: valid });
        valid = false;
      }
    }
    if (!valid) return;
    const picked = form.querySelector('input[name="tournament-format"]:checked');
    try {
      const made = await api.call("tournament.create", {
        game: game().name,
        format: picked instanceof HTMLInputElement ? picked.value : "round_robin",
        entrants,
        rounds: optionalWhole(rounds),
        table_size: optionalWhole(tableSize),
        options,
        round_deadline_s: Number(deadline.value),
      });
      ctx.navigate(`#/tournaments/${encodeURIComponent(made.id)}`);
    } catch (err) {
      ctx.showError(err);
    }
  });

  const list = h("ul", { class: "games", "data-testid": "tournament-list" });
  const refresh = h("button", { type: "button", class: "quiet", "data-testid": "refresh-tournaments" }, "Refresh");
  async function load() {
    let found;
    try {
      found = /** @type {TournamentSummary[]} */ ((await api.call("tournament.list")).tournaments);
    } catch (err) {
      ctx.showError(err);
      return;
    }
    if (ctx.signal.aborted) return;
    replace(list, found.length === 0 ? h("li", { class: "empty" }, "No tournament yet: make one above.") : found.map((tournament) =>
      h("li", { "data-testid": "tournament-row", "data-tournament-id": tournament.id },
        h("div", {},
          h("strong", {}, `${gameNamed(games, tournament.game)?.title ?? titleOf(tournament.game)}, ${FORMATS[tournament.format] ?? tournament.format}`), " ",
          h("span", { class: `badge status-${tournament.status}` }, tournament.status),
          h("p", { class: "muted" }, `${plural(tournament.entrants.length, "entrant")} · round ${tournament.round} of ${tournament.rounds} · ${tournament.status === "finished" ? "won by" : "led by"} ${tournament.leader ?? "nobody yet"} · ${formatMoment(tournament.created_at)}`)),
        h("a", { class: "button", href: `#/tournaments/${encodeURIComponent(tournament.id)}`, "data-testid": "tournament-open" }, "Standings"))));
  }
  onClick(refresh, load);

  replace(root,
    h("p", { class: "crumbs" }, h("a", { href: "#/genius" }, "Genius games"), " / tournaments"),
    h("h1", {}, "Tournaments"),
    form,
    h("section", { "aria-labelledby": "tournaments-title" },
      h("div", { class: "section-head" }, h("h2", { id: "tournaments-title" }, "All tournaments"), refresh),
      list));
  await load();
  return undefined;
}
