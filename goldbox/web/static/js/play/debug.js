/**
 * A read-only window into the play screen for tests and for curious players, so a test can find
 * the party and the monsters without reading pixels:
 *
 *   window.__goldbox.state()       a copy of {game, view, version, selected, busy, stream, asleep}:
 *                                  the last game.state (or action reply) the screen holds
 *   window.__goldbox.lastSeq()     the highest event seq the screen has handled
 *   window.__goldbox.seqs()        every event seq the screen has handled, in order
 *   window.__goldbox.idle()        true when no action or refresh is in flight and nothing walks
 *   window.__goldbox.square(x, y)  the centre of a map square in page coordinates {x, y}, or null
 *                                  when it is off the canvas (to click it)
 *
 * Nothing here changes the game; it is gone when the screen is left.
 */

/** @typedef {import("./screen.js").PlayScreen} PlayScreen */

/**
 * @typedef {{state: () => any, lastSeq: () => number, seqs: () => number[], idle: () => boolean,
 *            square: (x: number, y: number) => {x: number, y: number}|null}} DebugHook
 */

/** @param {PlayScreen} screen @returns {() => void} */
export function installDebugHook(screen) {
  /** @type {DebugHook} */
  const hook = {
    state: () =>
      structuredClone({
        game: screen.model.game,
        view: screen.model.view,
        version: screen.model.version,
        selected: screen.selected,
        busy: screen.session.busy,
        stream: screen.session.status,
        asleep: [...screen.model.asleep],
      }),
    lastSeq: () => screen.session.lastSeq,
    seqs: () => [...screen.session.handled].sort((a, b) => a - b),
    idle: () =>
      !screen.session.busy && !screen.session.refreshing && screen.session.refreshTimer === null && !(screen.map?.animating ?? false),
    square: (x, y) => {
      const map = screen.map;
      if (!map) return null;
      const rect = screen.canvas.getBoundingClientRect();
      const { ox, oy } = map.origin();
      const cx = rect.left + ox + (x + 0.5) * map.square;
      const cy = rect.top + oy + (y + 0.5) * map.square;
      const inside = cx >= rect.left && cx <= rect.right && cy >= rect.top && cy <= rect.bottom;
      return inside ? { x: cx, y: cy } : null;
    },
  };
  const holder = /** @type {{__goldbox?: DebugHook}} */ (/** @type {unknown} */ (window));
  holder.__goldbox = hook;
  return () => {
    if (holder.__goldbox === hook) delete holder.__goldbox;
  };
}
