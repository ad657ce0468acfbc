// The lobby: open a new adventure, see who is in each open one, and join with a character.

import { onClick, onSubmit } from "../ui/busy.js";
import { h, replace, titleOf } from "../ui/dom.js";
import { field } from "../ui/fields.js";
import { tutorialInvite } from "../ui/tutorial_invite.js";

/** @typedef {import("../main.js").PageContext} PageContext */
/** @typedef {import("./characters.js").CharacterInfo} CharacterInfo */
/**
 * @typedef {{character_id: string, account_id: string, name: string}} PlayerInfo
 * @typedef {{id: string, status: string, difficulty: number, depth: number, current_depth: number,
 *            max_players: number, players: PlayerInfo[]}} GameInfo
 */

/** @param {number} low @param {number} high @param {number} chosen @param {string} testid @param {(n: number) => string} [label] */
function numberSelect(low, high, chosen, testid, label = String) {
  const select = h("select", { "data-testid": testid });
  for (let n = low; n <= high; n += 1) select.append(h("option", { value: n, selected: n === chosen }, label(n)));
  return select;
}

/** @param {HTMLElement} root @param {PageContext} ctx */
export async function mountLobby(root, ctx) {
  const playAs = h("select", { "data-testid": "play-as" });
  const playAsField = field("Play as", playAs, "A character not already in an adventure.");
  const games = h("ul", { class: "games", "data-testid": "game-list", "aria-live": "polite" });
  const refresh = h("button", { type: "button", class: "quiet", "data-testid": "refresh-games" }, "Refresh");
  const difficulty = numberSelect(1, 10, 3, "game-difficulty", (n) => (n === 1 ? "1 (gentle)" : n === 10 ? "10 (deadly)" : String(n)));
  const depth = numberSelect(1, 20, 3, "game-depth", (n) => (n === 1 ? "1 level" : `${n} levels`));
  const size = numberSelect(1, 8, 4, "game-size", (n) => (n === 1 ? "1 player" : `${n} players`));
  const create = h("form", { class: "card", "data-testid": "create-game" },
    h("h2", {}, "New adventure"),
    h("p", { class: "muted" }, "A dungeon is generated for it; players join beside the entrance."),
    h("div", { class: "three" }, field("Difficulty", difficulty), field("Depth", depth), field("Party size", size)),
    h("button", { type: "submit", class: "primary", "data-testid": "create-game-submit" }, "Create adventure"));
  const noCharacters = h("p", { class: "notice", hidden: true, "data-testid": "no-characters" },
    "You have no character free to play. ", h("a", { href: "#/characters" }, "Make one first."));

  /** @type {CharacterInfo[]} */
  let characters = [];
  /** @type {string | null} */
  let highlight = null;

  async function load() {
    let listed;
    try {
      const [mine, open] = await Promise.all([ctx.api.call("character.list"), ctx.api.call("game.list")]);
      characters = mine.characters;
      listed = /** @type {GameInfo[]} */ (open.games);
    } catch (err) {
      ctx.showError(err);
      return;
    }
    if (ctx.signal.aborted) return;
    const free = characters.filter((character) => character.game_id === null);
    const previous = playAs.value;
    replace(playAs, free.map((character) => h("option", { value: character.id }, `${character.name}, ${titleOf(character.race)} ${character.class_id} ${character.level}`)));
    if (free.some((character) => character.id === previous)) playAs.value = previous;
    playAsField.hidden = free.length === 0;
    noCharacters.hidden = free.length > 0;
    if (listed.length === 0) {
      replace(games, h("li", { class: "empty" }, "No open adventures: create one above."));
      return;
    }
    replace(games, listed.map((game) => gameEntry(game)));
    if (highlight !== null) {
      // The adventure just created: its Join button is the next thing to press.
      const join = games.querySelector(`[data-game-id="${CSS.escape(highlight)}"] [data-testid="join-game"]`);
      if (join instanceof HTMLButtonElement) join.focus();
      highlight = null;
    }
  }

  /** @param {GameInfo} game */
  function gameEntry(game) {
    const mine = game.players.find((player) => characters.some((character) => character.id === player.character_id));
    const who = game.players.length ? game.players.map((player) => player.name).join(", ") : "nobody yet";
    const full = game.players.length >= game.max_players;
    const actions = h("div", { class: "actions" });
    if (mine !== undefined) {
      actions.append(h("a", { class: "button primary", href: `#/play/${encodeURIComponent(game.id)}/${encodeURIComponent(mine.character_id)}`, "data-testid": "resume-game" }, `Resume as ${mine.name}`));
    } else {
      const join = h("button", { type: "button", class: "primary", "data-testid": "join-game", disabled: full || game.status === "finished" }, full ? "Full" : "Join");
      join.setAttribute("aria-label", full ? "This adventure is full" : `Join the adventure with ${who === "nobody yet" ? "no players yet" : who}`);
      onClick(join, async () => {
        const characterId = playAs.value;
        if (!characterId) {
          noCharacters.hidden = false;
          return;
        }
        try {
          await ctx.api.call("game.join", { game_id: game.id, character_id: characterId });
        } catch (err) {
          ctx.showError(err);
          await load();
          return;
        }
        ctx.navigate(`#/play/${encodeURIComponent(game.id)}/${encodeURIComponent(characterId)}`);
      });
      actions.append(join);
    }
    return h("li", { "data-testid": "game-row", "data-game-id": game.id, class: game.id === highlight ? "new" : null },
      h("div", {},
        h("strong", {}, `Difficulty ${game.difficulty}, ${game.depth} ${game.depth === 1 ? "level" : "levels"}`), " ",
        h("span", { class: `badge status-${game.status}` }, game.status),
        h("p", { class: "muted" }, `On level ${game.current_depth} · ${game.players.length} of ${game.max_players} players: `, h("span", { "data-testid": "game-players" }, who))),
      actions);
  }

  onSubmit(create, async () => {
    try {
      const game = await ctx.api.call("game.create", { difficulty: Number(difficulty.value), depth: Number(depth.value), max_players: Number(size.value) });
      highlight = game.id;
    } catch (err) {
      ctx.showError(err);
      return;
    }
    await load();
  });
  onClick(refresh, load);

  replace(root,
    h("h1", {}, "Lobby"),
    tutorialInvite(ctx.api.accountId, ctx.navigate),
    create,
    h("section", { "aria-labelledby": "open-title" },
      h("div", { class: "section-head" }, h("h2", { id: "open-title" }, "Open adventures"), refresh),
      playAsField, noCharacters, games));
  await load();
}
