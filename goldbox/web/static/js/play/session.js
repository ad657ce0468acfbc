/**
 * One player's session in one game: the party's view (game.state), the live stream of the game's
 * events, and the actions the player sends.
 *
 * Cheap and correct beats clever: every event that tells of something newer than the view held
 * makes the session read game.state again (once for a burst of events), and an action's reply
 * carries its own new view. An event is handled once, whether it came in an action's reply or on
 * the stream. One action is in flight at a time: a second click while one is sent does nothing.
 */

import { GameModel } from "./model.js";
import { loadContent } from "./content.js";

/** @typedef {import("./types.js").PlayEvent} PlayEvent */
/** @typedef {import("./types.js").ActionReply} ActionReply */
/** @typedef {import("./types.js").GameState} GameState */
/** @typedef {import("./content.js").Content} Content */
/** @typedef {'connecting'|'live'|'reconnecting'|'closed'} StreamStatus */

/**
 * @typedef {{call: (method: string, params?: Record<string, unknown>) => Promise<any>,
 *            accountId: string|null}} ApiLike
 * @typedef {{start: () => void, close: () => void, lastSeq: number}} StreamLike
 * @typedef {new (api: any, gameId: string,
 *   handlers: {afterSeq?: number, onEvent: (e: PlayEvent & {game_id?: string}) => void,
 *              onStatus?: (s: StreamStatus) => void}) => StreamLike} StreamMaker
 * @typedef {{api: ApiLike, gameId: string, characterId: string, openStream: StreamMaker,
 *            showError: (err: unknown) => void, afterSeq?: number}} SessionOptions
 */

const REFRESH_DELAY_MS = 80;
/** How many of the game's last events a newly opened screen replays into its story (seen, not acted out). */
const HISTORY_EVENTS = 60;

/** Whether an error is the server refusing a move by the rules (shown in the log, not as a failure).
 * @param {unknown} err @returns {err is {code: string, message: string, details?: any}} */
export function isRefusal(err) {
  return typeof err === "object" && err !== null && "code" in err && /** @type {any} */ (err).code === "GBX_RULE_VIOLATION";
}

/** @param {unknown} err @returns {string} */
function codeOf(err) {
  return typeof err === "object" && err !== null && "code" in err ? String(/** @type {any} */ (err).code) : "";
}

export class PlaySession {
  /** @param {SessionOptions} options */
  constructor(options) {
    this.options = options;
    this.api = options.api;
    this.gameId = options.gameId;
    this.model = new GameModel(options.api.accountId ?? "");
    /** @type {Content|null} */ this.content = null;
    /** @type {StreamLike|null} */ this.stream = null;
    /** @type {StreamStatus} */ this.status = "connecting";
    this.busy = false;
    /** The highest seq handled, from the stream or a reply. */
    this.lastSeq = 0;
    /** @type {Set<number>} */ this.handled = new Set();
    /** @type {Set<(what: string, detail?: any) => void>} */ this.listeners = new Set();
    /** @type {ReturnType<typeof setTimeout>|null} */ this.refreshTimer = null;
    this.refreshing = false;
    this.refreshAgain = false;
    this.closed = false;
  }

  /** @param {(what: string, detail?: any) => void} listener @returns {() => void} */
  subscribe(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** @param {string} what @param {any} [detail] */
  emit(what, detail) {
    for (const listener of [...this.listeners]) listener(what, detail);
  }

  /** Read the content and the view. Then `listen` starts the stream a little before the view's
   *  version (so the story shows what just happened; events the view holds are told, not acted out). */
  async load() {
    const [content, state] = await Promise.all([
      loadContent(this.api),
      /** @type {Promise<GameState>} */ (this.api.call("game.state", { game_id: this.gameId })),
    ]);
    this.content = content;
    this.model.applyState(state);
  }

  /** Open the stream (once whoever tells the story is listening). */
  listen() {
    const version = this.model.version;
    const resumeAt = this.options.afterSeq ?? Math.max(0, version - HISTORY_EVENTS);
    this.lastSeq = resumeAt;
    const Stream = this.options.openStream;
    this.stream = new Stream(this.api, this.gameId, {
      afterSeq: resumeAt,
      onEvent: (event) => this.receive([event], "stream"),
      onStatus: (status) => {
        this.status = status;
        this.emit("status", status);
        if (status === "live") this.scheduleRefresh(); // the view may have moved on while away
      },
    });
    this.stream.start();
  }

  close() {
    this.closed = true;
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.stream?.close();
    this.listeners.clear();
  }

  /**
   * Events from the stream or a reply, each handled once, in seq order.
   * @param {PlayEvent[]} events @param {'stream'|'reply'} source
   */
  receive(events, source) {
    let newer = false;
    for (const event of [...events].sort((a, b) => a.seq - b.seq)) {
      if (this.handled.has(event.seq)) continue;
      this.handled.add(event.seq);
      const live = event.seq > this.model.version;
      newer = newer || live;
      this.model.applyEvent(event, live);
      this.lastSeq = Math.max(this.lastSeq, event.seq);
      this.emit("event", { event, live, source });
    }
    if (newer && source === "stream") this.scheduleRefresh();
  }

  scheduleRefresh() {
    if (this.closed) return;
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = null;
      this.refresh();
    }, REFRESH_DELAY_MS);
  }

  /** Read game.state again (once at a time; again after, if asked meanwhile). */
  async refresh() {
    if (this.refreshing) {
      this.refreshAgain = true;
      return;
    }
    this.refreshing = true;
    try {
      const state = await this.api.call("game.state", { game_id: this.gameId });
      if (!this.closed) this.model.applyState(state);
    } catch (err) {
      if (!this.closed) this.options.showError(err);
    } finally {
      this.refreshing = false;
      if (this.refreshAgain && !this.closed) {
        this.refreshAgain = false;
        this.scheduleRefresh();
      }
    }
  }

  /**
   * One action for one of the player's characters: null when it was refused (the reason goes to
   * the log) or when another action is still in flight.
   * @param {string} method e.g. "action.move"
   * @param {string} actor the character who acts
   * @param {Record<string, unknown>} [params]
   * @returns {Promise<ActionReply|null>}
   */
  async act(method, actor, params = {}) {
    if (this.busy || this.closed) return null;
    this.busy = true;
    this.emit("busy", true);
    try {
      /** @type {ActionReply} */
      const reply = await this.api.call(method, { game_id: this.gameId, character_id: actor, ...params });
      this.model.learnNames(reply);
      this.receive(reply.events, "reply");
      this.model.applyState(reply);
      return reply;
    } catch (err) {
      if (isRefusal(err)) {
        this.emit("refused", err.message);
      } else if (["GBX_CONFLICT", "GBX_GAME_OVER", "GBX_NOT_IN_GAME"].includes(codeOf(err))) {
        this.emit("refused", /** @type {Error} */ (err).message);
        this.refresh();
      } else {
        this.options.showError(err);
      }
      return null;
    } finally {
      this.busy = false;
      this.emit("busy", false);
    }
  }
}
