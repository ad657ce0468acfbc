// The shell: a hash router over the pages, the navigation, logging out, and sending a player
// whose session ended to the login page and back to where they were.

import { Api, SESSION_KEY } from "./api.js";
import { GameStream } from "./realtime.js";
import { showConnection } from "./ui/banner.js";
import { byId, h, replace } from "./ui/dom.js";
import { clearError, errorNodes, showError } from "./ui/errors.js";
import { mountLogin, mountSignup } from "./pages/auth.js";
import { mountCharacters } from "./pages/characters.js";
import { mountLobby } from "./pages/lobby.js";
import { mountLeaderboards } from "./pages/leaderboards.js";

/** @typedef {import("./realtime.js").StreamHandlers} StreamHandlers */
/** @typedef {void | (() => void)} Unmount */
/**
 * What every page is given.
 * @typedef {{api: Api, navigate: (hash: string) => void, showError: (err: unknown) => void,
 *            query: URLSearchParams, signal: AbortSignal, notice: string | null}} PageContext
 */
/** @typedef {(root: HTMLElement, ctx: PageContext) => Unmount | Promise<Unmount>} MountPage */
/**
 * What the play screen (js/play/index.js) is given; the tutorial gets the same without the ids.
 * @typedef {{api: Api, gameId: string, characterId: string, navigate: (hash: string) => void,
 *            showError: (err: unknown) => void, openStream: typeof GameStream}} PlayContext
 * @typedef {{mountPlay: (root: HTMLElement, ctx: PlayContext) => Promise<() => void>}} PlayModule
 * @typedef {{mountTutorial: (root: HTMLElement, ctx: Omit<PlayContext, "gameId" | "characterId">) => Promise<() => void>}} TutorialModule
 * @typedef {{mountGeniusRoute: (root: HTMLElement, ctx: PageContext, parts: string[]) => Promise<() => void>}} GeniusModule
 */
/** @typedef {{title: string, page: MountPage, needsLogin: boolean, nav?: string}} Route */

const PLAY_MODULE = "./play/index.js";
const TUTORIAL_MODULE = "./play/tutorial.js";
const GENIUS_MODULE = "./genius/index.js";
const SESSION_ENDED = "Your session has ended. Log in again to carry on where you were.";

const api = new Api();

/** A GameStream whose status also drives the connection banner. */
class BannerStream extends GameStream {
  /** @param {Api} client @param {string} gameId @param {StreamHandlers} handlers */
  constructor(client, gameId, handlers) {
    super(client, gameId, {
      ...handlers,
      onStatus: (status) => {
        showConnection(status);
        handlers.onStatus?.(status);
      },
    });
  }
}

/** @type {Record<string, Route>} */
const ROUTES = {
  login: { title: "Log in", page: mountLogin, needsLogin: false },
  signup: { title: "Sign up", page: mountSignup, needsLogin: false },
  lobby: { title: "Lobby", page: mountLobby, needsLogin: true, nav: "lobby" },
  characters: { title: "Characters", page: mountCharacters, needsLogin: true, nav: "characters" },
  leaderboards: { title: "Leaderboards", page: mountLeaderboards, needsLogin: true, nav: "leaderboards" },
  tutorial: { title: "Tutorial", page: mountTutorial, needsLogin: true, nav: "tutorial" },
};

/** A page by the first part of its hash ("#/lobby" -> lobby); never an inherited property. @param {string} name */
function routeNamed(name) {
  return Object.hasOwn(ROUTES, name) ? ROUTES[name] : undefined;
}

/** @type {{unmount: Unmount, controller: AbortController} | null} */
let current = null;
/** @type {string | null} shown once by the next page (the login page, after a session ended) */
let pendingNotice = null;
let firstRender = true;

/** The route part of the hash and its query: "#/login?next=%23%2Flobby" -> ["/login", next=…]. */
function location_() {
  const hash = location.hash.replace(/^#/, "");
  const [path = "", query = ""] = hash.split("?", 2);
  return { path, query: new URLSearchParams(query) };
}

/** Go to a hash route (re-render when it is the one shown already). @param {string} hash */
function navigate(hash) {
  if (location.hash === hash) void render();
  else location.hash = hash;
}

/** @param {string} hash */
function redirect(hash) {
  if (location.hash === hash) void render();
  else location.replace(hash);
}

/** The page a hash path names ("/play/<game>/<character>" -> the play screen). @param {string[]} parts */
function routeOf(parts) {
  const [name = "", ...rest] = parts;
  if (name === "play" && rest.length === 2) {
    const [gameId = "", characterId = ""] = rest;
    /** @type {MountPage} */
    const page = (root, ctx) => mountPlayScreen(root, ctx, gameId, characterId);
    return { title: "Adventure", page, needsLogin: true };
  }
  if (name === "genius" || name === "tournaments") {
    const title = name === "genius" ? "Genius games" : "Tournaments";
    /** @type {MountPage} */
    const page = (root, ctx) => mountGenius(root, ctx, parts);
    return { title, page, needsLogin: true, nav: "genius" };
  }
  return routeNamed(name) ?? { title: "Not found", page: mountNotFound, needsLogin: false };
}

/** @param {string} path */
function partsOf(path) {
  return path.split("/").filter(Boolean).map(decodeURIComponent);
}

async function render() {
  const { path, query } = location_();
  const parts = partsOf(path);
  if (parts.length === 0) return redirect(api.loggedIn ? "#/lobby" : "#/login");
  const [name = ""] = parts;
  const route = routeOf(parts);
  if (route.needsLogin && !api.loggedIn) {
    return redirect(`#/login?next=${encodeURIComponent(location.hash)}`);
  }
  unmountCurrent();
  const controller = new AbortController();
  const root = h("div", { class: `page page-${name}` });
  replace(byId("page", HTMLElement), root);
  document.title = `${route.title} · goldbox`;
  updateChrome(route.nav ?? null);
  /** @type {PageContext} */
  const ctx = {
    api,
    navigate,
    showError: (err) => {
      if (!controller.signal.aborted) showError(err);
    },
    query,
    signal: controller.signal,
    notice: pendingNotice,
  };
  pendingNotice = null;
  current = { unmount: undefined, controller };
  try {
    const unmount = await route.page(root, ctx);
    if (current?.controller === controller) current.unmount = unmount;
    else if (typeof unmount === "function") unmount();
  } catch (err) {
    ctx.showError(err);
  }
  if (!firstRender && !controller.signal.aborted) focusHeading(root);
  firstRender = false;
}

function unmountCurrent() {
  if (current !== null) {
    current.controller.abort();
    if (typeof current.unmount === "function") {
      try {
        current.unmount();
      } catch (err) {
        showError(err);
      }
    }
  }
  current = null;
  clearError();
  showConnection(null);
}

/** Move focus to the new page's heading, so keyboard and screen-reader users start there. @param {HTMLElement} root */
function focusHeading(root) {
  const heading = root.querySelector("h1");
  if (heading instanceof HTMLElement && !root.contains(document.activeElement)) {
    heading.tabIndex = -1;
    heading.focus({ preventScroll: false });
  }
}

/** @param {string | null} active */
function updateChrome(active) {
  const nav = byId("main-nav", HTMLElement);
  nav.hidden = !api.loggedIn;
  for (const link of nav.querySelectorAll("a")) {
    const here = link.getAttribute("href") === `#/${active}`;
    if (here) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  byId("account-name", HTMLElement).textContent = api.username ?? "";
  byId("logout", HTMLButtonElement).hidden = !api.loggedIn;
}

/**
 * The play screen (W2's js/play/index.js), loaded when first needed.
 * @param {HTMLElement} root @param {PageContext} ctx @param {string} gameId @param {string} characterId
 */
async function mountPlayScreen(root, ctx, gameId, characterId) {
  const module = /** @type {PlayModule | null} */ (await loadModule(root, PLAY_MODULE, "play screen"));
  if (module === null || ctx.signal.aborted) return undefined;
  return module.mountPlay(root, {
    api,
    gameId,
    characterId,
    navigate,
    showError: ctx.showError,
    openStream: BannerStream,
  });
}

/**
 * The Genius games' pages (js/genius/index.js: lobby, matches, replays, tournaments), loaded when first needed.
 * @param {HTMLElement} root @param {PageContext} ctx @param {string[]} parts
 */
async function mountGenius(root, ctx, parts) {
  const module = /** @type {GeniusModule | null} */ (await loadModule(root, GENIUS_MODULE, "Genius games"));
  if (module === null || ctx.signal.aborted) return undefined;
  return module.mountGeniusRoute(root, ctx, parts);
}

/** @type {MountPage} */
async function mountTutorial(root, ctx) {
  const module = /** @type {TutorialModule | null} */ (await loadModule(root, TUTORIAL_MODULE, "tutorial"));
  if (module === null || ctx.signal.aborted) return undefined;
  return module.mountTutorial(root, { api, navigate, showError: ctx.showError, openStream: BannerStream });
}

/**
 * Import a page module by its path (a variable, so the shell does not need it to exist); if it
 * cannot be loaded, say so in the page.
 * @param {HTMLElement} root @param {string} path @param {string} what
 * @returns {Promise<unknown>}
 */
async function loadModule(root, path, what) {
  try {
    return await import(path);
  } catch (err) {
    replace(
      root,
      h("h1", {}, `The ${what} could not be loaded`),
      h("div", { class: "error-panel inline", "data-testid": "module-error" }, errorNodes(err)),
      h("p", {}, h("a", { href: "#/lobby" }, "Back to the lobby")),
    );
    return null;
  }
}

/** @type {MountPage} */
function mountNotFound(root) {
  replace(
    root,
    h("h1", {}, "Nothing here"),
    h("p", {}, "This address is not a page of goldbox. ", h("a", { href: "#/" }, "Go to the start.")),
  );
}

async function logOut() {
  await api.logout();
  redirect("#/login");
}

api.onSessionExpired = () => {
  const { path } = location_();
  if (path.startsWith("/login") || path.startsWith("/signup")) return;
  pendingNotice = SESSION_ENDED;
  redirect(`#/login?next=${encodeURIComponent(location.hash)}`);
};

/** Another tab logged in or out: follow it here too. @param {StorageEvent} event */
function sessionChangedElsewhere(event) {
  if (event.key !== null && event.key !== SESSION_KEY) return;
  const parts = partsOf(location_().path);
  const route = routeOf(parts);
  if (!api.loggedIn && route.needsLogin) redirect(`#/login?next=${encodeURIComponent(location.hash)}`);
  else if (api.loggedIn && (parts[0] === "login" || parts[0] === "signup")) void render();
  else updateChrome(route.nav ?? null);
}

function start() {
  window.addEventListener("hashchange", () => void render());
  window.addEventListener("storage", sessionChangedElsewhere);
  const logout = byId("logout", HTMLButtonElement);
  logout.addEventListener("click", () => {
    if (logout.disabled) return;
    logout.disabled = true;
    void logOut().finally(() => {
      logout.disabled = false;
    });
  });
  // A skip link must move focus, not change the route.
  for (const link of document.querySelectorAll("[data-skip-to]")) {
    link.addEventListener("click", (event) => {
      event.preventDefault();
      const target = document.getElementById(link.getAttribute("data-skip-to") ?? "");
      target?.focus();
    });
  }
  void render();
}

start();
