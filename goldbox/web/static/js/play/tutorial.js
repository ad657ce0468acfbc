/**
 * The tutorial (`#/tutorial`): a small fixed dungeon (tutorial.start) where a first-time player is
 * walked through the game one step at a time: memorise a spell, walk, open a door, cast, win a
 * fight, pick up the loot. Each step is checked off by the game's own events, as they happen, and
 * again from the game's history when the player comes back to an unfinished tutorial. It can be
 * skipped, and played again; whether it was completed or skipped is remembered in this browser,
 * for each account (`tutorialStatus`).
 */

import { h, replace } from "../ui/dom.js";
import { useStylesheet } from "../ui/stylesheet.js";
import { recall, remember, setTutorialStatus, tutorialStatus } from "../ui/tutorial_invite.js";
import { PlayScreen } from "./screen.js";

/** @typedef {import("../main.js").PlayContext} PlayContext */
/** @typedef {Omit<PlayContext, 'gameId'|'characterId'>} TutorialContext */
/** @typedef {import("./types.js").PlayEvent} PlayEvent */
const GAME_KEY = "goldbox.tutorial.game.";

/**
 * A lesson: what to do, how, and the event of the player's character that shows it was done.
 * @typedef {{id: string, title: string, how: string, done: (event: PlayEvent, me: string) => boolean}} Lesson
 */

/** @type {Lesson[]} */
export const LESSONS = [
  {
    id: "memorise",
    title: "Memorise a spell",
    how: "Open the Spells tab, choose Sleep for your slot and press “Rest and memorise”. Mages must memorise a spell before they can cast it.",
    done: (e, me) => e.type === "spells.memorised" && e.data.creature === me && Object.values(e.data.spells ?? {}).flat().length > 0,
  },
  {
    id: "walk",
    title: "Walk",
    how: "Walk with the arrow keys or W A S D (Q E Z C go diagonally), or click a square to walk there.",
    done: (e, me) => e.type === "creature.moved" && e.data.creature === me,
  },
  {
    id: "door",
    title: "Open a door",
    how: "Walk into a closed door (the brown planks), or click it, to open it.",
    done: (e, me) => e.type === "door.opened" && e.data.creature === me,
  },
  {
    id: "cast",
    title: "Cast a spell",
    how: "Monsters! In your turn press Cast (K), choose Sleep, and click one of them: the orange squares show who it reaches.",
    done: (e, me) => e.type === "spell.cast" && e.data.caster === me,
  },
  {
    id: "fight",
    title: "Win the fight",
    how: "Press Attack (T) and click a monster next to you, or walk into it. Sleeping monsters are hit for sure. End your turn with Space.",
    done: (e) => e.type === "combat.ended" && e.data.winner === "party",
  },
  {
    id: "loot",
    title: "Pick up the loot",
    how: "Walk onto the treasure the monsters guarded and press Pick up (P), or click your own square.",
    done: (e, me) => e.type === "item.picked_up" && e.data.creature === me,
  },
];

/**
 * Mounts the tutorial page into `root`; returns a function that unmounts it.
 * @param {HTMLElement} root @param {TutorialContext} ctx @returns {Promise<() => void>}
 */
export async function mountTutorial(root, ctx) {
  const dropStyle = useStylesheet(new URL("./play.css", import.meta.url).href);
  const tutorial = new Tutorial(root, ctx);
  tutorial.intro();
  return () => {
    tutorial.close();
    dropStyle();
  };
}

class Tutorial {
  /** @param {HTMLElement} root @param {TutorialContext} ctx */
  constructor(root, ctx) {
    this.root = root;
    this.ctx = ctx;
    this.account = ctx.api.accountId ?? "";
    /** @type {PlayScreen|null} */ this.screen = null;
    /** @type {Set<string>} */ this.done = new Set();
    /** @type {Map<string, HTMLElement>} */ this.items = new Map();
    this.steps = h("section", { class: "gb-tutorial-steps", "data-testid": "tutorial-steps", "aria-label": "Tutorial" });
  }

  close() {
    this.screen?.destroy();
    this.screen = null;
  }

  /** The saved game of an unfinished tutorial, if any. @returns {{gameId: string, characterId: string}|null} */
  saved() {
    try {
      const text = recall(GAME_KEY + this.account);
      const saved = text ? JSON.parse(text) : null;
      return saved && typeof saved.gameId === "string" && typeof saved.characterId === "string" ? saved : null;
    } catch {
      return null;
    }
  }

  intro() {
    const status = tutorialStatus(this.account);
    const saved = this.saved();
    const start = h("button", { type: "button", class: "primary", "data-testid": "tutorial-start", onclick: () => void this.start(start) }, saved ? "Start over" : "Start the tutorial");
    replace(
      this.root,
      h(
        "section",
        { class: "gb-tutorial-intro card", "data-testid": "tutorial-intro" },
        h("h1", {}, "The tutorial"),
        h("p", {}, "A short dungeon to learn the game in: a door, two giant rats and their treasure. You play a young mage; each step is explained and checked off as you do it."),
        status === "completed" ? h("p", { "data-testid": "tutorial-status" }, "You have completed the tutorial. You can play it again.") : null,
        status === "skipped" ? h("p", { "data-testid": "tutorial-status" }, "You skipped the tutorial. It is here whenever you want it.") : null,
        h(
          "div",
          { class: "gb-buttons" },
          saved ? h("button", { type: "button", class: "primary", "data-testid": "tutorial-continue", onclick: () => void this.play(saved.gameId, saved.characterId) }, "Continue the tutorial") : null,
          start,
          h("button", { type: "button", class: "quiet", "data-testid": "tutorial-skip", onclick: () => this.skip() }, status === null ? "Skip it" : "Back to the lobby"),
        ),
      ),
    );
  }

  skip() {
    if (tutorialStatus(this.account) === null) setTutorialStatus(this.account, "skipped");
    this.ctx.navigate("#/lobby");
  }

  /** @param {HTMLButtonElement} button */
  async start(button) {
    if (button.disabled) return;
    button.disabled = true;
    try {
      const started = await this.ctx.api.call("tutorial.start", {});
      remember(GAME_KEY + this.account, JSON.stringify({ gameId: started.game_id, characterId: started.character_id }));
      await this.play(started.game_id, started.character_id);
    } catch (err) {
      button.disabled = false;
      this.ctx.showError(err);
    }
  }

  /** @param {string} gameId @param {string} characterId */
  async play(gameId, characterId) {
    this.close();
    this.done = new Set();
    this.renderSteps(characterId);
    const screen = new PlayScreen(this.root, {
      api: this.ctx.api,
      gameId,
      characterId,
      openStream: this.ctx.openStream,
      showError: this.ctx.showError,
      navigate: this.ctx.navigate,
      afterSeq: 0, // the whole story, so a tutorial taken up again checks off what was done
      aside: this.steps,
      onEvent: (event) => this.learn(event, characterId),
    });
    this.screen = screen;
    try {
      await screen.start();
    } catch (err) {
      this.close();
      remember(GAME_KEY + this.account, null);
      this.intro();
      this.ctx.showError(err);
    }
  }

  /** Check off the lessons an event shows done. @param {PlayEvent} event @param {string} me */
  learn(event, me) {
    let changed = false;
    for (const lesson of LESSONS) {
      if (!this.done.has(lesson.id) && lesson.done(event, me)) {
        this.done.add(lesson.id);
        changed = true;
      }
    }
    if (!changed) return;
    if (this.done.size === LESSONS.length) {
      setTutorialStatus(this.account, "completed");
      remember(GAME_KEY + this.account, null);
    }
    this.renderSteps(me);
  }

  /** @param {string} me */
  renderSteps(me) {
    const current = LESSONS.find((lesson) => !this.done.has(lesson.id));
    const finished = current === undefined;
    replace(
      this.steps,
      h("h2", {}, finished ? "Tutorial complete!" : "Tutorial"),
      h(
        "ol",
        {},
        ...LESSONS.map((lesson) => {
          const done = this.done.has(lesson.id);
          return h(
            "li",
            {
              class: `gb-step${done ? " gb-done" : ""}${lesson === current ? " gb-current" : ""}`,
              "data-testid": `lesson-${lesson.id}`,
              "data-done": done ? "true" : "false",
              "aria-current": lesson === current ? "step" : undefined,
            },
            done ? `✓ ${lesson.title}` : lesson.title,
            lesson === current ? h("span", { class: "gb-step-how" }, lesson.how) : null,
          );
        }),
      ),
      finished
        ? h(
            "div",
            { class: "gb-buttons" },
            h("p", { "data-testid": "tutorial-done" }, "Well done! You are ready for a real adventure with your own characters."),
            h("button", { type: "button", class: "primary", "data-testid": "tutorial-adventure", onclick: () => void this.leaveFor("#/lobby", me) }, "Start a real adventure"),
            h("button", { type: "button", "data-testid": "tutorial-replay", onclick: () => void this.leaveFor(null, me) }, "Play it again"),
          )
        : h("div", { class: "gb-buttons" }, h("button", { type: "button", class: "quiet gb-small", "data-testid": "tutorial-skip-now", onclick: () => this.skip() }, "Skip the rest")),
    );
  }

  /** Leave the finished tutorial game (its mage keeps what it learned), then go on. @param {string|null} hash @param {string} me */
  async leaveFor(hash, me) {
    const gameId = this.screen?.options.gameId;
    try {
      if (gameId) await this.ctx.api.call("game.leave", { game_id: gameId, character_id: me });
    } catch (err) {
      this.ctx.showError(err);
      return;
    }
    this.close();
    if (hash) this.ctx.navigate(hash);
    else this.intro();
  }
}
