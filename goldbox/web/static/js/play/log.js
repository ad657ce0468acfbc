/**
 * The story of the game as it happens, read aloud by screen readers (role=log, aria-live): each
 * event told as a sentence (story.js), in the order of the game's log, and the reasons the rules
 * gave when they refused a move.
 */

import { h } from "../ui/dom.js";
import { narrate } from "./story.js";

/** @typedef {import("./types.js").PlayEvent} PlayEvent */
/** @typedef {import("./model.js").GameModel} GameModel */
/** @typedef {import("./content.js").Content} Content */

const KEPT_LINES = 300;

export class StoryLog {
  /** @param {GameModel} model @param {Content} content */
  constructor(model, content) {
    this.model = model;
    this.content = content;
    /** @type {PlayEvent|null} */ this.previous = null;
    this.element = h("ol", {
      class: "gb-log",
      "data-testid": "combat-log",
      role: "log",
      "aria-live": "polite",
      "aria-label": "What happens",
      tabindex: 0,
    });
  }

  /** Tell an event, in its place by seq. @param {PlayEvent} event */
  tell(event) {
    const line = narrate(event, this.model, this.content, this.previous);
    this.previous = event;
    if (!line) return;
    const item = h("li", { class: `gb-line gb-line-${line.tone}`, "data-seq": event.seq, "data-type": event.type }, line.text);
    const later = [...this.element.children].find((li) => Number(li.getAttribute("data-seq")) > event.seq);
    this.element.insertBefore(item, later ?? null);
    this.trim();
    this.scroll();
  }

  /** A line of the player's own: a refusal, a hint. @param {string} text @param {'refused'|'hint'} tone */
  note(text, tone) {
    const last = this.element.lastElementChild;
    const seq = last ? last.getAttribute("data-seq") ?? "0" : "0";
    this.element.append(h("li", { class: `gb-line gb-line-${tone}`, "data-seq": seq }, text));
    this.trim();
    this.scroll();
  }

  trim() {
    while (this.element.children.length > KEPT_LINES) this.element.firstElementChild?.remove();
  }

  scroll() {
    this.element.scrollTop = this.element.scrollHeight;
  }
}
