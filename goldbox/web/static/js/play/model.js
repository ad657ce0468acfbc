/**
 * What the play screen knows of one game: the party's view (game.state), and what the events tell
 * beyond it: the names of creatures no longer in sight, how hurt each monster is, who sleeps.
 *
 * The view from the server is the truth; events only move things early so the screen can animate,
 * and every view read after them replaces what they guessed. A view older than the one held is
 * ignored, so replies and refreshes may arrive in any order.
 */

/** @typedef {import("./types.js").View} View */
/** @typedef {import("./types.js").GameInfo} GameInfo */
/** @typedef {import("./types.js").PlayEvent} PlayEvent */
/** @typedef {import("./types.js").Point} Point */
/** @typedef {import("./types.js").Sheet} Sheet */
/** @typedef {import("./types.js").Seen} Seen */

/** @typedef {{id: string, from: Point|null, to: Point}} Step */

/** The id the rules give a monster: its kind and a number ("giant_rat-3"). */
const MONSTER_ID = /^[a-z_]+-\d+$/;

export class GameModel {
  /** @param {string} accountId the player's account, to tell their characters from the others' */
  constructor(accountId) {
    this.accountId = accountId;
    /** @type {GameInfo|null} */ this.game = null;
    /** @type {View|null} */ this.view = null;
    /** The seq of the game's last event reflected in `view`. */
    this.version = 0;
    /** @type {Map<string, string>} */ this.names = new Map();
    /** @type {Map<string, string>} */ this.sides = new Map();
    /** Each monster's hit points as events told them, and its maximum once known.
     *  @type {Map<string, {hp: number, max: number|null}>} */
    this.health = new Map();
    /** @type {Set<string>} */ this.asleep = new Set();
    /** @type {Set<string>} */ this.fallen = new Set();
    /** @type {Set<(what: string, detail?: any) => void>} */ this.listeners = new Set();
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

  /** The characters of this game the player controls, in party order. @returns {Sheet[]} */
  get mine() {
    if (!this.view || !this.game) return [];
    const owned = new Set(
      this.game.players.filter((p) => p.account_id === this.accountId).map((p) => p.character_id),
    );
    return this.view.party.filter((sheet) => owned.has(sheet.id));
  }

  /** @param {string} id @returns {boolean} */
  isMine(id) {
    return this.mine.some((sheet) => sheet.id === id);
  }

  /** @param {string} id @returns {Sheet|undefined} */
  sheet(id) {
    return this.view?.party.find((s) => s.id === id);
  }

  /** @param {string} id @returns {Seen|undefined} */
  creature(id) {
    return this.view?.creatures.find((c) => c.id === id);
  }

  /** @param {Point} point @returns {Seen|undefined} */
  creatureAt(point) {
    return this.view?.creatures.find(
      (c) => c.position !== null && c.position[0] === point[0] && c.position[1] === point[1] && c.status !== "dead",
    );
  }

  /** The name to tell a story with: "Mira", or "the giant rat". A monster not met in a view yet is
   *  named from its id ("giant_rat-3"), which the rules make from its kind.
   * @param {string|null|undefined} id */
  nameOf(id) {
    if (!id) return "someone";
    const name = this.names.get(id) ?? id.replace(/-\d+$/, "").replace(/_/g, " ");
    return this.sideOf(id) === "monsters" ? `the ${name.toLowerCase()}` : name;
  }

  /** @param {string} id @returns {string|undefined} */
  sideOf(id) {
    return this.sides.get(id) ?? (MONSTER_ID.test(id) ? "monsters" : undefined);
  }

  /** How hale a creature is, 0 to 1, as far as the party knows (its sheet, or the blows it took).
   * @param {string} id @returns {number} */
  vigour(id) {
    const sheet = this.sheet(id);
    if (sheet) return Math.max(0, sheet.hp) / Math.max(1, sheet.max_hp);
    const known = this.health.get(id);
    if (known && known.max) return Math.max(0, known.hp) / known.max;
    const seen = this.creature(id);
    return seen?.wounded ? 0.5 : 1;
  }

  /**
   * A view read from the server (game.state, or an action's reply): taken when it is not older
   * than the one held. @param {{game: GameInfo, view: View}} state @returns {boolean}
   */
  applyState(state) {
    if (this.view && state.game.version < this.version) return false;
    this.game = state.game;
    this.view = state.view;
    this.version = state.game.version;
    this.learnNames(state);
    for (const c of state.view.creatures) {
      if (!c.wounded) this.health.delete(c.id);
    }
    this.emit("state");
    return true;
  }

  /** Learn who is who from a view, before telling the events that led to it.
   * @param {{game: GameInfo, view: View}} state */
  learnNames(state) {
    for (const c of [...state.view.creatures, ...state.view.party]) {
      this.names.set(c.id, c.name);
      this.sides.set(c.id, c.side);
    }
    for (const player of state.game.players) {
      if (player.name) this.names.set(player.character_id, player.name);
      this.sides.set(player.character_id, "party");
    }
  }

  /**
   * One event. `live` events (after the view's version) move things at once for the animations;
   * every event teaches names and health. @param {PlayEvent} event @param {boolean} live
   */
  applyEvent(event, live) {
    const data = event.data;
    switch (event.type) {
      case "player.joined":
        if (data.sheet) {
          this.names.set(data.character, data.sheet.name);
          this.sides.set(data.character, "party");
        }
        break;
      case "creature.damaged": {
        if (live) this.emit("float", { id: data.creature, text: `-${data.amount}`, colour: "#ff5a4a" });
        const known = this.health.get(data.creature);
        const seen = this.creature(data.creature);
        // A first blow on an unhurt monster shows its maximum: what it had before the blow.
        const max = known ? known.max : seen && !seen.wounded ? data.hp + data.amount : null;
        this.health.set(data.creature, { hp: data.hp, max });
        if (this.asleep.delete(data.creature)) this.emit("changed");
        break;
      }
      case "creature.healed": {
        if (live) this.emit("float", { id: data.creature, text: `+${data.amount}`, colour: "#6ee06e" });
        const known = this.health.get(data.creature);
        if (known) known.hp = data.hp;
        break;
      }
      case "attack.missed":
        if (live) this.emit("float", { id: data.target, text: "miss", colour: "#d0d0d0" });
        break;
      case "effect.applied":
        if (data.kind === "sleep") this.asleep.add(data.creature);
        break;
      case "effect.ended":
        if (data.kind === "sleep") this.asleep.delete(data.creature);
        break;
      case "creature.died":
        this.fallen.add(data.creature);
        this.asleep.delete(data.creature);
        break;
      default:
        break;
    }
    if (live && event.seq > this.version) this.foresee(event);
  }

  /** Move things as a live event says, before the next view confirms it. @param {PlayEvent} event */
  foresee(event) {
    const view = this.view;
    if (!view) return;
    const data = event.data;
    if (event.type === "creature.moved") {
      const who = [...view.creatures, ...view.party].filter((c) => c.id === data.creature);
      for (const c of who) c.position = [data.to[0], data.to[1]];
      /** @type {Step} */
      const step = { id: data.creature, from: data.from ?? null, to: [data.to[0], data.to[1]] };
      this.emit("moved", step);
    } else if (event.type === "door.opened" || event.type === "door.closed" || event.type === "door.unlocked") {
      const glyph = event.type === "door.opened" ? "'" : "+";
      const [x, y] = data.at;
      const row = view.map.rows[y];
      if (row) view.map.rows[y] = row.slice(0, x) + glyph + row.slice(x + 1);
      this.emit("changed");
    } else if (event.type === "creature.died") {
      this.emit("died", data.creature);
      view.creatures = view.creatures.filter((c) => c.id !== data.creature || this.sides.get(c.id) === "party");
      this.emit("changed");
    } else if (event.type === "item.picked_up") {
      view.floor = view.floor.filter((f) => f.item.uid !== data.item);
      this.emit("changed");
    }
  }
}
