// The Genius games' lobby: each game with its rules in brief, its options and its bots; a form to
// make a match (options from the game's schema, the round deadline, bots to seat, start at once);
// and the matches to join, to watch and to replay.

import { onClick, onSubmit } from "../ui/busy.js";
import { h, replace, uniqueId } from "../ui/dom.js";
import { clearFormErrors, field, formError, setFieldError, showFormError } from "../ui/fields.js";
import { gameNamed, loadGames, playersText, RULES } from "./catalog.js";
import { matchHref, plural, replayHref, seatsLine, winnersOf } from "./format.js";
import { optionFields, optionsLine, readOptions } from "./options.js";

/** @typedef {import("../main.js").PageContext} PageContext */
/** @typedef {import("./types.js").GeniusGameInfo} GeniusGameInfo */
/** @typedef {import("./types.js").MatchInfo} MatchInfo */
/** @typedef {import("./options.js").OptionField} OptionField */

const DEFAULT_DEADLINE_S = 30;

/** A game's card: rules in brief, options and bots. @param {GeniusGameInfo} game @param {() => void} choose */
function gameCard(game, choose) {
  const options = Object.entries(game.options_schema.properties ?? {});
  return h("li", { class: "card game-card", "data-testid": "genius-game", "data-game": game.name },
    h("h3", {}, game.title),
    h("p", { class: "muted" }, playersText(game)),
    h("p", {}, RULES[game.name] ?? "A Genius game of sealed actions, played in rounds."),
    h("details", {},
      h("summary", {}, "Options and bots"),
      options.length ? h("dl", { class: "facts" }, options.flatMap(([name, spec]) => [h("dt", {}, name), h("dd", {}, `${spec.description ?? ""} Default: ${spec.default === null || spec.default === undefined ? "the game's choice" : String(spec.default)}.`)])) : h("p", {}, "No options."),
      h("ul", { class: "plain" }, game.strategies.map((bot) => h("li", {}, h("strong", {}, bot.strategy), `: ${bot.description}`)))),
    h("button", { type: "button", class: "primary", "data-testid": `new-${game.name}`, onclick: choose }, `New ${game.title} match`));
}

/** @param {HTMLElement} root @param {PageContext} ctx */
export async function mountGeniusLobby(root, ctx) {
  const { api } = ctx;
  const games = await loadGames(api);
  if (ctx.signal.aborted) return undefined;
  const me = api.accountId;

  // ------------------------------------------------------------------ the new-match form
  const gameSelect = h("select", { "data-testid": "match-game" }, games.map((game) => h("option", { value: game.name }, game.title)));
  const optionsBox = h("div", { class: "two" });
  const seats = h("input", { type: "number", inputmode: "numeric", step: 1, "data-testid": "match-seats" });
  const deadline = h("input", { type: "number", inputmode: "numeric", min: 1, max: 3600, step: 1, value: DEFAULT_DEADLINE_S, "data-testid": "match-deadline" });
  const strategy = h("select", { id: uniqueId("bot-strategy"), "data-testid": "new-bot-strategy" });
  const addBot = h("button", { type: "button", "data-testid": "new-add-bot" }, "Add this bot");
  const bots = h("ul", { class: "bot-list", "data-testid": "new-bots", "aria-live": "polite" });
  const startNow = h("input", { type: "checkbox", checked: true, "data-testid": "match-start-now" });
  const formProblem = formError("new-match-error");
  const seatsHelp = h("span", {});
  const seatsField = field("Seats", seats, seatsHelp);
  const form = h("form", { class: "card", id: "new-match", "data-testid": "new-match", novalidate: true, "aria-labelledby": "new-match-title" },
    h("h2", { id: "new-match-title", tabindex: -1 }, "New match"),
    formProblem,
    field("Game", gameSelect),
    optionsBox,
    h("div", { class: "two" }, seatsField, field("Seconds per round", deadline, "Missing actions become the game's default when a round's time runs out.")),
    h("fieldset", {},
      h("legend", {}, "Bots"),
      h("div", { class: "field" }, h("label", { for: strategy.id }, "Strategy"), strategy),
      h("div", { class: "actions" }, addBot),
      bots),
    h("label", { class: "inline-check" }, startNow, "Start as soon as it is made (you and the bots)"),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary", "data-testid": "create-match" }, "Create match")));

  /** @type {OptionField[]} */
  let optionControls = [];
  /** @type {string[]} */
  let chosenBots = [];

  function chosenGame() {
    return /** @type {GeniusGameInfo} */ (gameNamed(games, gameSelect.value) ?? games[0]);
  }

  function drawBots() {
    const game = chosenGame();
    replace(bots, chosenBots.length === 0
      ? h("li", { class: "empty" }, "No bots: others join the match to play.")
      : chosenBots.map((name, index) => {
          const remove = h("button", { type: "button", class: "quiet", "aria-label": `Remove bot ${index + 1}, ${name}` }, "Remove");
          remove.addEventListener("click", () => {
            chosenBots.splice(index, 1);
            drawBots();
            addBot.focus();
          });
          return h("li", { "data-testid": "new-bot" }, h("span", {}, `${index + 1}. ${name}`), remove);
        }));
    const wanted = Math.max(game.min_players, 1 + chosenBots.length);
    if (Number(seats.value) < wanted) seats.value = String(Math.min(wanted, game.max_players));
  }

  function chooseGame() {
    const game = chosenGame();
    const built = optionFields(game.options_schema, "option");
    optionControls = built.fields;
    replace(optionsBox, built.nodes);
    replace(strategy, game.strategies.map((bot) => h("option", { value: bot.strategy }, `${bot.strategy}: ${bot.description}`)));
    seats.min = String(game.min_players);
    seats.max = String(game.max_players);
    seats.value = String(game.min_players);
    seatsHelp.textContent = `${playersText(game)}, you included.`;
    chosenBots = [];
    drawBots();
  }

  gameSelect.addEventListener("change", chooseGame);
  addBot.addEventListener("click", () => {
    const game = chosenGame();
    if (1 + chosenBots.length >= game.max_players) {
      showFormError(formProblem, `${game.title} seats at most ${game.max_players} players.`);
      return;
    }
    chosenBots.push(strategy.value);
    drawBots();
  });
  chooseGame();

  onSubmit(form, async () => {
    clearFormErrors(form);
    const game = chosenGame();
    const options = readOptions(optionControls);
    const seatCount = Number(seats.value);
    const deadlineS = Number(deadline.value);
    let valid = options !== null;
    if (!Number.isInteger(seatCount) || seatCount < game.min_players || seatCount > game.max_players) {
      setFieldError(seats, `${game.title} is for ${playersText(game)}.`, { focus: valid });
      valid = false;
    } else if (seatCount < 1 + chosenBots.length) {
      setFieldError(seats, `You and ${plural(chosenBots.length, "bot")} need ${1 + chosenBots.length} seats.`, { focus: valid });
      valid = false;
    }
    if (!Number.isInteger(deadlineS) || deadlineS < 1 || deadlineS > 3600) {
      setFieldError(deadline, "A whole number of seconds from 1 to 3600.", { focus: valid });
      valid = false;
    }
    if (!valid || options === null) return;
    let match;
    try {
      /** @type {MatchInfo} */
      match = await api.call("match.create", { game: game.name, options, max_players: seatCount, round_deadline_s: deadlineS, join: true });
      for (const bot of chosenBots) match = await api.call("match.add_bot", { match_id: match.id, strategy: bot });
      if (startNow.checked && match.seats.length >= game.min_players) match = await api.call("match.start", { match_id: match.id });
    } catch (err) {
      ctx.showError(err);
      if (match === undefined) return;
    }
    ctx.navigate(matchHref(match.id));
  });

  // ------------------------------------------------------------------ the matches
  const filter = h("select", { "data-testid": "match-filter" }, h("option", { value: "" }, "All games"), games.map((game) => h("option", { value: game.name }, game.title)));
  const refresh = h("button", { type: "button", class: "quiet", "data-testid": "refresh-matches" }, "Refresh");
  const openList = h("ul", { class: "games", "data-testid": "open-matches" });
  const runningList = h("ul", { class: "games", "data-testid": "running-matches" });
  const finishedList = h("ul", { class: "games", "data-testid": "finished-matches" });

  /** @param {MatchInfo} match */
  function matchRow(match) {
    const mine = match.seats.some((seat) => seat.account_id !== null && seat.account_id === me);
    const free = match.max_players - match.seats.length;
    /** @type {HTMLElement} */
    let action;
    if (match.status === "finished") {
      action = h("a", { class: "button", href: replayHref(match.id), "data-testid": "match-replay" }, "Replay");
    } else if (mine) {
      action = h("a", { class: "button primary", href: matchHref(match.id), "data-testid": "match-open" }, match.status === "open" ? "Open" : "Play");
    } else if (match.status === "open") {
      const join = h("button", { type: "button", class: "primary", "data-testid": "match-join", disabled: free <= 0 }, free > 0 ? "Join" : "Full");
      onClick(join, async () => {
        try {
          await api.call("match.join", { match_id: match.id });
        } catch (err) {
          ctx.showError(err);
          await load();
          return;
        }
        ctx.navigate(matchHref(match.id));
      });
      action = join;
    } else {
      action = h("a", { class: "button", href: matchHref(match.id), "data-testid": "match-watch" }, "Watch");
    }
    const detail = match.status === "finished" ? `${winnersOf(match)}.` : match.status === "running" ? `Round ${match.round}.` : `${match.seats.length} of ${match.max_players} seats taken.`;
    return h("li", { "data-testid": "match-row", "data-match-id": match.id },
      h("div", {},
        h("strong", {}, match.title), " ", h("span", { class: `badge status-${match.status}` }, match.status),
        match.tournament_id ? h("span", { class: "badge" }, "tournament") : null,
        h("p", { class: "muted" }, `${seatsLine(match)} · ${detail} · ${optionsLine(match.options)}`)),
      h("div", { class: "actions" }, action));
  }

  /** @param {HTMLElement} list @param {MatchInfo[]} matches @param {string} none */
  function fill(list, matches, none) {
    replace(list, matches.length ? matches.map(matchRow) : h("li", { class: "empty" }, none));
  }

  async function load() {
    let matches;
    try {
      const reply = await api.call("match.list", filter.value ? { game: filter.value } : {});
      matches = /** @type {MatchInfo[]} */ (reply.matches);
    } catch (err) {
      ctx.showError(err);
      return;
    }
    if (ctx.signal.aborted) return;
    fill(openList, matches.filter((match) => match.status === "open"), "No open match: make one above.");
    fill(runningList, matches.filter((match) => match.status === "running"), "No match is being played.");
    fill(finishedList, matches.filter((match) => match.status === "finished"), "No match has finished yet.");
  }
  onClick(refresh, load);
  filter.addEventListener("change", () => void load());

  const cards = h("ul", { class: "game-cards" }, games.map((game) => gameCard(game, () => {
    gameSelect.value = game.name;
    chooseGame();
    form.scrollIntoView({ block: "start" });
    gameSelect.focus();
  })));

  replace(root,
    h("h1", {}, "Genius games"),
    h("p", { class: "lede" }, "Short games of wits for people, AI agents and bots, played in rounds of sealed actions. ", h("a", { href: "#/tournaments", "data-testid": "to-tournaments" }, "Tournaments"), " pit bots and players against each other."),
    h("section", { "aria-labelledby": "games-title" }, h("h2", { id: "games-title" }, "The games"), cards),
    form,
    h("section", { "aria-labelledby": "matches-title" },
      h("div", { class: "section-head" }, h("h2", { id: "matches-title" }, "Matches"), h("div", { class: "actions" }, h("label", { class: "sr-only", for: "match-filter" }, "Show"), filter, refresh)),
      h("h3", {}, "Open: take a seat"), openList,
      h("h3", {}, "Being played: watch"), runningList,
      h("h3", {}, "Finished: replay"), finishedList));
  filter.id = "match-filter";
  await load();
  return undefined;
}
