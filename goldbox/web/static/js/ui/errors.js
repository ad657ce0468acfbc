// Errors shown to people: what went wrong, what to do about it, and the reference (correlation
// id) to quote in a report. Never the raw reply.

import { ApiError } from "../api.js";
import { byId, h, replace } from "./dom.js";

/** @typedef {{message: string, hint: string | null, correlationId: string | null, code: string}} Described */

/**
 * Hints written for people, for codes whose catalog hint is written for programmers.
 * @type {Record<string, (err: ApiError) => string>}
 */
const HINTS = {
  GBX_INVALID_PARAMS: () => "Check the fields marked below and try again.",
  GBX_RULE_VIOLATION: () => "Nothing changed.",
  GBX_RATE_LIMITED: (err) => `Wait ${secondsOf(err)} and try again.`,
  GBX_LOCKED_OUT: (err) => `Wait ${secondsOf(err)} before trying again.`,
  GBX_FORBIDDEN: () => "Your account may not do that.",
  GBX_INTERNAL: () => "Try again; if it keeps happening, report it with the reference below.",
  GBX_TOKEN_EXPIRED: () => "Log in again to carry on.",
  GBX_SESSION_REVOKED: () => "Log in again to carry on.",
  GBX_TOKEN_INVALID: () => "Log in again to carry on.",
  GBX_UNAUTHENTICATED: () => "Log in to carry on.",
  GBX_TIMEOUT: () => "Try again in a moment; if it keeps happening, report it with the reference below.",
  GBX_UNAVAILABLE: () => "Try again in a few seconds.",
  GBX_NOT_FOUND: () => "It may be gone already: refresh the page.",
  GBX_CONFLICT: () => "Someone acted at the same moment: try again.",
  GBX_CHARACTER_BUSY: () => "That character is in another adventure: leave it there first, or pick another.",
  GBX_GAME_OVER: () => "This adventure has ended: join or create another.",
  GBX_NOT_IN_GAME: () => "Join the adventure from the lobby first.",
  GBX_NOT_YOUR_CHARACTER: () => "Pick one of your own characters.",
};

/** @param {ApiError} err */
function secondsOf(err) {
  const seconds = Number(err.details.retry_after_s);
  if (!Number.isFinite(seconds) || seconds <= 0) return "a moment";
  return seconds === 1 ? "1 second" : `${Math.ceil(seconds)} seconds`;
}

/**
 * A catalog hint as people read it: "(game.list)" and the like left out; none at all when it
 * still speaks of the protocol (error.data, params, method names).
 * @param {string | null} hint
 */
function forPeople(hint) {
  if (hint === null) return null;
  const plain = hint.replace(/\s*\((?:[a-z_]+\.)+[a-z_]+\)/g, "");
  return /error\.data|\bparams\b|\b[a-z]+\.[a-z_]+\b/.test(plain) ? null : plain;
}

/**
 * What to tell a person about any error the page met.
 * @param {unknown} err
 * @returns {Described}
 */
export function describe(err) {
  if (err instanceof ApiError) {
    const ruleMessage = typeof err.details.message === "string" ? err.details.message : null;
    const problems = err.problems.map((p) => (p.field ? `${p.field}: ${p.message}` : p.message));
    const message = ruleMessage ?? (problems.length ? `${err.message} ${problems.join("; ")}.` : err.message);
    const hint = HINTS[err.code]?.(err) ?? forPeople(err.hint);
    return { message, hint, correlationId: err.correlationId, code: err.code };
  }
  const text = err instanceof Error ? err.message : String(err);
  return {
    message: `Something went wrong in this page: ${text}`,
    hint: "Reload the page; if it happens again, report what you were doing.",
    correlationId: null,
    code: "PAGE_ERROR",
  };
}

/** The error panel, as a list of nodes (for a panel of a page's own, e.g. the play screen's). */
export function errorNodes(/** @type {unknown} */ err) {
  const { message, hint, correlationId, code } = describe(err);
  return [
    h("p", { class: "error-message", "data-testid": "error-message", "data-code": code }, message),
    hint && h("p", { class: "error-hint", "data-testid": "error-hint" }, hint),
    correlationId &&
      h(
        "p",
        { class: "error-reference" },
        "Reference: ",
        h("code", { "data-testid": "error-correlation-id" }, correlationId),
      ),
  ];
}

/**
 * Show an error in the page's error panel (#error-panel, role=alert) until dismissed or the page
 * changes.
 * @param {unknown} err
 */
export function showError(err) {
  const panel = byId("error-panel", HTMLElement);
  const dismiss = h("button", { type: "button", class: "quiet", "data-testid": "error-dismiss" }, "Dismiss");
  dismiss.addEventListener("click", clearError);
  replace(panel, h("div", { class: "error-text" }, errorNodes(err)), dismiss);
  panel.hidden = false;
}

export function clearError() {
  const panel = byId("error-panel", HTMLElement);
  panel.hidden = true;
  panel.replaceChildren();
}
