/**
 * The play screen's entry point, loaded by the shell for `#/play/<game_id>/<character_id>`.
 */

import { useStylesheet } from "../ui/stylesheet.js";
import { PlayScreen } from "./screen.js";

/** @typedef {import("../main.js").PlayContext} PlayContext */

/**
 * Mounts the play screen for one game into `root`; returns a function that unmounts it.
 * @param {HTMLElement} root
 * @param {PlayContext} ctx
 * @returns {Promise<() => void>}
 */
export async function mountPlay(root, ctx) {
  const dropStyle = useStylesheet(new URL("./play.css", import.meta.url).href);
  const screen = new PlayScreen(root, {
    api: ctx.api,
    gameId: ctx.gameId,
    characterId: ctx.characterId,
    openStream: ctx.openStream,
    showError: ctx.showError,
    navigate: ctx.navigate,
  });
  try {
    await screen.start();
  } catch (err) {
    screen.destroy();
    dropStyle();
    throw err;
  }
  return () => {
    screen.destroy();
    dropStyle();
  };
}
