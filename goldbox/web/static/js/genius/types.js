// The shapes of the Genius RPC replies the pages read (goldbox/api/methods/matches.py and
// tournaments.py), and what each game's part of a page is given. Types only.

/**
 * @typedef {{strategy: string, description: string}} StrategyInfo
 * @typedef {{type?: string | string[], minimum?: number, maximum?: number, exclusiveMinimum?: number,
 *            exclusiveMaximum?: number, default?: unknown, description?: string}} OptionSchema
 * @typedef {{type?: string, properties?: Record<string, OptionSchema>}} OptionsSchema
 * @typedef {{name: string, title: string, min_players: number, max_players: number,
 *            options_schema: OptionsSchema, strategies: StrategyInfo[]}} GeniusGameInfo
 * @typedef {{seat: number, kind: "human" | "agent" | "bot", name: string, account_id: string | null,
 *            strategy: string | null, left: boolean}} SeatInfo
 * @typedef {{scores: number[], winners: number[]}} OutcomeInfo
 * @typedef {"open" | "running" | "finished"} MatchStatus
 * @typedef {{id: string, game: string, title: string, status: MatchStatus, options: Record<string, unknown>,
 *            min_players: number, max_players: number, seats: SeatInfo[], creator: string | null,
 *            round: number, round_deadline: string | null, round_deadline_s: number, pace_s: number,
 *            version: number, outcome: OutcomeInfo | null, tournament_id: string | null}} MatchInfo
 * @typedef {{match: MatchInfo, you: number | null, view: Record<string, any>, awaiting: number[],
 *            legal: Record<string, any>, sealed: Record<string, any> | null, acted: number[]}} MatchState
 * @typedef {{round: number, sealed: Record<string, any>, resolved: boolean, match: MatchInfo}} Acted
 * @typedef {{seq: number, type: string, data: Record<string, any>}} LoggedEvent
 * @typedef {{round: number, actions: Record<string, Record<string, any>>, events: LoggedEvent[]}} RoundReplay
 * @typedef {{match: MatchInfo, setup: LoggedEvent[], rounds: RoundReplay[], outcome: OutcomeInfo | null}} Replay
 */

/**
 * @typedef {{entrant: number, kind: "bot" | "player", name: string, account_id: string | null,
 *            strategy: string | null}} EntrantInfo
 * @typedef {{table: number, entrants: number[], match_id: string | null,
 *            status: "pending" | "running" | "finished", scores: number[] | null, winners: number[] | null,
 *            points: number[] | null}} TableInfo
 * @typedef {{round: number, byes: number[], tables: TableInfo[]}} TournamentRound
 * @typedef {{rank: number, entrant: number, name: string, points: number, wins: number, draws: number,
 *            losses: number, byes: number, buchholz: number | null, head_to_head: number}} StandingInfo
 * @typedef {{id: string, game: string, format: "round_robin" | "swiss", status: "running" | "finished",
 *            creator: string | null, table_size: number, rounds: number, round: number,
 *            entrants: EntrantInfo[], options: Record<string, unknown>, round_deadline_s: number,
 *            pace_s: number, created_at: string, finished_at: string | null, leader: string | null}} TournamentSummary
 * @typedef {TournamentSummary & {schedule: TournamentRound[], standings: StandingInfo[]}} TournamentInfo
 */

/**
 * Who sits where, as a game's part of the page names them.
 * @typedef {{seats: SeatInfo[], you: number | null, name: (seat: number) => string}} Seating
 */

/**
 * Seal an action for the current round; resolves once the page shows the result (the controls stay
 * disabled until then, so a second click sends nothing).
 * @typedef {(action: Record<string, unknown>) => Promise<void>} Send
 */

/**
 * One game's part of the match and replay pages. Every function is pure rendering from the
 * server's view, `legal` and events: the rules stay on the server.
 * @typedef {object} GameUi
 * @property {(view: Record<string, any>, seat: number) => string | null} seatNote
 *   a seat's standing in a few words ("3 points", "4 dice"), shown in the seat list
 * @property {(view: Record<string, any>, seating: Seating) => Node | null} board
 *   the table as it stands now: the round, the stakes, your own hidden things (your dice)
 * @property {(legal: Record<string, any>, view: Record<string, any>, seating: Seating, send: Send) => Node | null} controls
 *   what you may do this round, from `legal` (never more)
 * @property {(action: Record<string, any>, seating: Seating) => string} describeAction
 *   an action in words ("side A", "bid 3 × fives")
 * @property {(view: Record<string, any>, seating: Seating) => Node | null} history
 *   the rounds resolved so far
 * @property {string | undefined} [historyTitle] the history's heading, when "Rounds so far" is not the game's word
 * @property {(event: LoggedEvent, seating: Seating) => string | null} announce
 *   an event in a sentence, for the live region and the replay's log (null: not worth saying)
 * @property {((round: RoundReplay, seating: Seating, replay: Replay) => Node | null) | undefined} [replayRound]
 *   a replayed round drawn the game's way (every action revealed)
 */

export {};
