// Liar's Dice's part of the pages: your own cup drawn as dice, bid pickers that offer only the
// legal bids, the challenge, the bids of the hand, and the settled hands with every cup shown.

import { h, uniqueId } from "../../ui/dom.js";
import { bidWords, die, diceRow, faceWord } from "../dice.js";
import { plural } from "../format.js";

/** @typedef {import("../types.js").GameUi} GameUi */
/** @typedef {import("../types.js").Seating} Seating */
/** @typedef {import("../types.js").Replay} Replay */
/** @typedef {{seat: number, bid: [number, number]}} Bid */
/**
 * @typedef {{hand: number, bids: Bid[], challenger: number, bidder: number, bid: [number, number],
 *            dice: number[][], showing: number, bid_met: boolean, loser: number}} SettledHand
 */

const FACES = [1, 2, 3, 4, 5, 6];

/** Whether a die counts for a bid on `face`. @param {number} die @param {number} face @param {boolean} onesWild */
function counts(die, face, onesWild) {
  return die === face || (onesWild && face !== 1 && die === 1);
}

/** A bid drawn: the quantity, then the face. @param {[number, number]} bid */
function bidMark(bid) {
  return h("span", { class: "bid-mark" }, h("strong", {}, `${bid[0]} ×`), die(bid[1], { decorative: true, size: "small" }), h("span", { class: "sr-only" }, bidWords(bid[0], bid[1])));
}

/** @param {Bid[]} bids @param {Seating} seating @param {string} testid */
function bidList(bids, seating, testid) {
  if (bids.length === 0) return h("p", { class: "empty", "data-testid": testid }, "No bid yet this hand.");
  return h("ol", { class: "bid-list", "data-testid": testid },
    bids.map((entry) => h("li", {}, h("span", {}, `${seating.name(entry.seat)} bid `), bidMark(entry.bid))));
}

/** @param {SettledHand} hand @param {Seating} seating */
function challengeSentence(hand, seating) {
  const [quantity, face] = hand.bid;
  const verdict = hand.bid_met ? "the bid stands" : "the bid fails";
  return `${seating.name(hand.challenger)} challenged ${seating.name(hand.bidder)}'s ${bidWords(quantity, face)}: ${plural(hand.showing, "die", "dice")} counted, so ${verdict} and ${seating.name(hand.loser)} loses a die.`;
}

/**
 * A settled hand: its bids, the challenge, and every cup shown with the dice that counted marked.
 * @param {SettledHand} hand @param {Seating} seating @param {boolean} onesWild
 */
function settledHand(hand, seating, onesWild) {
  const face = hand.bid[1];
  return h("article", { class: "hand", "data-testid": "ld-hand", "data-hand": hand.hand },
    h("h4", {}, `Hand ${hand.hand}`),
    bidList(hand.bids, seating, "ld-hand-bids"),
    h("p", {}, challengeSentence(hand, seating)),
    h("ul", { class: "cups", "data-testid": "ld-revealed" }, hand.dice.map((cup, seat) =>
      cup.length === 0 ? null : h("li", { class: seat === hand.loser ? "loser" : null },
        h("span", { class: "cup-owner" }, seating.name(seat)),
        diceRow(cup, `${seating.name(seat)}'s cup`, { marked: (value) => counts(value, face, onesWild) })))));
}

/**
 * Bid pickers limited to the legal bids: a quantity, then a face among those that beat the last
 * bid with that quantity; and the challenge when it is allowed.
 * @param {[number, number][]} bids @param {boolean} canChallenge @param {[number, number] | null} current
 * @param {Seating} seating @param {Record<string, any>} view
 * @param {(action: Record<string, unknown>) => Promise<void>} send
 */
function bidForm(bids, canChallenge, current, seating, view, send) {
  /** @type {Map<number, number[]>} */
  const facesBy = new Map();
  for (const [quantity, face] of bids) facesBy.set(quantity, [...(facesBy.get(quantity) ?? []), face]);
  const quantity = h("select", { "data-testid": "ld-quantity", id: uniqueId("ld-quantity") },
    [...facesBy.keys()].map((q) => h("option", { value: q }, `${q} ${q === 1 ? "die" : "dice"}`)));
  const faceName = uniqueId("ld-face");
  const faceInputs = FACES.map((face) => h("input", { type: "radio", name: faceName, value: face, "data-testid": `ld-face-${face}`, "aria-label": `${faceWord(face)}s` }));
  const faces = h("fieldset", { class: "toggles face-picker", "data-testid": "ld-faces" },
    h("legend", {}, "Showing"),
    faceInputs.map((input, index) => h("label", {}, input, h("span", {}, die(FACES[index] ?? 1, { decorative: true })))));

  /** Offer only the faces that make a legal bid with the chosen quantity. */
  function limitFaces() {
    const allowed = facesBy.get(Number(quantity.value)) ?? [];
    let checked = false;
    for (const input of faceInputs) {
      input.disabled = !allowed.includes(Number(input.value));
      if (input.disabled) input.checked = false;
      checked ||= input.checked;
    }
    if (!checked) {
      const first = faceInputs.find((input) => !input.disabled);
      if (first) first.checked = true;
    }
  }
  quantity.addEventListener("change", limitFaces);
  limitFaces();

  const yours = /** @type {number[] | undefined} */ (view.your_dice);
  const form = h("form", { class: "bid-form", "data-testid": "ld-bid-form", novalidate: true },
    yours ? h("div", { class: "your-cup" }, h("span", { class: "cup-owner" }, "Your dice"), diceRow(yours, "Your dice")) : null,
    h("div", { class: "field" }, h("label", { for: quantity.id }, "Bid at least"), quantity),
    faces,
    h("div", { class: "actions" },
      h("button", { type: "submit", class: "primary", "data-testid": "ld-bid" }, "Bid"),
      canChallenge && current
        ? h("button", { type: "button", class: "danger", "data-testid": "ld-challenge", onclick: () => void send({ challenge: true }) },
            `Call liar on ${seating.name(Number(view.bids?.[view.bids.length - 1]?.seat))}'s ${bidWords(current[0], current[1])}`)
        : null));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const picked = faceInputs.find((input) => input.checked);
    if (picked === undefined) return;
    void send({ bid: [Number(quantity.value), Number(picked.value)] });
  });
  return form;
}

/** @type {GameUi} */
export const liarsDice = {
  seatNote(view, seat) {
    const out = /** @type {number[]} */ (view.out ?? []);
    if (out.includes(seat)) return "out";
    const count = Number(view.dice_counts?.[seat] ?? 0);
    const turn = view.turn === seat ? ", to bid" : "";
    return `${plural(count, "die", "dice")}${turn}`;
  },

  board(view, seating) {
    const current = /** @type {[number, number] | null} */ (view.current_bid ?? null);
    const yours = /** @type {number[] | undefined} */ (view.your_dice);
    const onesWild = Boolean(view.options?.ones_wild);
    return h("div", { class: "game-board" },
      h("p", { class: "round-line", "data-testid": "ld-hand-line" },
        view.over ? `Over after ${plural(view.hand, "hand")}.` : `Hand ${view.hand}: ${seating.name(Number(view.turn))} to bid. ${plural(view.dice_in_play, "die", "dice")} in play.`),
      view.over ? null : h("p", { "data-testid": "ld-current-bid" }, current ? h("span", {}, "Bid to beat: ", bidMark(current)) : "No bid yet this hand: the first bid opens it."),
      onesWild && !view.over ? h("p", { class: "muted" }, "Ones are wild: they count for any face, except in a bid on ones.") : null,
      yours !== undefined && !view.over
        ? h("div", { class: "your-cup" }, h("span", { class: "cup-owner" }, "Your dice"), diceRow(yours, "Your dice", { testid: "your-dice" }))
        : seating.you === null ? h("p", { class: "muted" }, "Every cup stays hidden until a challenge shows them.") : null,
      view.over ? null : [h("h3", {}, "Bids this hand"), bidList(/** @type {Bid[]} */ (view.bids ?? []), seating, "ld-bids")]);
  },

  controls(legal, view, seating, send) {
    if (!Array.isArray(legal.bids)) return null;
    return bidForm(legal.bids, legal.challenge === true, view.current_bid ?? null, seating, view, send);
  },

  describeAction(action) {
    if (action.challenge === true) return "a challenge";
    if (Array.isArray(action.bid)) return `a bid of ${bidWords(Number(action.bid[0]), Number(action.bid[1]))}`;
    return "an action";
  },

  historyTitle: "Settled hands",

  history(view, seating) {
    const hands = /** @type {SettledHand[]} */ (view.past_hands ?? []);
    if (hands.length === 0) return h("p", { class: "empty" }, "No hand has been settled yet.");
    const onesWild = Boolean(view.options?.ones_wild);
    return h("div", { class: "hands" }, [...hands].reverse().map((hand) => settledHand(hand, seating, onesWild)));
  },

  announce(event, seating) {
    const data = event.data;
    switch (event.type) {
      case "liars_dice.bid":
        return `${seating.name(data.seat)} bids ${bidWords(data.bid[0], data.bid[1])}.`;
      case "liars_dice.challenged":
        return challengeSentence(/** @type {SettledHand} */ (data), seating);
      case "liars_dice.seat_out":
        return `${seating.name(data.seat)} has no dice left and is out.`;
      case "liars_dice.won":
        return `${seating.name(data.winner)} is the last with dice and wins.`;
      case "liars_dice.hand_started":
        return `Hand ${data.hand}: ${seating.name(data.starter)} opens the bidding.`;
      case "liars_dice.dice_rolled":
        return Array.isArray(data.dice) && seating.you !== null ? `You rolled ${data.dice.join(", ")}.` : null;
      default:
        return null;
    }
  },

  replayRound(round, seating, replay) {
    const settled = round.events.find((event) => event.type === "liars_dice.challenged");
    const onesWild = Boolean(replay.match.options.ones_wild ?? true);
    if (settled) return settledHand(/** @type {SettledHand} */ (settled.data), seating, onesWild);
    const cups = cupsBefore(replay, round.round);
    const bid = round.events.find((event) => event.type === "liars_dice.bid");
    return h("div", { class: "hand" },
      bid ? h("p", {}, `${seating.name(bid.data.seat)} bid `, bidMark(bid.data.bid)) : null,
      cups.length ? h("ul", { class: "cups", "data-testid": "ld-replay-cups" }, cups.map((cup, seat) =>
        cup.length === 0 ? null : h("li", {}, h("span", { class: "cup-owner" }, seating.name(seat)), diceRow(cup, `${seating.name(seat)}'s cup`)))) : null);
  },
};

/**
 * Every cup as it stood when `roundNumber` was played, from the dice rolled since the game began
 * (a replay holds every seat's roll: they come in seat order, one per seat still in).
 * @param {Replay} replay @param {number} roundNumber
 * @returns {number[][]}
 */
function cupsBefore(replay, roundNumber) {
  /** @type {number[][]} */
  let cups = [];
  /** @type {number[]} */
  let rolling = [];
  const events = [...replay.setup, ...replay.rounds.filter((round) => round.round < roundNumber).flatMap((round) => round.events)];
  for (const event of events) {
    if (event.type === "liars_dice.hand_started") {
      const counts = /** @type {number[]} */ (event.data.dice_counts);
      cups = counts.map(() => []);
      rolling = counts.flatMap((count, seat) => (count > 0 ? [seat] : []));
    } else if (event.type === "liars_dice.dice_rolled") {
      const seat = rolling.shift();
      if (seat !== undefined) cups[seat] = /** @type {number[]} */ (event.data.dice);
    }
  }
  return cups;
}
