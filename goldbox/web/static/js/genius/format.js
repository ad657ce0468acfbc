// Words and numbers shared by the Genius pages: seat names, scores, counts, times.

/** @typedef {import("./types.js").SeatInfo} SeatInfo */
/** @typedef {import("./types.js").Seating} Seating */
/** @typedef {import("./types.js").MatchInfo} MatchInfo */

/**
 * Who sits where, with "you" marked, for a match's seats; two seats of one name (two bots of one
 * strategy) are told apart by their seat numbers.
 * @param {SeatInfo[]} seats @param {number | null} you
 * @returns {Seating}
 */
export function seatingOf(seats, you) {
  /** @type {Map<string, number>} */
  const uses = new Map();
  for (const entry of seats) uses.set(entry.name, (uses.get(entry.name) ?? 0) + 1);
  return {
    seats,
    you,
    name: (seat) => {
      const found = seats.find((entry) => entry.seat === seat);
      if (found === undefined) return `Seat ${seat + 1}`;
      const name = (uses.get(found.name) ?? 0) > 1 ? `${found.name}, seat ${seat + 1}` : found.name;
      return seat === you ? `${name} (you)` : name;
    },
  };
}

/** A score as people read it: 2 rather than 2.0, at most three decimals. @param {number} value */
export function formatScore(value) {
  if (Number.isInteger(value)) return String(value);
  return String(Math.round(value * 1000) / 1000);
}

/** "1 round", "3 rounds". @param {number} count @param {string} one @param {string} [many] */
export function plural(count, one, many = `${one}s`) {
  return `${count} ${count === 1 ? one : many}`;
}

/** "Ana, Bob and Cy". @param {string[]} names */
export function listOf(names) {
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

/** The winners of a finished match, in words. @param {MatchInfo} match */
export function winnersOf(match) {
  const outcome = match.outcome;
  if (outcome === null) return "";
  if (outcome.winners.length === 0) return "Nobody won";
  const names = outcome.winners.map((seat) => match.seats.find((entry) => entry.seat === seat)?.name ?? `Seat ${seat + 1}`);
  return outcome.winners.length === 1 ? `${names[0]} won` : `${listOf(names)} shared the win`;
}

/** Who sits at a table, in a line: "Ana, random (bot)". @param {MatchInfo} match */
export function seatsLine(match) {
  return match.seats.length === 0 ? "nobody yet" : match.seats.map((seat) => seat.name).join(", ");
}

/** A moment as a short local date and time. @param {string | null} moment */
export function formatMoment(moment) {
  if (moment === null) return "";
  return new Date(moment).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

/** Seconds as "45 s" or "2 min 5 s". @param {number} seconds */
export function formatSeconds(seconds) {
  const whole = Math.max(0, Math.ceil(seconds));
  if (whole < 60) return `${whole} s`;
  const minutes = Math.floor(whole / 60);
  const rest = whole % 60;
  return rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`;
}

/** The address of a match's page. @param {string} matchId */
export function matchHref(matchId) {
  return `#/genius/match/${encodeURIComponent(matchId)}`;
}

/** The address of a finished match's replay. @param {string} matchId */
export function replayHref(matchId) {
  return `${matchHref(matchId)}/replay`;
}
