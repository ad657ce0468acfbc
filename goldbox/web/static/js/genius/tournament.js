// One tournament: its standings (points, wins, draws, losses, tie-breaks), and every round's
// tables with their matches. While it runs the page asks again every few seconds.

import { h, replace, titleOf } from "../ui/dom.js";
import { gameNamed, loadGames } from "./catalog.js";
import { formatMoment, formatScore, matchHref, plural, replayHref } from "./format.js";
import { optionsLine } from "./options.js";
import { FORMATS } from "./tournaments.js";

/** @typedef {import("../main.js").PageContext} PageContext */
/** @typedef {import("./types.js").TournamentInfo} TournamentInfo */
/** @typedef {import("./types.js").TableInfo} TableInfo */

const POLL_MS = 2000;

/** @param {TournamentInfo} tournament */
function standingsTable(tournament) {
  const swiss = tournament.format === "swiss";
  const columns = ["Rank", "Entrant", "Points", "Won", "Drawn", "Lost", "Byes", ...(swiss ? ["Buchholz"] : []), "Head to head"];
  return h("div", { class: "table-scroll" }, h("table", { "data-testid": "standings" },
    h("caption", {}, "Ranked by points, then " + (swiss ? "Buchholz (the points of the opponents met), then " : "") + "points against the entrants level, then name"),
    h("thead", {}, h("tr", {}, columns.map((label, index) => h("th", { scope: "col", class: index === 1 ? null : "num" }, label)))),
    h("tbody", {}, tournament.standings.map((row) => h("tr", { "data-testid": "standing-row", "data-entrant": row.entrant, class: row.rank === 1 ? "leader" : null },
      h("td", { class: "num" }, row.rank),
      h("th", { scope: "row" }, row.name),
      h("td", { class: "num", "data-testid": "standing-points" }, row.points),
      h("td", { class: "num" }, row.wins),
      h("td", { class: "num" }, row.draws),
      h("td", { class: "num" }, row.losses),
      h("td", { class: "num" }, row.byes),
      swiss ? h("td", { class: "num" }, row.buchholz ?? "—") : null,
      h("td", { class: "num" }, row.head_to_head))))));
}

/** @param {TableInfo} table @param {string[]} names */
function tableLine(table, names) {
  const who = table.entrants.map((entrant, seat) => {
    const name = names[entrant] ?? `Entrant ${entrant + 1}`;
    if (table.points === null) return name;
    const won = table.winners?.includes(seat) ? ", won" : "";
    return `${name} ${formatScore(table.scores?.[seat] ?? 0)} (${table.points[seat]} pts${won})`;
  });
  const link = table.match_id === null ? null
    : table.status === "finished" ? h("a", { href: replayHref(table.match_id), "data-testid": "table-replay" }, "Replay")
    : h("a", { href: matchHref(table.match_id), "data-testid": "table-watch" }, "Watch");
  return h("li", { "data-testid": "tournament-table", "data-status": table.status },
    h("span", {}, `Table ${table.table}: `, who.join(" vs ")), " ",
    h("span", { class: `badge status-${table.status}` }, table.status), " ",
    link,
    table.match_id !== null && table.status === "finished" ? h("span", {}, " · ", h("a", { href: matchHref(table.match_id) }, "Result")) : null);
}

/** @param {HTMLElement} root @param {PageContext} ctx @param {string} tournamentId */
export async function mountTournament(root, ctx, tournamentId) {
  const { api } = ctx;
  const games = await loadGames(api);
  /** @type {TournamentInfo} */
  let tournament = await api.call("tournament.get", { tournament_id: tournamentId });
  if (ctx.signal.aborted) return undefined;

  const heading = h("h1", {});
  const summary = h("div", { "data-testid": "tournament-summary" });
  const status = h("p", { class: "round-result", role: "status", "aria-live": "polite", "data-testid": "tournament-status" });
  const standings = h("section", { class: "card", "aria-labelledby": "standings-title" });
  const schedule = h("section", { class: "card", "aria-labelledby": "schedule-title" });
  replace(root,
    h("p", { class: "crumbs" }, h("a", { href: "#/genius" }, "Genius games"), " / ", h("a", { href: "#/tournaments" }, "tournaments")),
    heading, summary, status, standings, schedule);

  /** @type {ReturnType<typeof setTimeout> | null} */
  let timer = null;

  function draw() {
    const title = gameNamed(games, tournament.game)?.title ?? titleOf(tournament.game);
    const names = tournament.entrants.map((entrant) => entrant.name);
    heading.textContent = `${title} tournament`;
    document.title = `${title} tournament · goldbox`;
    replace(summary,
      h("p", {}, h("span", { class: `badge status-${tournament.status}`, "data-testid": "tournament-state" }, tournament.status), " ",
        `${FORMATS[tournament.format] ?? tournament.format}, ${plural(tournament.entrants.length, "entrant")}, ${tournament.table_size === 2 ? "in pairs" : `tables of up to ${tournament.table_size}`}; ${optionsLine(tournament.options)}.`),
      h("p", { class: "muted" }, `Made ${formatMoment(tournament.created_at)}${tournament.finished_at ? `, finished ${formatMoment(tournament.finished_at)}` : ""}.`));
    status.textContent = tournament.status === "finished"
      ? `Finished: ${tournament.leader ?? "nobody"} wins.`
      : `Round ${tournament.round} of ${tournament.rounds} is being played${tournament.leader ? `; ${tournament.leader} leads` : ""}.`;
    replace(standings, h("h2", { id: "standings-title" }, "Standings"), standingsTable(tournament));
    replace(schedule, h("h2", { id: "schedule-title" }, "Rounds"),
      tournament.schedule.length === 0 ? h("p", { class: "empty" }, "No round has been paired yet.") :
      tournament.schedule.map((round) => h("div", { class: "tournament-round", "data-testid": "tournament-round" },
        h("h3", {}, `Round ${round.round}`),
        h("ul", { class: "plain" }, round.tables.map((table) => tableLine(table, names))),
        round.byes.length ? h("p", { class: "muted" }, `Bye: ${round.byes.map((entrant) => names[entrant]).join(", ")}`) : null)));
  }

  async function poll() {
    timer = null;
    try {
      tournament = await api.call("tournament.get", { tournament_id: tournamentId });
    } catch (err) {
      ctx.showError(err);
    }
    if (ctx.signal.aborted) return;
    draw();
    pollLater();
  }

  function pollLater() {
    if (tournament.status === "running" && !ctx.signal.aborted) timer = setTimeout(() => void poll(), POLL_MS);
  }

  draw();
  pollLater();
  return () => {
    if (timer !== null) clearTimeout(timer);
  };
}
