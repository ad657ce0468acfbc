/**
 * The shapes the play screens read from the API (game.state, action.*, game.event), as JSDoc types.
 * Only the fields the screens use are named; the server sends more.
 */

/** @typedef {[number, number]} Point */

/**
 * @typedef {{uid: string, base: string, quantity: number, bonus: number, rarity: string,
 *            enchantments: string[], charges: number|null, spell: string|null}} Item
 */

/**
 * @typedef {{kind: string, source: string, magnitude?: number, remaining?: number, stat?: string|null}} Effect
 */

/**
 * A party member's whole sheet (game.state `view.party[]`).
 * @typedef {{id: string, name: string, side: string, abilities: Record<string, number>, hp: number,
 *            max_hp: number, level: number, race: string|null, class_id: string|null, monster: string|null,
 *            xp: number, gold: number, position: Point|null, status: string, inventory: Item[],
 *            equipped: Record<string, string>, effects: Effect[], spellbook: string[],
 *            memorised: Record<string, string[]>,
 *            derived: {armour_class: number, thac0: number, saves: Record<string, number>,
 *                      movement: number, spell_slots: Record<string, number>}}} Sheet
 */

/**
 * A creature in sight (game.state `view.creatures[]`).
 * @typedef {{id: string, name: string, side: string, monster: string|null, race: string|null,
 *            class_id: string|null, level: number, position: Point|null, status: string,
 *            wounded: boolean}} Seen
 */

/** @typedef {{point: Point, item: Item}} FloorItem */

/** @typedef {{round: number, order: string[], actor: string|null, movement_left: number}} Battle */

/**
 * @typedef {{kind: string, target: string|null, count: number, progress: number, level: number|null,
 *            point: Point|null, to: string|null}} Objective
 */

/**
 * @typedef {{id: string, title: string, description: string, objectives: Objective[],
 *            reward: {xp: number, gold: number, items: Item[]}, giver: string|null, status: string}} Quest
 */

/**
 * @typedef {{map: {width: number, height: number, rows: string[]}, creatures: Seen[], party: Sheet[],
 *            floor: FloorItem[], combat: Battle|null, quests: Quest[], turn: string|null}} View
 */

/** @typedef {{character_id: string, account_id: string, name: string}} PlayerInfo */

/**
 * @typedef {{id: string, status: string, version: number, difficulty: number, depth: number,
 *            current_depth: number, max_players: number, players: PlayerInfo[],
 *            turn_deadline: string|null}} GameInfo
 */

/** @typedef {{seq: number, type: string, data: Record<string, any>}} PlayEvent */

/** @typedef {{game: GameInfo, view: View}} GameState */

/** @typedef {{game: GameInfo, view: View, events: PlayEvent[], first_seq?: number, last_seq?: number}} ActionReply */

export {};
