// The leaderboards: each board by period, a page at a time, and the player's own place on it.

import { h, replace } from "../ui/dom.js";

/** @typedef {import("../main.js").PageContext} PageContext */
/**
 * @typedef {{rank: number, user: string, value: number, achieved_at: string, game_id: string | null}} Entry
 * @typedef {{board: string, period: string, bucket: string, starts_at: string | null, ends_at: string | null,
 *            total: number, entries: Entry[]}} BoardPage
 * @typedef {BoardPage & {user: string, rank: number | null}} BoardPlace
 */

const BOARDS = {
  xp: { title: "Experience", column: "XP", about: "The most experience of any one character." },
  depth: { title: "Deepest", column: "Level", about: "The deepest dungeon level reached." },
  fastest_clear: { title: "Fastest clear", column: "Time", about: "The quickest clear of a whole dungeon." },
};
const PERIODS = { day: "Today", week: "This week", month: "This month", all: "All time" };
const PAGE_SIZE = 20;
const SPAN = 3;

/** @param {string} board @param {number} value */
function formatValue(board, value) {
  if (board !== "fastest_clear") return value.toLocaleString();
  const hours = Math.floor(value / 3600);
  const minutes = Math.floor((value % 3600) / 60);
  const seconds = value % 60;
  const mmss = `${String(minutes).padStart(hours ? 2 : 1, "0")}:${String(seconds).padStart(2, "0")}`;
  return hours ? `${hours}:${mmss}` : mmss;
}

/** @param {string | null} moment */
function formatMoment(moment) {
  return moment === null ? "" : new Date(moment).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

/**
 * A group of radio buttons shown as a row of toggles.
 * @param {string} legend @param {string} name @param {Record<string, string>} options @param {string} chosen
 */
function toggles(legend, name, options, chosen) {
  return h("fieldset", { class: "toggles", "data-testid": `${name}-choice` },
    h("legend", {}, legend),
    Object.entries(options).map(([value, label]) =>
      h("label", {}, h("input", { type: "radio", name, value, checked: value === chosen, "data-testid": `${name}-${value}` }), h("span", {}, label))));
}

/** @param {HTMLElement} root @param {PageContext} ctx */
export async function mountLeaderboards(root, ctx) {
  const state = {
    board: ctx.query.get("board") ?? "xp",
    period: ctx.query.get("period") ?? "week",
    offset: 0,
  };
  if (!(state.board in BOARDS)) state.board = "xp";
  if (!(state.period in PERIODS)) state.period = "week";

  const boardChoice = toggles("Board", "board", Object.fromEntries(Object.entries(BOARDS).map(([id, b]) => [id, b.title])), state.board);
  const periodChoice = toggles("Period", "period", PERIODS, state.period);
  const top = h("section", { "aria-labelledby": "top-title", "data-testid": "leaderboard-top" });
  const around = h("section", { "aria-labelledby": "around-title", "data-testid": "leaderboard-around", class: "card" });
  replace(root, h("h1", {}, "Leaderboards"), h("div", { class: "choice-bar" }, boardChoice, periodChoice), top, around);

  /** Remember the choice in the address (without a new history entry), so it can be shared. */
  function remember() {
    const hash = `#/leaderboards?board=${state.board}&period=${state.period}`;
    if (location.hash !== hash) history.replaceState(null, "", hash);
  }

  async function show() {
    remember();
    const { board, period, offset } = state;
    let page;
    let place;
    try {
      [page, place] = await Promise.all([
        ctx.api.call("leaderboard.top", { board, period, limit: PAGE_SIZE, offset }),
        ctx.api.call("leaderboard.around", { board, period, span: SPAN }),
      ]);
    } catch (err) {
      ctx.showError(err);
      return;
    }
    if (ctx.signal.aborted || board !== state.board || period !== state.period || offset !== state.offset) return;
    showTop(/** @type {BoardPage} */ (page));
    showAround(/** @type {BoardPlace} */ (place));
  }

  /** @param {BoardPage} page */
  function showTop(page) {
    const info = BOARDS[/** @type {keyof typeof BOARDS} */ (page.board)];
    const me = ctx.api.username?.toLowerCase();
    const when = page.ends_at === null ? "all time" : `${page.bucket}, until ${formatMoment(page.ends_at)}`;
    const previous = h("button", { type: "button", class: "quiet", disabled: state.offset === 0, "data-testid": "page-previous" }, "Previous");
    const next = h("button", { type: "button", class: "quiet", disabled: state.offset + PAGE_SIZE >= page.total, "data-testid": "page-next" }, "Next");
    previous.addEventListener("click", () => {
      state.offset = Math.max(0, state.offset - PAGE_SIZE);
      void show();
    });
    next.addEventListener("click", () => {
      state.offset += PAGE_SIZE;
      void show();
    });
    replace(top,
      h("h2", { id: "top-title" }, `${info.title}: ${PERIODS[/** @type {keyof typeof PERIODS} */ (page.period)]}`),
      h("p", { class: "muted" }, `${info.about} ${page.total} ${page.total === 1 ? "player" : "players"} · ${when}.`),
      page.entries.length === 0
        ? h("p", { class: "empty", "data-testid": "leaderboard-empty" }, "Nobody is on this board yet. Be the first!")
        : entriesTable(page.board, info.column, page.entries, me, "leaderboard-table"),
      page.total > PAGE_SIZE && h("div", { class: "pager" }, previous, h("span", {}, `${state.offset + 1}–${Math.min(state.offset + PAGE_SIZE, page.total)} of ${page.total}`), next));
  }

  /** @param {BoardPlace} place */
  function showAround(place) {
    const info = BOARDS[/** @type {keyof typeof BOARDS} */ (place.board)];
    replace(around,
      h("h2", { id: "around-title" }, "Around me"),
      place.rank === null
        ? h("p", { "data-testid": "around-unranked" }, `You are not on this board yet. ${info.about}`)
        : [h("p", { "data-testid": "around-rank" }, `You are ranked ${place.rank} of ${place.total}.`),
           entriesTable(place.board, info.column, place.entries, place.user.toLowerCase(), "around-table")]);
  }

  boardChoice.addEventListener("change", (event) => {
    state.board = /** @type {HTMLInputElement} */ (event.target).value;
    state.offset = 0;
    void show();
  });
  periodChoice.addEventListener("change", (event) => {
    state.period = /** @type {HTMLInputElement} */ (event.target).value;
    state.offset = 0;
    void show();
  });
  await show();
}

/**
 * @param {string} board @param {string} column @param {Entry[]} entries @param {string | undefined} me
 * @param {string} testid
 */
function entriesTable(board, column, entries, me, testid) {
  return h("table", { class: "board", "data-testid": testid },
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Rank"), h("th", { scope: "col" }, "Player"), h("th", { scope: "col", class: "num" }, column), h("th", { scope: "col" }, "Reached"))),
    h("tbody", {}, entries.map((entry) => {
      const mine = entry.user.toLowerCase() === me;
      return h("tr", { class: mine ? "me" : null, "aria-current": mine ? "true" : null },
        h("td", {}, entry.rank), h("td", {}, entry.user, mine ? " (you)" : ""),
        h("td", { class: "num" }, formatValue(board, entry.value)), h("td", {}, formatMoment(entry.achieved_at)));
    })));
}
