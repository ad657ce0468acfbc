// Whether a player has been through the tutorial, and the card that offers it to one who has not.
// Kept apart from js/play/tutorial.js so the shell's pages can ask without loading the play screens.

import { h } from "./dom.js";

/** @typedef {'completed'|'skipped'} TutorialStatus */

const STATUS_KEY = "goldbox.tutorial.status.";

/** @param {string} key */
export function recall(key) {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

/** @param {string} key @param {string|null} value */
export function remember(key, value) {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    // storage refused: the tutorial just will not be remembered
  }
}

/**
 * Whether this account has completed or skipped the tutorial in this browser (null: neither).
 * @param {string|null} accountId @returns {TutorialStatus|null}
 */
export function tutorialStatus(accountId) {
  const value = recall(STATUS_KEY + (accountId ?? ""));
  return value === "completed" || value === "skipped" ? value : null;
}

/** @param {string|null} accountId @param {TutorialStatus} status */
export function setTutorialStatus(accountId, status) {
  remember(STATUS_KEY + (accountId ?? ""), status);
}

/**
 * A first-time player's invitation to the tutorial, or null for one who has completed or skipped it.
 * @param {string|null} accountId @param {(hash: string) => void} navigate @returns {HTMLElement|null}
 */
export function tutorialInvite(accountId, navigate) {
  if (tutorialStatus(accountId) !== null) return null;
  const card = h("section", { class: "card notice", "data-testid": "tutorial-invite", "aria-labelledby": "tutorial-invite-title" },
    h("h2", { id: "tutorial-invite-title" }, "New to goldbox?"),
    h("p", {}, "The tutorial is a small dungeon that teaches moving, opening doors, fighting, casting and looting, one step at a time. It brings a ready-made mage if you have none."),
    h("div", { class: "actions" },
      h("button", { type: "button", class: "primary", "data-testid": "tutorial-invite-start", onclick: () => navigate("#/tutorial") }, "Play the tutorial"),
      h("button", {
        type: "button",
        class: "quiet",
        "data-testid": "tutorial-invite-skip",
        onclick: () => {
          setTutorialStatus(accountId, "skipped");
          card.remove();
        },
      }, "Not now")));
  return card;
}
