// Building the page from data without innerHTML: every name a player typed is text, never markup.

/** @typedef {Node | string | number | null | undefined | false} Child */
/** @typedef {Child | Child[]} Children */
/** @typedef {string | number | boolean | null | undefined | ((event: any) => void)} PropValue */

/**
 * An element with attributes and children. `on<event>` props add listeners; `true` sets an empty
 * attribute; `false`, `null` and `undefined` leave it out; strings and numbers become text.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, PropValue>} [props]
 * @param {...Children} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (typeof value === "function") {
      element.addEventListener(name.slice(2).toLowerCase(), value);
    } else if (value === true) {
      element.setAttribute(name, "");
    } else if (value !== false && value !== null && value !== undefined) {
      element.setAttribute(name, String(value));
    }
  }
  append(element, children);
  return element;
}

/**
 * @param {Element | DocumentFragment} parent
 * @param {Children[]} children
 */
export function append(parent, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : String(child));
  }
}

/**
 * Replace everything inside `parent`.
 * @param {Element} parent
 * @param {...Children} children
 */
export function replace(parent, ...children) {
  parent.replaceChildren();
  append(parent, children);
}

let serial = 0;

/** A document-unique id for pairing labels, help and error text with their controls. */
export function uniqueId(prefix = "gb") {
  serial += 1;
  return `${prefix}-${serial}`;
}

/**
 * The element with this id, of the expected kind, or an error naming what is missing.
 * @template {typeof HTMLElement} T
 * @param {string} id
 * @param {T} kind
 * @returns {InstanceType<T>}
 */
export function byId(id, kind) {
  const found = document.getElementById(id);
  if (!(found instanceof kind)) throw new Error(`The page has no #${id} element.`);
  return /** @type {InstanceType<T>} */ (found);
}

/** "fastest_clear" -> "Fastest clear". @param {string} id */
export function titleOf(id) {
  const words = id.replaceAll("_", " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}
