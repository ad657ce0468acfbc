// The connection banner: whether the live stream of the game on screen is up.

import { byId } from "./dom.js";

/** @typedef {import("../realtime.js").StreamStatus} StreamStatus */

/** @type {Record<StreamStatus, string>} */
const TEXT = {
  connecting: "Connecting…",
  live: "Connected",
  reconnecting: "Reconnecting…",
  closed: "Offline",
};

/**
 * Show a stream's status in #connection-banner (role=status, so it is read out), or hide the
 * banner when no stream is open (null).
 * @param {StreamStatus | null} status
 */
export function showConnection(status) {
  const banner = byId("connection-banner", HTMLElement);
  if (status === null) {
    banner.hidden = true;
    banner.textContent = "";
    delete banner.dataset.status;
    return;
  }
  banner.hidden = false;
  banner.dataset.status = status;
  banner.textContent = TEXT[status];
}
