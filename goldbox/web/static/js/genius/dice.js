// Dice drawn in code (SVG): a die face for each number, a row of them for a cup.

import { h } from "../ui/dom.js";
import { svg } from "./svg.js";
const FACE_WORDS = ["", "one", "two", "three", "four", "five", "six"];
const FACE_PLURALS = ["", "ones", "twos", "threes", "fours", "fives", "sixes"];

/** Pip centres on a 0..100 square, by face. @type {[number, number][][]} */
const PIPS = [
  [],
  [[50, 50]],
  [[28, 28], [72, 72]],
  [[28, 28], [50, 50], [72, 72]],
  [[28, 28], [72, 28], [28, 72], [72, 72]],
  [[28, 28], [72, 28], [50, 50], [28, 72], [72, 72]],
  [[28, 26], [72, 26], [28, 50], [72, 50], [28, 74], [72, 74]],
];

/** "five" for 5. @param {number} face */
export function faceWord(face) {
  return FACE_WORDS[face] ?? String(face);
}

/** "fives" for 5. @param {number} face */
export function facePlural(face) {
  return FACE_PLURALS[face] ?? `${face}s`;
}

/** "3 × fives" (or "1 × five"). @param {number} quantity @param {number} face */
export function bidWords(quantity, face) {
  return `${quantity} × ${quantity === 1 ? faceWord(face) : facePlural(face)}`;
}

/**
 * One die showing `face`. Labelled for screen readers unless `decorative` (when the text next to
 * it already says the number).
 * @param {number} face
 * @param {{decorative?: boolean, marked?: boolean, size?: "small" | "large"}} [options]
 *   `marked`: drawn highlighted (a die that counts for the bid)
 * @returns {SVGSVGElement}
 */
export function die(face, options = {}) {
  const box = svg("svg", { viewBox: "0 0 100 100", class: `die die-${options.size ?? "normal"}${options.marked ? " die-marked" : ""}` });
  box.dataset.face = String(face);
  if (options.decorative) box.setAttribute("aria-hidden", "true");
  else {
    box.setAttribute("role", "img");
    box.setAttribute("aria-label", `a ${faceWord(face)}`);
  }
  box.append(svg("rect", { x: 4, y: 4, width: 92, height: 92, rx: 18, class: "die-body" }));
  for (const [cx, cy] of PIPS[face] ?? []) box.append(svg("circle", { cx, cy, r: 9, class: "die-pip" }));
  return box;
}

/**
 * A cup's dice in a row, read out as one phrase ("Your dice: 2, 3, 5").
 * @param {number[]} faces @param {string} label
 * @param {{marked?: (face: number) => boolean, testid?: string}} [options]
 */
export function diceRow(faces, label, options = {}) {
  const row = h("span", {
    class: "dice-row",
    role: "img",
    "aria-label": faces.length ? `${label}: ${faces.join(", ")}` : `${label}: none`,
    "data-testid": options.testid ?? null,
    "data-dice": faces.join(","),
  });
  for (const face of faces) row.append(die(face, { decorative: true, marked: options.marked?.(face) ?? false }));
  return row;
}
