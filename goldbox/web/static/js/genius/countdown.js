// The countdown to a round's deadline, ticking once a second (a timer role: not read out each tick).

import { h } from "../ui/dom.js";
import { formatSeconds } from "./format.js";

/**
 * A countdown for `deadline` (ISO 8601), or nothing when the round has none. The returned `stop`
 * ends the ticking (the page calls it before drawing the next round).
 * @param {string | null} deadline @param {number} round
 * @returns {{node: HTMLElement, stop: () => void}}
 */
export function countdown(deadline, round) {
  const node = h("p", { class: "countdown", role: "timer", "data-testid": "round-countdown" });
  if (deadline === null) {
    node.hidden = true;
    return { node, stop: () => {} };
  }
  const ends = Date.parse(deadline);
  const tick = () => {
    const left = (ends - Date.now()) / 1000;
    node.dataset.left = String(Math.max(0, Math.ceil(left)));
    node.classList.toggle("urgent", left <= 10);
    node.textContent = left > 0 ? `${formatSeconds(left)} left in round ${round}` : `Round ${round}'s time is up: missing actions become the default`;
  };
  tick();
  const timer = setInterval(tick, 1000);
  return { node, stop: () => clearInterval(timer) };
}
