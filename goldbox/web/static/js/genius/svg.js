// SVG elements from code: the pages draw their art (dice, charts) this way, with no image files.

const SVG = "http://www.w3.org/2000/svg";

/**
 * An SVG element with attributes (presentation attributes and classes only: the page's policy
 * refuses inline style).
 * @template {keyof SVGElementTagNameMap} K
 * @param {K} tag @param {Record<string, string | number>} attributes @param {...(SVGElement | string)} children
 * @returns {SVGElementTagNameMap[K]}
 */
export function svg(tag, attributes, ...children) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  for (const child of children) element.append(child);
  return element;
}

/** A closed padlock (a sealed action), decorative: the words next to it say "sealed". */
export function padlock() {
  return svg("svg", { viewBox: "0 0 24 24", class: "padlock", "aria-hidden": "true" },
    svg("path", { d: "M7 11V8a5 5 0 0 1 10 0v3", class: "padlock-shackle" }),
    svg("rect", { x: 4, y: 11, width: 16, height: 11, rx: 2, class: "padlock-body" }));
}
