// Signing up and logging in. Each refusal is shown next to the field it is about.

import { ApiError } from "../api.js";
import { onSubmit } from "../ui/busy.js";
import { h, replace } from "../ui/dom.js";
import { clearFormErrors, field, formError, setFieldError, showFormError } from "../ui/fields.js";

/** @typedef {import("../main.js").PageContext} PageContext */

const USERNAME = /^[A-Za-z0-9_.-]{3,32}$/;
const MIN_PASSWORD = 10;

/** Where to go after logging in: the page the player was sent away from, if it is one of ours. */
function nextOf(/** @type {PageContext} */ ctx, fallback = "#/lobby") {
  const next = ctx.query.get("next");
  return next !== null && next.startsWith("#/") && !next.startsWith("#/login") && !next.startsWith("#/signup")
    ? next
    : fallback;
}

/** Keep the `next` of this page on a link to the other one. @param {PageContext} ctx @param {string} path */
function withNext(ctx, path) {
  const next = ctx.query.get("next");
  return next === null ? path : `${path}?next=${encodeURIComponent(next)}`;
}

/**
 * @param {string} prefix "login" or "signup"
 * @param {"current-password" | "new-password"} passwordKind
 */
function credentialControls(prefix, passwordKind) {
  const username = h("input", {
    name: "username",
    autocomplete: "username",
    autocapitalize: "none",
    spellcheck: "false",
    required: true,
    maxlength: 32,
    "data-testid": `${prefix}-username`,
  });
  const password = h("input", {
    name: "password",
    type: "password",
    autocomplete: passwordKind,
    required: true,
    maxlength: 4096,
    "data-testid": `${prefix}-password`,
  });
  return { username, password };
}

/** A checkbox that shows the password as text. @param {HTMLInputElement} password */
function revealToggle(password) {
  const box = h("input", { type: "checkbox", "data-testid": `${password.dataset.testid}-show` });
  box.addEventListener("change", () => {
    password.type = box.checked ? "text" : "password";
  });
  return h("label", { class: "inline-check" }, box, " Show password");
}

/** Put a refused login or sign-up where it belongs; false when it belongs to no field. */
function placeError(
  /** @type {unknown} */ err,
  /** @type {{username: HTMLInputElement, password: HTMLInputElement}} */ controls,
  /** @type {HTMLElement} */ formSlot,
) {
  if (!(err instanceof ApiError)) return false;
  switch (err.code) {
    case "GBX_USERNAME_TAKEN":
      setFieldError(controls.username, "That name is taken: choose another.");
      return true;
    case "GBX_INVALID_USERNAME":
      setFieldError(controls.username, String(err.details.reason ?? err.message));
      return true;
    case "GBX_WEAK_PASSWORD":
      setFieldError(controls.password, String(err.details.reason ?? err.message));
      return true;
    case "GBX_INVALID_CREDENTIALS":
      setFieldError(controls.password, "The username or password is wrong.");
      return true;
    case "GBX_LOCKED_OUT": {
      const seconds = Math.ceil(Number(err.details.retry_after_s) || 60);
      showFormError(formSlot, `Too many failed logins: wait ${seconds} seconds, then try again.`);
      return true;
    }
    case "GBX_INVALID_PARAMS": {
      let placed = false;
      for (const problem of err.problems) {
        const control = problem.field === "username" ? controls.username : problem.field === "password" ? controls.password : null;
        if (control !== null) {
          setFieldError(control, problem.message, { focus: !placed });
          placed = true;
        }
      }
      return placed;
    }
    default:
      return false;
  }
}

/** @param {HTMLElement} root @param {PageContext} ctx */
export function mountLogin(root, ctx) {
  if (ctx.api.loggedIn) {
    ctx.navigate(nextOf(ctx));
    return;
  }
  const controls = credentialControls("login", "current-password");
  const formSlot = formError("login-error");
  const form = h(
    "form",
    { class: "card narrow", novalidate: true, "data-testid": "login-form" },
    field("Username", controls.username),
    field("Password", controls.password),
    revealToggle(controls.password),
    formSlot,
    h("button", { type: "submit", class: "primary", "data-testid": "login-submit" }, "Log in"),
  );
  onSubmit(form, async () => {
    clearFormErrors(form);
    const username = controls.username.value.trim();
    if (!username) return setFieldError(controls.username, "Enter your username.");
    if (!controls.password.value) return setFieldError(controls.password, "Enter your password.");
    try {
      await ctx.api.call("auth.login", { username, password: controls.password.value });
    } catch (err) {
      if (!placeError(err, controls, formSlot)) ctx.showError(err);
      return;
    }
    ctx.navigate(nextOf(ctx));
  });
  replace(
    root,
    h("h1", {}, "Log in"),
    ctx.notice && h("p", { class: "notice", role: "status", "data-testid": "session-notice" }, ctx.notice),
    form,
    h("p", { class: "aside" }, "New here? ", h("a", { href: withNext(ctx, "#/signup"), "data-testid": "to-signup" }, "Sign up")),
  );
  if (ctx.api.endedUsername !== null) {
    controls.username.value = ctx.api.endedUsername;
    controls.password.focus();
  } else if (!ctx.notice) {
    controls.username.focus();
  }
}

/** @param {HTMLElement} root @param {PageContext} ctx */
export function mountSignup(root, ctx) {
  if (ctx.api.loggedIn) {
    ctx.navigate(nextOf(ctx));
    return;
  }
  const controls = credentialControls("signup", "new-password");
  const formSlot = formError("signup-error");
  const form = h(
    "form",
    { class: "card narrow", novalidate: true, "data-testid": "signup-form" },
    field("Username", controls.username, "3 to 32 letters, digits, _ - or ."),
    field("Password", controls.password, `At least ${MIN_PASSWORD} characters, and not a common one.`),
    revealToggle(controls.password),
    formSlot,
    h("button", { type: "submit", class: "primary", "data-testid": "signup-submit" }, "Create account"),
  );
  onSubmit(form, async () => {
    clearFormErrors(form);
    const username = controls.username.value.trim();
    const password = controls.password.value;
    let refused = false;
    if (!USERNAME.test(username)) {
      setFieldError(controls.username, "Use 3 to 32 letters, digits, _ - or .");
      refused = true;
    }
    if (password.length < MIN_PASSWORD) {
      setFieldError(controls.password, `Use at least ${MIN_PASSWORD} characters.`, { focus: !refused });
      refused = true;
    }
    if (refused) return;
    try {
      await ctx.api.call("auth.register", { username, password });
      await ctx.api.call("auth.login", { username, password });
    } catch (err) {
      if (!placeError(err, controls, formSlot)) ctx.showError(err);
      return;
    }
    ctx.navigate(nextOf(ctx, "#/characters"));
  });
  replace(
    root,
    h("h1", {}, "Sign up"),
    h("p", { class: "lede" }, "Make an account, then a character, then go down into the dungeon with friends."),
    form,
    h("p", { class: "aside" }, "Have an account? ", h("a", { href: withNext(ctx, "#/login"), "data-testid": "to-login" }, "Log in")),
  );
  controls.username.focus();
}
