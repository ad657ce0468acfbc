/**
 * The keyboard: arrows and WASD walk straight, Q E Z C diagonally (as on a keypad, so do the
 * number keys 1-9); letters stand for the commands on the action bar.
 */

/** A key (lower case for letters) -> a direction. @type {Record<string, string>} */
export const KEY_DIRECTIONS = {
  ArrowUp: "n",
  ArrowDown: "s",
  ArrowLeft: "w",
  ArrowRight: "e",
  w: "n",
  s: "s",
  a: "w",
  d: "e",
  q: "nw",
  e: "ne",
  z: "sw",
  c: "se",
  8: "n",
  2: "s",
  4: "w",
  6: "e",
  7: "nw",
  9: "ne",
  1: "sw",
  3: "se",
};

/** A key -> the action it stands for (the action bar shows them). @type {Record<string, string>} */
export const KEY_ACTIONS = {
  t: "attack",
  k: "cast",
  u: "use",
  g: "guard",
  f: "flee",
  " ": "end-turn",
  r: "rest",
  h: "search",
  p: "pickup",
  "+": "zoom-in",
  "=": "zoom-in",
  "-": "zoom-out",
};

/** Whether a key press belongs to a form field or a focused button, not to the game.
 * @param {KeyboardEvent} event */
export function forAField(event) {
  const target = event.target;
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || ["INPUT", "SELECT", "TEXTAREA"].includes(target.tagName)) return true;
  return ["BUTTON", "A", "SUMMARY"].includes(target.tagName) && (event.key === "Enter" || event.key === " ");
}

/** The key's name for the maps above. @param {KeyboardEvent} event */
export function keyName(event) {
  return event.key.length === 1 ? event.key.toLowerCase() : event.key;
}
