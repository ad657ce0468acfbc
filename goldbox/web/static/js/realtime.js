// A game's events, live, over the WebSocket: game.subscribe with the last seq held, again after
// every drop, so nothing is missed and nothing is shown twice.

import { ApiError, isSessionEnded } from "./api.js";

/** @typedef {import("./api.js").Api} Api */
/** @typedef {{game_id: string, seq: number, type: string, data: Record<string, any>, published_at?: number}} GameEvent */
/** @typedef {'connecting' | 'live' | 'reconnecting' | 'closed'} StreamStatus */
/**
 * @typedef {{afterSeq?: number, onEvent: (e: GameEvent) => void, onStatus?: (s: StreamStatus) => void,
 *            onError?: (err: ApiError) => void}} StreamHandlers
 */

const FIRST_DELAY_MS = 500;
const MAX_DELAY_MS = 15_000;
const CLOSE_NORMAL = 1000;
/** Refusals that waiting will not cure: the stream stops and says why (onError). */
const FINAL_REFUSALS = new Set([
  "GBX_NOT_FOUND",
  "GBX_NOT_IN_GAME",
  "GBX_GAME_NOT_WATCHABLE",
  "GBX_FORBIDDEN",
  "GBX_INVALID_PARAMS",
  "GBX_METHOD_NOT_FOUND",
]);

/** A live stream of one game's events over the WebSocket (game.subscribe with after_seq), with
 *  reconnect + exponential backoff + jitter, resume from the last seq, no duplicates. */
export class GameStream {
  #api;
  #gameId;
  #handlers;
  #lastSeq;
  /** @type {WebSocket | null} */
  #socket = null;
  /** @type {ReturnType<typeof setTimeout> | null} */
  #timer = null;
  #failures = 0;
  #started = false;
  #closed = false;
  /** @type {StreamStatus | null} */
  #status = null;
  #subscribeId = 0;

  /** @param {Api} api @param {string} gameId @param {StreamHandlers} handlers */
  constructor(api, gameId, handlers) {
    this.#api = api;
    this.#gameId = gameId;
    this.#handlers = handlers;
    this.#lastSeq = handlers.afterSeq ?? 0;
  }

  start() {
    if (this.#started || this.#closed) return;
    this.#started = true;
    window.addEventListener("online", this.#reconnectNow);
    void this.#connect();
  }

  close() {
    if (this.#closed) return;
    this.#closed = true;
    window.removeEventListener("online", this.#reconnectNow);
    this.#cancelTimer();
    const socket = this.#socket;
    this.#socket = null;
    socket?.close(CLOSE_NORMAL, "done");
    this.#setStatus("closed");
  }

  /** @returns {number} */
  get lastSeq() {
    return this.#lastSeq;
  }

  async #connect() {
    this.#timer = null;
    this.#setStatus(this.#failures === 0 && this.#status === null ? "connecting" : "reconnecting");
    let url;
    try {
      url = await this.#api.socketUrl();
    } catch (err) {
      if (this.#closed) return;
      if (isSessionEnded(err)) this.#fail(/** @type {ApiError} */ (err));
      else this.#retryLater();
      return;
    }
    if (this.#closed) return;
    const socket = new WebSocket(url);
    this.#socket = socket;
    socket.addEventListener("open", () => this.#subscribe(socket));
    socket.addEventListener("message", (message) => this.#receive(socket, message.data));
    socket.addEventListener("close", () => this.#dropped(socket));
  }

  /** @param {WebSocket} socket */
  #subscribe(socket) {
    this.#subscribeId += 1;
    const call = {
      jsonrpc: "2.0",
      id: this.#subscribeId,
      method: "game.subscribe",
      params: { game_id: this.#gameId, after_seq: this.#lastSeq },
    };
    socket.send(JSON.stringify(call));
  }

  /** @param {WebSocket} socket @param {unknown} text */
  #receive(socket, text) {
    if (socket !== this.#socket || typeof text !== "string") return;
    let message;
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    if (message?.method === "game.event") {
      this.#deliver(message.params);
    } else if (message?.method === "game.resume") {
      // The server ended the subscription (e.g. this socket fell behind): subscribe again after
      // what it says was handled. A seq it skipped was not for this player.
      const after = Number(message.params?.after_seq);
      if (message.params?.game_id === this.#gameId && Number.isInteger(after)) {
        this.#lastSeq = Math.max(this.#lastSeq, after);
      }
      socket.close(CLOSE_NORMAL, "resuming");
    } else if (message?.id === this.#subscribeId && "result" in message) {
      this.#failures = 0;
      this.#setStatus("live");
    } else if (message?.id === this.#subscribeId && message.error) {
      const data = message.error.data ?? {};
      const refusal = new ApiError(String(data.code ?? "GBX_INTERNAL"), String(message.error.message ?? ""), {
        details: data.details,
        hint: data.hint ?? null,
        correlationId: data.correlation_id ?? null,
      });
      if (FINAL_REFUSALS.has(refusal.code)) this.#fail(refusal);
      else socket.close(CLOSE_NORMAL, "retrying");
    }
  }

  /** @param {GameEvent} event */
  #deliver(event) {
    if (event?.game_id !== this.#gameId || !Number.isInteger(event.seq) || event.seq <= this.#lastSeq) {
      return; // another game's, or one already shown (a replay overlapping the live stream)
    }
    this.#lastSeq = event.seq;
    this.#handlers.onEvent(event);
  }

  /** @param {WebSocket} socket */
  #dropped(socket) {
    if (socket !== this.#socket) return;
    this.#socket = null;
    if (!this.#closed) this.#retryLater();
  }

  #retryLater() {
    this.#setStatus("reconnecting");
    this.#cancelTimer();
    const ceiling = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** this.#failures);
    this.#failures += 1;
    const delay = ceiling / 2 + Math.random() * (ceiling / 2); // jitter: clients that dropped together spread out
    this.#timer = setTimeout(() => void this.#connect(), delay);
  }

  /** Back online: try at once rather than at the end of the backoff. */
  #reconnectNow = () => {
    if (this.#closed || this.#socket !== null || this.#timer === null) return;
    this.#cancelTimer();
    void this.#connect();
  };

  /** @param {ApiError} err */
  #fail(err) {
    this.close();
    this.#handlers.onError?.(err);
  }

  #cancelTimer() {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }

  /** @param {StreamStatus} status */
  #setStatus(status) {
    if (status === this.#status) return;
    this.#status = status;
    this.#handlers.onStatus?.(status);
  }
}
