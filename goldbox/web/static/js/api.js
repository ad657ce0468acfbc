// The server's JSON-RPC API over HTTP, with the player's session: tokens kept in localStorage,
// refreshed silently before they expire or when the server says they have, and one refresh at a
// time across every tab (a refresh token works once; spending it twice ends the session).

/** The localStorage key of the session, shared by every tab of the site. */
export const SESSION_KEY = "goldbox.session";
const REFRESH_LOCK = "goldbox.refresh";
const REFRESH_MARGIN_S = 30;
const PUBLIC_METHODS = new Set(["auth.register", "auth.login", "auth.refresh", "auth.resume"]);
const DEAD_SESSION = new Set([
  "GBX_TOKEN_EXPIRED",
  "GBX_TOKEN_INVALID",
  "GBX_SESSION_REVOKED",
  "GBX_UNAUTHENTICATED",
]);

/**
 * @typedef {{accessToken: string, expiresAt: number, refreshToken: string, accountId: string,
 *            username: string, role: string}} Session
 * @typedef {{access_token: string, expires_at: number, refresh_token: string,
 *            account: {id: string, username: string, role: string}}} TokenPair
 */

/** An error from the server, shown to people as a friendly message with its correlation id. */
export class ApiError extends Error {
  /**
   * @param {string} code
   * @param {string} message
   * @param {{details?: unknown, hint?: string | null, correlationId?: string | null, status?: number}} [extra]
   */
  constructor(code, message, extra = {}) {
    super(message);
    this.name = "ApiError";
    /** @type {string} e.g. "GBX_RULE_VIOLATION"; NETWORK_ERROR and BAD_RESPONSE come from the page itself */
    this.code = code;
    const details = extra.details ?? {};
    /** @type {Record<string, unknown>} a list of problems (GBX_INVALID_PARAMS) is under `problems` */
    this.details = Array.isArray(details)
      ? { problems: details }
      : typeof details === "object" && details !== null
        ? /** @type {Record<string, unknown>} */ (details)
        : { value: details };
    /** @type {string | null} what to do about it */
    this.hint = extra.hint ?? null;
    /** @type {string | null} */
    this.correlationId = extra.correlationId ?? null;
    /** @type {number} the HTTP status, 0 when there was no answer */
    this.status = extra.status ?? 0;
  }

  /** The rule a GBX_RULE_VIOLATION names (e.g. "CREATE_BAD_NAME"), if any. */
  get rule() {
    const rule = this.details.rule;
    return typeof rule === "string" ? rule : null;
  }

  /**
   * Each failing field of a GBX_INVALID_PARAMS, by param name ("params.username" -> "username").
   * @returns {{field: string, message: string}[]}
   */
  get problems() {
    const problems = this.details.problems;
    if (!Array.isArray(problems)) return [];
    return problems.map((problem) => ({
      field: String(problem?.path ?? "").replace(/^params\.?/, ""),
      message: String(problem?.message ?? ""),
    }));
  }
}

/** Whether an error means the player must log in again. @param {unknown} err */
export function isSessionEnded(err) {
  return err instanceof ApiError && DEAD_SESSION.has(err.code);
}

export class Api {
  /** @type {() => void} called when the session has ended for good (the app asks for a login) */
  onSessionExpired = () => {};
  /** @type {string | null} whose session ended last in this page, to fill in the login form */
  endedUsername = null;
  #endpoint;
  #storage;
  #memory = /** @type {string | null} */ (null);
  #nextId = 1;
  /** @type {Promise<void> | null} */
  #refreshing = null;

  /** @param {{endpoint?: string, storage?: Storage | null}} [options] */
  constructor(options = {}) {
    this.#endpoint = options.endpoint ?? "rpc"; // relative: the client may be served under a path prefix
    this.#storage = options.storage === undefined ? localStorage : options.storage;
  }

  /** @returns {boolean} */
  get loggedIn() {
    return this.#session() !== null;
  }

  /** @returns {string | null} */
  get username() {
    return this.#session()?.username ?? null;
  }

  /** @returns {string | null} */
  get accountId() {
    return this.#session()?.accountId ?? null;
  }

  /**
   * Call a method with the session's access token. `auth.login` starts a session, `auth.logout`
   * ends it. A token that expired is refreshed and the call made once more; a session that ended
   * calls `onSessionExpired` and throws.
   * @param {string} method
   * @param {Record<string, unknown>} [params]
   * @returns {Promise<any>}
   */
  async call(method, params = {}) {
    if (PUBLIC_METHODS.has(method)) {
      const result = await this.#post(method, params, null);
      if (method === "auth.login" || method === "auth.refresh") this.#adopt(result);
      return result;
    }
    let session = this.#session();
    if (session !== null && session.expiresAt - REFRESH_MARGIN_S <= Date.now() / 1000) {
      session = await this.#refresh(session);
    }
    try {
      return await this.#authorised(method, params, session);
    } catch (err) {
      if (!(err instanceof ApiError) || err.code !== "GBX_TOKEN_EXPIRED" || session === null) {
        throw err;
      }
      return await this.#authorised(method, params, await this.#refresh(session));
    }
  }

  /** End the session here and on the server (its WebSockets close too); never fails. An expired
   *  access token is renewed first, so the session ends on the server rather than lingering. */
  async logout() {
    const session = this.#session();
    if (session === null) return;
    try {
      try {
        await this.#post("auth.logout", {}, session.accessToken);
      } catch (err) {
        if (!(err instanceof ApiError) || err.code !== "GBX_TOKEN_EXPIRED") throw err;
        const pair = await this.#post("auth.refresh", { refresh_token: session.refreshToken }, null);
        await this.#post("auth.logout", {}, pair.access_token);
      }
    } catch {
      // Already over on the server, or unreachable: the tokens are forgotten here either way.
    } finally {
      this.#write(null);
    }
  }

  /** A one-use ticket URL for the WebSocket: ws(s)://host/ws?ticket=… (auth.ws_ticket). */
  async socketUrl() {
    const { ticket } = await this.call("auth.ws_ticket");
    const url = new URL("ws", location.href);
    url.protocol = location.protocol === "https:" ? "wss:" : "ws:";
    url.searchParams.set("ticket", ticket);
    return url.toString();
  }

  /**
   * @param {string} method
   * @param {Record<string, unknown>} params
   * @param {Session | null} session
   */
  async #authorised(method, params, session) {
    try {
      const result = await this.#post(method, params, session?.accessToken ?? null);
      if (method === "auth.logout") this.#write(null);
      return result;
    } catch (err) {
      if (isSessionEnded(err) && !(err instanceof ApiError && err.code === "GBX_TOKEN_EXPIRED")) {
        this.#ended();
      }
      throw err;
    }
  }

  /**
   * Trade the refresh token for a new pair, once for every caller waiting on it in this tab and,
   * where the browser has Web Locks, once across tabs: a tab that finds the pair already renewed
   * by another takes it instead of spending the old token again.
   * @param {Session} stale
   * @returns {Promise<Session>}
   */
  async #refresh(stale) {
    this.#refreshing ??= this.#exclusively(async () => {
      const current = this.#session();
      if (current !== null && current.accessToken !== stale.accessToken) return;
      if (current === null) throw this.#ended();
      try {
        this.#adopt(await this.#post("auth.refresh", { refresh_token: current.refreshToken }, null));
      } catch (err) {
        if (isSessionEnded(err)) this.#ended();
        throw err;
      }
    }).finally(() => {
      this.#refreshing = null;
    });
    await this.#refreshing;
    const renewed = this.#session();
    if (renewed === null) throw this.#ended();
    return renewed;
  }

  /** @param {() => Promise<void>} work */
  async #exclusively(work) {
    const locks = typeof navigator !== "undefined" ? navigator.locks : undefined;
    if (locks === undefined) return work(); // an insecure context (plain http to a LAN address)
    return locks.request(REFRESH_LOCK, work);
  }

  /** Forget the session and tell the app; returns the error a caller may throw. */
  #ended() {
    const ended = this.#session();
    this.#write(null);
    if (ended !== null) {
      this.endedUsername = ended.username;
      this.onSessionExpired();
    }
    return new ApiError("GBX_SESSION_REVOKED", "Your session has ended.", {
      hint: "Log in again to carry on.",
    });
  }

  /**
   * One JSON-RPC call over HTTP. Every failure becomes an ApiError with the request's correlation id.
   * @param {string} method
   * @param {Record<string, unknown>} params
   * @param {string | null} token
   * @returns {Promise<any>}
   */
  async #post(method, params, token) {
    /** @type {Record<string, string>} */
    const headers = { "content-type": "application/json", accept: "application/json" };
    if (token !== null) headers.authorization = `Bearer ${token}`;
    const id = this.#nextId++;
    let response;
    try {
      response = await fetch(this.#endpoint, {
        method: "POST",
        headers,
        body: JSON.stringify({ jsonrpc: "2.0", id, method, params }),
        credentials: "omit",
        cache: "no-store",
      });
    } catch {
      throw new ApiError("NETWORK_ERROR", "The server cannot be reached.", {
        hint: "Check your connection, then try again.",
      });
    }
    const correlationId = response.headers.get("x-request-id");
    let body;
    try {
      body = await response.json();
    } catch {
      body = null;
    }
    const error = body?.error;
    if (error && typeof error === "object") {
      const data = error.data ?? {};
      throw new ApiError(String(data.code ?? "GBX_INTERNAL"), String(error.message ?? "The server refused."), {
        details: data.details,
        hint: typeof data.hint === "string" ? data.hint : null,
        correlationId: data.correlation_id ?? correlationId,
        status: response.status,
      });
    }
    if (!response.ok || body === null || typeof body !== "object" || !("result" in body)) {
      throw new ApiError("BAD_RESPONSE", `The server answered with an unexpected reply (HTTP ${response.status}).`, {
        hint: "Try again in a moment; if it goes on, report it with the reference below.",
        correlationId,
        status: response.status,
      });
    }
    return body.result;
  }

  /** @param {TokenPair} pair */
  #adopt(pair) {
    this.#write({
      accessToken: pair.access_token,
      expiresAt: pair.expires_at,
      refreshToken: pair.refresh_token,
      accountId: pair.account.id,
      username: pair.account.username,
      role: pair.account.role,
    });
  }

  /** The session as stored now (another tab may have renewed or ended it). @returns {Session | null} */
  #session() {
    let text = this.#memory;
    try {
      if (this.#storage !== null) text = this.#storage.getItem(SESSION_KEY);
    } catch {
      // Storage refused (a private window, say): the session lives in memory for this page only.
    }
    if (text === null) return null;
    try {
      const session = JSON.parse(text);
      return typeof session?.accessToken === "string" ? session : null;
    } catch {
      return null;
    }
  }

  /** @param {Session | null} session */
  #write(session) {
    const text = session === null ? null : JSON.stringify(session);
    this.#memory = text;
    try {
      if (this.#storage === null) return;
      if (text === null) this.#storage.removeItem(SESSION_KEY);
      else this.#storage.setItem(SESSION_KEY, text);
    } catch {
      // Kept in memory above.
    }
  }
}
