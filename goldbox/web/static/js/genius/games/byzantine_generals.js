// Byzantine Generals' part of the pages: your secret orders, your private mail, the orders you send
// each general, the vote, and every role and vote once the game is over.

import { h, titleOf } from "../../ui/dom.js";
import { listOf, plural } from "../format.js";

/** @typedef {import("../types.js").GameUi} GameUi */
/** @typedef {import("../types.js").Seating} Seating */

/**
 * One message round's mail, by the other general: received or sent.
 * @param {Record<string, string>[]} rounds @param {Seating} seating @param {string} caption @param {string} testid
 */
function mailTable(rounds, seating, caption, testid) {
  if (rounds.length === 0) return null;
  const others = [...new Set(rounds.flatMap((round) => Object.keys(round)))].map(Number).sort((a, b) => a - b);
  return h("div", { class: "table-scroll" }, h("table", { "data-testid": testid },
    h("caption", {}, caption),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Round"), others.map((seat) => h("th", { scope: "col" }, seating.name(seat))))),
    h("tbody", {}, rounds.map((round, index) => h("tr", {},
      h("th", { scope: "row" }, String(index + 1)),
      others.map((seat) => h("td", {}, round[String(seat)] ?? "—")))))));
}

/**
 * An order for each other general (or none), with a shortcut to tell everyone the same.
 * @param {number[]} recipients @param {string[]} orders @param {Record<string, any>} view @param {Seating} seating
 * @param {(action: Record<string, unknown>) => Promise<void>} send
 */
function messagesForm(recipients, orders, view, seating, send) {
  const selects = recipients.map((seat) => {
    const select = h("select", { id: `bg-to-${seat}`, "data-testid": `bg-to-${seat}` },
      h("option", { value: "" }, "Send nothing"),
      orders.map((order) => h("option", { value: order }, titleOf(order))));
    return { seat, select };
  });
  const form = h("form", { class: "bg-messages", "data-testid": "bg-form", novalidate: true },
    h("div", { class: "three" }, selects.map(({ seat, select }) =>
      h("div", { class: "field" }, h("label", { for: select.id }, `To ${seating.name(seat)}`), select))),
    h("div", { class: "actions" },
      orders.map((order) => h("button", {
        type: "button", class: "quiet", "data-testid": `bg-all-${order}`,
        onclick: () => { for (const { select } of selects) select.value = order; },
      }, `Tell everyone “${order}”${order === view.preference ? " (your preference)" : ""}`)),
      h("button", { type: "submit", class: "primary", "data-testid": "bg-send" }, "Send these orders")));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    /** @type {Record<string, string>} */
    const messages = {};
    for (const { seat, select } of selects) if (select.value) messages[String(seat)] = select.value;
    void send({ messages });
  });
  return form;
}

/** @type {GameUi} */
export const byzantineGenerals = {
  seatNote(view, seat) {
    if (!Array.isArray(view.roles)) return null;
    return `${view.roles[seat]}, voted ${view.votes?.[seat] ?? "—"}`;
  },

  board(view, seating) {
    const phase = view.phase === "messages" ? `Message round ${view.round} of ${view.message_rounds}` : view.phase === "vote" ? "The vote" : "Over";
    return h("div", { class: "game-board" },
      h("p", { class: "round-line", "data-testid": "bg-phase" }, `${phase}. ${plural(view.traitors, "traitor")} among ${plural(view.players, "general")}.`),
      view.role ? h("p", { "data-testid": "bg-orders" },
        `You are ${view.role === "traitor" ? "a traitor" : "loyal"}; your preference is to ${view.preference}.`,
        Array.isArray(view.fellow_traitors) && view.fellow_traitors.length ? ` Your fellow traitors: ${listOf(view.fellow_traitors.map((seat) => seating.name(seat)))}.` : "") : null,
      view.over ? h("p", { class: "notice" }, view.winning_side === "loyal" ? `The loyal generals all voted to ${view.consensus}: the loyal win.` : "The loyal generals were split: the traitors win.") : null,
      mailTable(view.inbox ?? [], seating, "Orders you received", "bg-inbox"),
      mailTable(view.sent ?? [], seating, "Orders you sent", "bg-sent"));
  },

  controls(legal, view, seating, send) {
    if (legal.messages && Array.isArray(legal.messages.to)) return messagesForm(legal.messages.to, legal.messages.orders ?? [], view, seating, send);
    if (Array.isArray(legal.vote)) {
      return h("div", { class: "choice-pair", role: "group", "aria-label": "Your vote" },
        legal.vote.map((/** @type {string} */ order) => h("button", { type: "button", class: "primary", "data-testid": `bg-vote-${order}`, onclick: () => void send({ vote: order }) }, `Vote ${order}`)));
    }
    return null;
  },

  describeAction(action, seating) {
    if (typeof action.vote === "string") return `a vote to ${action.vote}`;
    const messages = /** @type {Record<string, string> | undefined} */ (action.messages);
    if (messages === undefined) return "an action";
    const sent = Object.entries(messages).map(([seat, order]) => `${order} to ${seating.name(Number(seat))}`);
    return sent.length ? sent.join(", ") : "no messages";
  },

  historyTitle: "Roles and votes",

  history(view, seating) {
    if (!Array.isArray(view.roles)) return h("p", { class: "empty" }, "Roles and votes are shown once the vote is in.");
    return h("table", { "data-testid": "bg-revealed" },
      h("caption", {}, "Roles, preferences and votes"),
      h("thead", {}, h("tr", {}, ["General", "Role", "Preference", "Vote"].map((label) => h("th", { scope: "col" }, label)))),
      h("tbody", {}, view.roles.map((/** @type {string} */ role, /** @type {number} */ seat) => h("tr", { class: seat === seating.you ? "me" : null },
        h("th", { scope: "row" }, seating.name(seat)), h("td", {}, role), h("td", {}, view.preferences?.[seat] ?? ""), h("td", {}, view.votes?.[seat] ?? "")))));
  },

  announce(event) {
    const data = event.data;
    if (event.type === "byzantine_generals.round_closed") {
      return data.next?.phase === "vote" ? `Message round ${data.round} is over: time to vote.` : `Message round ${data.round} is over.`;
    }
    if (event.type === "byzantine_generals.messages_received") return `Your orders from round ${data.round} have arrived.`;
    if (event.type === "byzantine_generals.match_over") {
      return data.winning_side === "loyal" ? `The loyal generals agreed to ${data.consensus}.` : "The loyal generals were split: the traitors win.";
    }
    return null;
  },
};
