// The Genius pages behind the shell's router: #/genius (the lobby), #/genius/match/<id> (play or
// watch), #/genius/match/<id>/replay, #/tournaments and #/tournaments/<id>.

import { h, replace } from "../ui/dom.js";
import { useStylesheet } from "../ui/stylesheet.js";
import { mountGeniusLobby } from "./lobby.js";
import { mountMatch } from "./match.js";
import { mountReplay } from "./replay.js";
import { mountTournament } from "./tournament.js";
import { mountTournaments } from "./tournaments.js";

/** @typedef {import("../main.js").PageContext} PageContext */
/** @typedef {void | (() => void)} Unmount */

/**
 * The page for a route's parts (["genius", "match", id], ["tournaments"], …).
 * @param {HTMLElement} root @param {PageContext} ctx @param {string[]} parts
 * @returns {Promise<Unmount>}
 */
function pageFor(root, ctx, parts) {
  const [section, second, third, fourth] = parts;
  if (section === "genius" && second === undefined) return mountGeniusLobby(root, ctx);
  if (section === "genius" && second === "match" && third !== undefined && fourth === undefined) return mountMatch(root, ctx, third);
  if (section === "genius" && second === "match" && third !== undefined && fourth === "replay" && parts.length === 4) return mountReplay(root, ctx, third);
  if (section === "tournaments" && second === undefined) return mountTournaments(root, ctx);
  if (section === "tournaments" && second !== undefined && third === undefined) return mountTournament(root, ctx, second);
  replace(root, h("h1", {}, "Nothing here"), h("p", {}, "This address is not a Genius page. ", h("a", { href: "#/genius" }, "Go to the Genius games.")));
  return Promise.resolve(undefined);
}

/**
 * Mount the Genius page a route names, with its stylesheet; the returned function unmounts both.
 * @param {HTMLElement} root @param {PageContext} ctx @param {string[]} parts
 * @returns {Promise<() => void>}
 */
export async function mountGeniusRoute(root, ctx, parts) {
  const releaseStyle = useStylesheet(new URL("./genius.css", import.meta.url).href);
  root.classList.add("genius");
  /** @type {Unmount} */
  let unmount;
  try {
    unmount = await pageFor(root, ctx, parts);
  } catch (err) {
    releaseStyle();
    replace(root, h("h1", {}, "This page could not be shown"), h("p", {}, h("a", { href: "#/genius" }, "Back to the Genius games")));
    throw err;
  }
  return () => {
    if (typeof unmount === "function") unmount();
    releaseStyle();
  };
}
