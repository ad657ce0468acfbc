/**
 * The play screen of one game: the map in the middle, the battle's initiative bar above it, the
 * actions and the story below, the party and the character's sheet, inventory, spellbook and
 * quests beside it (below it on a phone). It holds which of the player's characters is chosen
 * (it acts; in battle, the one whose turn it is is chosen for the player), and turns keys and
 * clicks on the map into actions.
 */

import { h, replace } from "../ui/dom.js";
import { ActionBar } from "./actions.js";
import { InitiativeBar } from "./combat.js";
import { installDebugHook } from "./debug.js";
import { DOOR_CLOSED, DOOR_LOCKED, DIRECTIONS, directionOf, distance, findPath, glyphAt } from "./grid.js";
import { Inventory } from "./inventory.js";
import { KEY_DIRECTIONS, forAField, keyName } from "./keys.js";
import { StoryLog } from "./log.js";
import { MapView } from "./map.js";
import { QuestLog } from "./quests.js";
import { Roster } from "./roster.js";
import { PlaySession } from "./session.js";
import { CharacterSheet } from "./sheet.js";
import { Spellbook } from "./spellbook.js";
import { Targeting } from "./targeting.js";

/** @typedef {import("./types.js").Point} Point */
/** @typedef {import("./types.js").Item} Item */
/** @typedef {import("./types.js").Sheet} Sheet */
/** @typedef {import("./types.js").Seen} Seen */
/** @typedef {import("./types.js").ActionReply} ActionReply */
/** @typedef {import("./types.js").PlayEvent} PlayEvent */
/** @typedef {import("./session.js").SessionOptions} SessionOptions */
/** @typedef {import("./content.js").Content} Content */
/** @typedef {import("./content.js").SpellDef} SpellDef */
/** @typedef {PlayScreen} Play */

/**
 * @typedef {SessionOptions & {navigate: (hash: string) => void,
 *   onEvent?: (event: PlayEvent, live: boolean) => void, aside?: HTMLElement}} ScreenOptions
 */

const TABS = /** @type {const} */ ([
  ["sheet", "Sheet"],
  ["inventory", "Items"],
  ["spellbook", "Spells"],
  ["quests", "Quests"],
]);
const LEAVE_CONFIRM_MS = 4000;

export class PlayScreen {
  /** @param {HTMLElement} root @param {ScreenOptions} options */
  constructor(root, options) {
    this.root = root;
    this.options = options;
    this.session = new PlaySession(options);
    this.model = this.session.model;
    /** @type {string|null} */ this.selected = null;
    /** @type {string|null} the direction walked next, pressed while an action was in flight */
    this.pendingStep = null;
    /** @type {(() => void)[]} */ this.cleanups = [];
    this.heading = h("h1", { class: "gb-play-title" }, "Adventure");
    this.canvas = h("canvas", {
      "data-testid": "map-canvas",
      class: "gb-map",
      tabindex: 0,
      role: "img",
      "aria-label": "The dungeon map. Walk with the arrow keys, WASD, or Q E Z C for diagonals; click a square to walk there.",
    });
    this.mapBox = h("div", { class: "gb-map-box" }, this.canvas);
  }

  /** The content, once the session has read it. @returns {Content} */
  get content() {
    if (!this.session.content) throw new Error("The play screen is not started.");
    return this.session.content;
  }

  async start() {
    replace(this.root, h("div", { class: "gb-play gb-loading", "data-testid": "play-loading" }, this.heading, h("p", {}, "Entering the dungeon…")));
    await this.session.load();
    this.build();
    const mine = this.model.mine;
    const preferred = mine.find((s) => s.id === this.options.characterId) ?? mine[0];
    this.select(preferred ? preferred.id : null);
    this.render();
    this.cleanups.push(this.model.subscribe((what) => this.onModel(what)));
    this.cleanups.push(this.session.subscribe((what, detail) => this.onSession(what, detail)));
    this.session.listen();
    const onKey = (/** @type {KeyboardEvent} */ event) => this.onKey(event);
    document.addEventListener("keydown", onKey);
    this.cleanups.push(() => document.removeEventListener("keydown", onKey));
    this.cleanups.push(installDebugHook(this));
    this.canvas.focus({ preventScroll: true });
  }

  destroy() {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.map?.destroy();
    this.initiative?.destroy();
    this.session.close();
  }

  build() {
    const content = this.content;
    this.map = new MapView(this.canvas, this.model, {
      onSquare: (point) => this.onSquare(point),
      onHover: (point) => this.onHover(point),
    });
    this.log = new StoryLog(this.model, content);
    this.targeting = new Targeting(this.map, this.model, (text) => this.log?.note(text, "hint"));
    this.initiative = new InitiativeBar(this.model);
    this.actions = new ActionBar(this);
    this.roster = new Roster(this);
    this.sheet = new CharacterSheet(this);
    this.inventory = new Inventory(this);
    this.spellbook = new Spellbook(this);
    this.quests = new QuestLog(this);
    this.mapBox.append(this.targeting.element);
    const panels = { sheet: this.sheet.element, inventory: this.inventory.element, spellbook: this.spellbook.element, quests: this.quests.element };
    /** @type {Map<string, HTMLButtonElement>} */
    this.tabs = new Map();
    const tabList = h("div", { class: "gb-tabs", role: "tablist", "aria-label": "Character" });
    for (const [id, label] of TABS) {
      const tab = h("button", { type: "button", role: "tab", id: `gb-tab-${id}`, "data-testid": `tab-${id}`, "aria-controls": `gb-panel-${id}`, onclick: () => this.showTab(id) }, label);
      this.tabs.set(id, tab);
      tabList.append(tab);
      const panel = panels[id];
      panel.id = `gb-panel-${id}`;
      panel.setAttribute("role", "tabpanel");
      panel.setAttribute("aria-labelledby", `gb-tab-${id}`);
    }
    this.status = h("span", { class: "gb-play-status", "data-testid": "play-status" });
    this.leaveButton = h("button", { type: "button", class: "quiet", "data-testid": "leave-game", onclick: () => void this.leave() }, "Leave game");
    this.overlay = h("div", { class: "gb-overlay", "data-testid": "game-over", hidden: true, role: "dialog", "aria-modal": "false" });
    const zoom = h(
      "span",
      { class: "gb-zoom" },
      h("button", { type: "button", class: "gb-small", "aria-label": "Zoom out", "data-testid": "zoom-out", onclick: () => this.zoom(-1) }, "−"),
      h("button", { type: "button", class: "gb-small", "aria-label": "Zoom in", "data-testid": "zoom-in", onclick: () => this.zoom(1) }, "+"),
    );
    replace(
      this.root,
      h(
        "div",
        { class: "gb-play", "data-testid": "play-screen" },
        h("header", { class: "gb-play-head" }, this.heading, this.status, zoom, this.leaveButton),
        h(
          "div",
          { class: "gb-play-body" },
          h("div", { class: "gb-stage" }, this.initiative.element, this.mapBox, this.actions.element, this.log.element),
          h("aside", { class: "gb-side" }, this.options.aside ?? null, this.roster.element, tabList, ...Object.values(panels)),
        ),
        this.overlay,
      ),
    );
    this.showTab("sheet");
  }

  /** @param {string} id */
  showTab(id) {
    for (const [tabId, tab] of this.tabs ?? []) {
      const on = tabId === id;
      tab.setAttribute("aria-selected", on ? "true" : "false");
      tab.tabIndex = on ? 0 : -1;
      const panel = document.getElementById(`gb-panel-${tabId}`);
      if (panel) panel.hidden = !on;
    }
  }

  // ------------------------------------------------------------------------------------ who acts
  /** The chosen character's sheet, if it is one of the player's. @returns {Sheet|null} */
  actor() {
    return this.model.mine.find((s) => s.id === this.selected) ?? null;
  }

  /** The chosen character's sheet for a panel about it; with none, the panel says so and it is null.
   * @param {HTMLElement} panel @returns {Sheet|null} */
  actorFor(panel) {
    const sheet = this.actor();
    if (!sheet) replace(panel, h("p", {}, "No character of yours is in this game."));
    return sheet;
  }

  /** @param {string|null} id */
  select(id) {
    this.selected = id;
    this.map?.select(id);
    this.render();
  }

  /** Whether the chosen character may act now: alive and standing, its turn if in battle, the
   *  game going on, and no other action in flight. */
  canAct() {
    const sheet = this.actor();
    const view = this.model.view;
    if (!sheet || !view || this.session.busy || this.model.game?.status === "finished") return false;
    if (sheet.status !== "active" || !sheet.position) return false;
    return view.combat === null || view.combat.actor === sheet.id;
  }

  /** The enemies in sight that can still fight. @returns {Seen[]} */
  foes() {
    return (this.model.view?.creatures ?? []).filter((c) => c.side === "monsters" && c.status === "active" && c.position);
  }

  /** The items lying where the chosen character stands. */
  itemsHere() {
    const at = this.actor()?.position;
    if (!at) return [];
    return (this.model.view?.floor ?? []).filter((f) => f.point[0] === at[0] && f.point[1] === at[1]);
  }

  // ------------------------------------------------------------------------------------- actions
  /** One action for the chosen character. @param {string} method @param {Record<string, unknown>} [params]
   * @returns {Promise<ActionReply|null>} */
  async act(method, params = {}) {
    const sheet = this.actor();
    if (!sheet) return null;
    return this.session.act(method, sheet.id, params);
  }

  /** Walk one step, or do what stepping into that square means: open a door, unlock it, strike
   *  the enemy standing there, talk to the person. @param {string} direction */
  async step(direction) {
    if (this.session.busy) {
      this.pendingStep = direction;
      return;
    }
    const ready = this.readyToMove();
    if (!ready) return;
    const { view, here } = ready;
    const [dx, dy] = DIRECTIONS[direction];
    /** @type {Point} */
    const to = [here[0] + dx, here[1] + dy];
    const glyph = glyphAt(view.map.rows, to[0], to[1]);
    const standing = this.model.creatureAt(to);
    if (glyph === DOOR_CLOSED) await this.act("action.open_door", { direction });
    else if (glyph === DOOR_LOCKED) await this.act("action.unlock", { direction });
    else if (standing && standing.side === "monsters" && standing.status === "active") await this.act("action.attack", { target: standing.id });
    else if (standing && standing.side === "neutral") await this.act("action.talk", { npc: standing.id });
    else await this.act("action.move", { steps: [direction] });
    const next = this.pendingStep;
    this.pendingStep = null;
    if (next) await this.step(next);
  }

  /** The view and the chosen character's square, when it may act now; else null (and when it stands
   * somewhere but may not act, the player is told why). */
  readyToMove() {
    const sheet = this.actor();
    const view = this.model.view;
    if (!sheet || !view || !sheet.position) return null;
    if (!this.canAct()) {
      this.explainWhyNot();
      return null;
    }
    return { view, here: sheet.position };
  }

  explainWhyNot() {
    const view = this.model.view;
    const sheet = this.actor();
    if (this.session.busy || !view) return;
    if (this.model.game?.status === "finished") this.log?.note("The adventure is over.", "hint");
    else if (!sheet) this.log?.note("Choose one of your characters first.", "hint");
    else if (sheet.status !== "active") this.log?.note(`${sheet.name} is ${sheet.status} and cannot act.`, "hint");
    else if (view.combat && view.combat.actor !== sheet.id) this.log?.note(`Wait for your turn: ${this.model.nameOf(view.combat.actor)} acts now.`, "hint");
  }

  /** A click on the map. @param {Point} point */
  onSquare(point) {
    if (this.targeting?.active) {
      this.targeting.choose(point);
      return;
    }
    this.canvas.focus({ preventScroll: true });
    const standing = this.model.creatureAt(point);
    if (standing && this.model.isMine(standing.id)) {
      this.select(standing.id);
      return;
    }
    void this.goTo(point, standing ?? null);
  }

  /** Walk towards a square and do what it asks when reached: open its door, strike its enemy.
   * @param {Point} point @param {Seen|null} standing */
  async goTo(point, standing) {
    const ready = this.readyToMove();
    if (!ready) return;
    const { view, here } = ready;
    if (here[0] === point[0] && here[1] === point[1]) {
      if (this.itemsHere().length) await this.pickUpAll();
      return;
    }
    const glyph = glyphAt(view.map.rows, point[0], point[1]);
    const next = distance(here, point) === 1 ? directionOf(here, point) : null;
    if (next && (glyph === DOOR_CLOSED || glyph === DOOR_LOCKED || standing)) {
      await this.step(next);
      return;
    }
    if (standing && standing.side === "monsters") {
      await this.act("action.attack", { target: standing.id });
      return;
    }
    const doorway = glyph === DOOR_CLOSED || glyph === DOOR_LOCKED;
    const goal = doorway || standing ? this.squareBefore(point) : point;
    if (!goal) {
      this.log?.note("There is no known way there.", "hint");
      return;
    }
    const reply = await this.act("action.move", { to: goal });
    const after = this.actor()?.position;
    if (reply && after && distance(after, point) === 1 && (doorway || standing) && !this.model.view?.combat) {
      const direction = directionOf(after, point);
      if (direction) await this.step(direction);
    }
  }

  /** The last square of the known way to a door or a creature, where one stands to reach it.
   * @param {Point} point @returns {Point|null} */
  squareBefore(point) {
    const sheet = this.actor();
    const view = this.model.view;
    if (!sheet?.position || !view) return null;
    const path = findPath(view.map.rows, sheet.position, point, this.occupied(), { throughDoors: true });
    if (!path || path.length < 2) return null;
    return path[path.length - 2];
  }

  /** Squares other creatures stand on. @returns {Set<string>} */
  occupied() {
    const view = this.model.view;
    const me = this.actor()?.id;
    return new Set(
      [...(view?.creatures ?? []), ...(view?.party ?? [])]
        .filter((c) => c.position && c.id !== me && c.status !== "dead")
        .map((c) => `${c.position?.[0]},${c.position?.[1]}`),
    );
  }

  /** Show the way to the square under the pointer (limited to the movement left in battle).
   * @param {Point|null} point */
  onHover(point) {
    if (this.targeting?.active) {
      this.targeting.hover(point);
      return;
    }
    const sheet = this.actor();
    const view = this.model.view;
    if (!point || !sheet?.position || !view || !this.canAct()) {
      this.map?.show({});
      return;
    }
    const path = findPath(view.map.rows, sheet.position, point, this.occupied(), { throughDoors: true, limit: 3000 });
    const budget = view.combat ? view.combat.movement_left : Infinity;
    this.map?.show({ path: path ? path.slice(0, budget) : null });
  }

  attack() {
    const sheet = this.actor();
    if (!sheet?.position || !this.targeting) return;
    const foes = this.foes();
    const weapon = sheet.inventory.find((i) => i.uid === sheet.equipped.weapon);
    const reach = weapon ? this.content.items[weapon.base]?.range ?? 1 : 1;
    this.targeting.begin({
      title: "Attack",
      pick: "creature",
      origin: sheet.position,
      range: Math.max(1, reach),
      area: null,
      candidates: foes.map((f) => f.id),
      choose: ({ target }) => void this.act("action.attack", { target }),
    });
  }

  /** Cast a memorised spell, choosing its target as the spell wants. @param {string} spellId */
  castSpell(spellId) {
    const spell = this.content.spells[spellId];
    if (!spell) return;
    this.aimSpell(spell, "action.cast", { spell: spellId }, `Cast ${spell.name}`);
  }

  /** Use an item: a potion at once, a wand or scroll at what its spell aims at. @param {Item} item */
  useItem(item) {
    const definition = this.content.items[item.base];
    const spellId = item.spell ?? definition?.spell ?? null;
    const spell = spellId ? this.content.spells[spellId] : undefined;
    if (!spell || definition?.kind === "potion") {
      void this.act("action.use", { item: item.uid });
      return;
    }
    this.aimSpell(spell, "action.use", { item: item.uid }, `Use ${definition?.name ?? "item"}: ${spell.name}`);
  }

  /** @param {SpellDef} spell @param {string} method @param {Record<string, unknown>} params @param {string} title */
  aimSpell(spell, method, params, title) {
    const sheet = this.actor();
    if (!sheet?.position || !this.targeting) return;
    if (spell.target === "self") {
      void this.act(method, params);
      return;
    }
    const view = this.model.view;
    const everyone = [...(view?.creatures ?? []), ...(view?.party ?? [])].filter((c) => c.position && c.status !== "dead");
    this.targeting.begin({
      title,
      pick: spell.target === "creature" ? "creature" : "square",
      origin: sheet.position,
      range: spell.range,
      area: spell.area ?? null,
      candidates: spell.target === "creature" ? everyone.map((c) => c.id) : this.foes().map((f) => f.id),
      choose: ({ target, point }) => void this.act(method, target ? { ...params, target } : { ...params, point }),
    });
  }

  /** Rest, memorising what the spellbook's choice says. */
  async rest() {
    const sheet = this.actor();
    if (!sheet || !this.spellbook) return;
    const memorise = this.spellbook.choice(sheet);
    await this.act("action.rest", Object.keys(memorise).length ? { memorise } : {});
  }

  /** Pick up everything lying here, one item at a time. */
  async pickUpAll() {
    for (const lying of this.itemsHere()) {
      const reply = await this.act("action.pickup", { item: lying.item.uid });
      if (!reply) return;
    }
  }

  /** @param {number} way */
  zoom(way) {
    this.map?.zoom(way);
  }

  async leave() {
    const button = this.leaveButton;
    if (!button || button.disabled) return;
    if (button.dataset.confirm !== "yes") {
      button.dataset.confirm = "yes";
      button.textContent = "Really leave?";
      setTimeout(() => {
        button.dataset.confirm = "";
        button.textContent = "Leave game";
      }, LEAVE_CONFIRM_MS);
      return;
    }
    button.disabled = true;
    await this.leaveNow();
    button.disabled = false;
  }

  /** Take the player's characters out of the game (their sheets go back to them), then to the lobby. */
  async leaveNow() {
    try {
      for (const sheet of this.model.mine) {
        await this.options.api.call("game.leave", { game_id: this.options.gameId, character_id: sheet.id });
      }
      this.options.navigate("#/lobby");
    } catch (err) {
      this.options.showError(err);
    }
  }

  // ------------------------------------------------------------------------------------ keyboard
  /** @param {KeyboardEvent} event */
  onKey(event) {
    if (event.ctrlKey || event.metaKey || event.altKey || forAField(event)) return;
    if (this.targeting?.key(event)) {
      event.preventDefault();
      return;
    }
    if (!this.actions?.menu.hidden) return;
    const key = keyName(event);
    const direction = KEY_DIRECTIONS[key];
    if (direction) {
      event.preventDefault();
      void this.step(direction);
      return;
    }
    if (this.actions?.press(key)) event.preventDefault();
  }

  // ------------------------------------------------------------------------------- what happens
  /** @param {string} what */
  onModel(what) {
    if (what === "state") {
      const view = this.model.view;
      const turn = view?.combat?.actor;
      if (turn && turn !== this.selected && this.model.isMine(turn)) this.select(turn);
      else if (!this.actor() && this.model.mine.length) this.select(this.model.mine[0].id);
      else this.render();
      if (this.targeting?.active) {
        if (this.canAct()) this.targeting.update(); // the creatures may have moved
        else this.targeting.cancel(); // the turn passed
      } else {
        this.onHover(this.map?.hovered ?? null); // the way from where the character stands now
      }
    } else if (what === "changed") {
      this.render();
    }
  }

  /** @param {string} what @param {any} detail */
  onSession(what, detail) {
    if (what === "event") {
      this.log?.tell(detail.event);
      this.options.onEvent?.(detail.event, detail.live);
    } else if (what === "refused") {
      this.log?.note(String(detail), "refused");
    } else if (what === "busy" || what === "status") {
      this.render();
      if (what === "busy" && !detail && !this.targeting?.active) this.onHover(this.map?.hovered ?? null);
    }
  }

  render() {
    const view = this.model.view;
    const game = this.model.game;
    if (!view || !game || !this.actions) return;
    this.heading.textContent = `Dungeon level ${game.current_depth} of ${game.depth}`;
    if (this.status) {
      const players = game.players.map((p) => p.name).join(", ");
      this.status.textContent = `${view.combat ? `Battle, round ${view.combat.round}` : "Exploring"} · ${players}`;
    }
    this.actions.render();
    this.initiative?.render();
    this.roster?.render();
    this.sheet?.render();
    this.inventory?.render();
    this.spellbook?.render();
    this.quests?.render();
    this.renderOverlay();
  }

  renderOverlay() {
    const overlay = this.overlay;
    const game = this.model.game;
    if (!overlay || !game) return;
    const over = game.status === "finished";
    if (overlay.hidden === !over) return;
    overlay.hidden = !over;
    if (!over) return;
    const alive = (this.model.view?.party ?? []).some((s) => s.status === "active");
    replace(
      overlay,
      h("h2", {}, alive ? "Victory!" : "The party has fallen"),
      h("p", {}, alive ? "The dungeon is cleared. Your characters keep their experience and treasure when they leave." : "Your characters leave the dungeon with what they have left."),
      h("button", { type: "button", "data-testid": "leave-finished", onclick: () => void this.leaveNow() }, "Leave the dungeon"),
      h("button", { type: "button", class: "quiet", onclick: () => this.options.navigate("#/lobby") }, "Back to the lobby"),
    );
  }
}
