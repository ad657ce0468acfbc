// The Genius games this server runs (genius.games), fetched once per page load, with a short
// summary of each game's rules for people choosing one (the full rules are in docs/GENIUS.md).

/** @typedef {import("../api.js").Api} Api */
/** @typedef {import("./types.js").GeniusGameInfo} GeniusGameInfo */

/** @type {Record<string, string>} */
export const RULES = {
  minority:
    "Every round each player picks side A or side B at the same time. Those on the side fewer players chose score a point; the most points after the last round wins. Copying the crowd cannot work: a crowd that thinks alike is the majority.",
  prisoners_dilemma:
    "Every round you cooperate (C) or defect (D) against each other player. Both cooperate: 3 each; both defect: 1 each; a defector against a cooperator: 5 and 0. Nobody knows which round is the last. The highest total wins.",
  liars_dice:
    "Everyone rolls a hidden cup of dice. In turn, bid that at least so many dice on the whole table show a face (ones are wild), always higher than the last bid, or call the last bidder a liar. The loser of a challenge loses a die; the last player with dice wins.",
  byzantine_generals:
    "Generals must agree to attack or retreat, sending private orders, while secret traitors try to split them. After the message rounds everyone votes: the loyal win if they all vote the same way.",
  consciousness_emergence:
    "Players grow one neural network on a 19 × 19 board, a neuron each per round. Links, loops, synchrony and integration raise a shared consciousness level; your score is the part of it your neurons make.",
};

/** @type {Promise<GeniusGameInfo[]> | null} */
let games = null;

/**
 * Every game with its options and bots (the list does not change while the server runs).
 * @param {Api} api
 * @returns {Promise<GeniusGameInfo[]>}
 */
export function loadGames(api) {
  games ??= api.call("genius.games").then(
    (reply) => /** @type {GeniusGameInfo[]} */ (reply.games),
    (err) => {
      games = null; // a failure is not remembered: the next page asks again
      throw err;
    },
  );
  return games;
}

/** @param {GeniusGameInfo[]} all @param {string} name */
export function gameNamed(all, name) {
  return all.find((game) => game.name === name) ?? null;
}

/** "3 to 101 players" / "2 players". @param {GeniusGameInfo} game */
export function playersText(game) {
  return game.min_players === game.max_players ? `${game.min_players} players` : `${game.min_players} to ${game.max_players} players`;
}
