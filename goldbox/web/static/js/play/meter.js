/** A bar of hit points (or of anything out of a maximum), coloured by how full it is. */

import { h } from "../ui/dom.js";

/** @param {number} value @param {number} max @param {string} [label] */
export function meter(value, max, label = "Hit points") {
  const share = max > 0 ? Math.max(0, Math.min(1, value / max)) : 0;
  const tone = share > 0.66 ? "hale" : share > 0.33 ? "hurt" : "dying";
  const fill = h("span", { class: "gb-meter-fill" });
  fill.style.width = `${Math.round(share * 100)}%`;
  return h(
    "span",
    {
      class: `gb-meter gb-meter-${tone}`,
      role: "meter",
      "aria-valuemin": 0,
      "aria-valuemax": max,
      "aria-valuenow": value,
      "aria-label": label,
    },
    fill,
  );
}
