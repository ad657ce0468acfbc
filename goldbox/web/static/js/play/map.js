/**
 * The dungeon map on a canvas: the explored squares (dimmed where the party does not see now,
 * black where it never has), the treasure, the creatures in sight as figures that walk from square
 * to square, and what the player is about to do (a path to walk, a spell's area, the targets).
 *
 * The squares, treasure and fog are painted once per change into an offscreen canvas; each frame
 * copies it under the camera and draws the figures, so a phone keeps up. The camera follows the
 * selected character. The canvas is sized to its box times the device pixel ratio, so it is sharp
 * on high-density screens, and is redrawn whenever the box changes size.
 */

import { PALETTE, classShape, drawFigure, drawTile, drawTreasure, monsterLook, vigourColour } from "./sprites.js";
import { fieldOfView, glyphAt, opaque, isDoor } from "./grid.js";

/** @typedef {import("./types.js").Point} Point */
/** @typedef {import("./model.js").GameModel} GameModel */
/** @typedef {import("./model.js").Step} Step */
/** @typedef {import("./sprites.js").Figure} Figure */

const STEP_MS = 130;
const FLOAT_MS = 1000;
const FADE_MS = 700;
const MIN_SQUARE = 16;
/** The camera jumps rather than glides to a character this many squares away. */
const JUMP_SQUARES = 8;
const MAX_SQUARE = 64;
/** The most device pixels the offscreen map gives a square (memory on dense phone screens). */
const MAX_BACKING_SQUARE = 80;

/** @typedef {{x: number, y: number, base: Point, path: Point[], stepStart: number}} Walker */
/** @typedef {{id: string, text: string, colour: string, start: number}} Floater */
/** @typedef {{id: string, figure: Figure, x: number, y: number, start: number}} Corpse */

/**
 * What the player is about to do, shown over the map.
 * @typedef {{path?: Point[]|null, area?: Point[]|null, targets?: Set<string>|null,
 *            cursor?: Point|null, range?: {from: Point, reach: number}|null}} Preview
 */

export class MapView {
  /**
   * @param {HTMLCanvasElement} canvas
   * @param {GameModel} model
   * @param {{onSquare: (point: Point) => void, onHover?: (point: Point|null) => void}} handlers
   */
  constructor(canvas, model, handlers) {
    this.canvas = canvas;
    this.model = model;
    this.handlers = handlers;
    const context = canvas.getContext("2d");
    if (!context) throw new Error("This browser cannot draw the map (no 2D canvas).");
    this.ctx = context;
    /** @type {HTMLCanvasElement} */ this.layer = document.createElement("canvas");
    /** Whether the offscreen squares, treasure and fog must be painted again. */
    this.layerStale = true;
    this.sized = false;
    this.square = 32;
    this.dpr = 1;
    /** The camera's centre, in squares. */
    this.camera = { x: 0, y: 0, placed: false };
    /** @type {string|null} */ this.selected = null;
    /** @type {Map<string, Walker>} */ this.walkers = new Map();
    /** @type {Floater[]} */ this.floaters = [];
    /** @type {Corpse[]} */ this.corpses = [];
    /** @type {Preview} */ this.preview = {};
    /** @type {Point|null} */ this.hovered = null;
    /** @type {Set<string>} */ this.visible = new Set();
    this.dirty = true;
    this.frame = 0;
    this.running = true;

    this.unsubscribe = model.subscribe((what, detail) => this.onModel(what, detail));
    this.resizer = new ResizeObserver(() => this.resize());
    const box = canvas.parentElement;
    if (box) this.resizer.observe(box);
    this.onPointerMove = (/** @type {PointerEvent} */ e) => this.hover(this.squareAt(e.clientX, e.clientY));
    this.onPointerLeave = () => this.hover(null);
    this.onClick = (/** @type {MouseEvent} */ e) => {
      const point = this.squareAt(e.clientX, e.clientY);
      if (point) this.handlers.onSquare(point);
    };
    canvas.addEventListener("pointermove", this.onPointerMove);
    canvas.addEventListener("pointerleave", this.onPointerLeave);
    canvas.addEventListener("click", this.onClick);
    this.resize();
    this.sync(true);
    this.loop = this.loop.bind(this);
    this.frame = requestAnimationFrame(this.loop);
  }

  destroy() {
    this.running = false;
    cancelAnimationFrame(this.frame);
    this.resizer.disconnect();
    this.unsubscribe();
    this.canvas.removeEventListener("pointermove", this.onPointerMove);
    this.canvas.removeEventListener("pointerleave", this.onPointerLeave);
    this.canvas.removeEventListener("click", this.onClick);
  }

  /** Zoom in (+1) or out (-1), keeping the camera where it is. @param {number} way */
  zoom(way) {
    this.square = Math.max(MIN_SQUARE, Math.min(MAX_SQUARE, this.square + way * 8));
    this.layerStale = true;
    this.dirty = true;
  }

  /** @param {string|null} id */
  select(id) {
    this.selected = id;
    this.dirty = true;
  }

  /** @param {Preview} preview */
  show(preview) {
    this.preview = preview;
    this.dirty = true;
  }

  /** Where a creature stands on screen now (in squares, mid-walk included). @param {string} id */
  shownAt(id) {
    const walker = this.walkers.get(id);
    return walker ? { x: walker.x, y: walker.y } : null;
  }

  /** Whether any figure is still walking (tests wait for it). */
  get animating() {
    for (const walker of this.walkers.values()) if (walker.path.length) return true;
    return false;
  }

  resize() {
    const box = this.canvas.parentElement;
    if (!box) return;
    const width = Math.max(1, box.clientWidth);
    const height = Math.max(1, box.clientHeight);
    this.dpr = Math.min(3, window.devicePixelRatio || 1);
    this.canvas.width = Math.round(width * this.dpr);
    this.canvas.height = Math.round(height * this.dpr);
    this.canvas.style.width = `${width}px`;
    this.canvas.style.height = `${height}px`;
    if (!this.sized && width > 1) {
      // phones get smaller squares, so a room fits on the screen
      this.square = width < 520 ? 28 : 40;
      this.sized = true;
    }
    this.layerStale = true;
    this.dirty = true;
  }

  /** @param {string} what @param {any} detail */
  onModel(what, detail) {
    if (what === "moved") {
      const step = /** @type {Step} */ (detail);
      const walker = this.walkers.get(step.id);
      if (!walker) {
        const from = step.from ?? step.to;
        this.walkers.set(step.id, { x: from[0], y: from[1], base: from, path: [step.to], stepStart: performance.now() });
      } else {
        const last = walker.path.length ? walker.path[walker.path.length - 1] : walker.base;
        if (last[0] !== step.to[0] || last[1] !== step.to[1]) {
          if (!walker.path.length) walker.stepStart = performance.now();
          walker.path.push(step.to);
        }
      }
    } else if (what === "float") {
      this.floaters.push({ ...detail, start: performance.now() });
    } else if (what === "died") {
      const walker = this.walkers.get(detail);
      const figure = this.figureOf(detail);
      if (walker && figure) this.corpses.push({ id: detail, figure: { ...figure, dead: true }, x: walker.x, y: walker.y, start: performance.now() });
      this.walkers.delete(detail);
    } else if (what === "state") {
      this.sync(false);
    }
    if (what !== "moved" && what !== "float") this.layerStale = true;
    this.dirty = true;
  }

  /** Bring every figure to where the view puts it: a step away walks, farther jumps.
   * @param {boolean} jump */
  sync(jump) {
    const view = this.model.view;
    if (!view) return;
    const now = performance.now();
    /** @type {Set<string>} */
    const present = new Set();
    for (const c of [...view.party, ...view.creatures]) {
      if (!c.position) continue;
      present.add(c.id);
      /** @type {Point} */
      const to = [c.position[0], c.position[1]];
      const walker = this.walkers.get(c.id);
      if (!walker || jump) {
        this.walkers.set(c.id, { x: to[0], y: to[1], base: to, path: [], stepStart: now });
        continue;
      }
      const last = walker.path.length ? walker.path[walker.path.length - 1] : walker.base;
      if (last[0] === to[0] && last[1] === to[1]) continue;
      const far = Math.max(Math.abs(last[0] - to[0]), Math.abs(last[1] - to[1])) > 1;
      if (far && !walker.path.length) {
        walker.x = to[0];
        walker.y = to[1];
        walker.base = to;
      } else {
        if (!walker.path.length) walker.stepStart = now;
        walker.path = far ? [to] : [...walker.path, to];
      }
    }
    for (const id of [...this.walkers.keys()]) if (!present.has(id)) this.walkers.delete(id);
    const viewers = view.party
      .filter((s) => s.position && s.status === "active")
      .map((s) => /** @type {Point} */ ([s.position?.[0] ?? 0, s.position?.[1] ?? 0]));
    this.visible = fieldOfView(view.map.rows, viewers);
    if (jump || !this.camera.placed) this.centre(true);
  }

  /** Point the camera at the selected character (or the party). @param {boolean} atOnce */
  centre(atOnce) {
    const id = this.selected ?? this.model.view?.party[0]?.id;
    const walker = id ? this.walkers.get(id) : undefined;
    if (!walker) return;
    if (atOnce) {
      this.camera.x = walker.x;
      this.camera.y = walker.y;
      this.camera.placed = true;
    }
  }

  /** The square under a point of the screen, or null off the map. @param {number} clientX @param {number} clientY
   * @returns {Point|null} */
  squareAt(clientX, clientY) {
    const view = this.model.view;
    if (!view) return null;
    const rect = this.canvas.getBoundingClientRect();
    const { ox, oy } = this.origin();
    const x = Math.floor((clientX - rect.left - ox) / this.square);
    const y = Math.floor((clientY - rect.top - oy) / this.square);
    if (x < 0 || y < 0 || x >= view.map.width || y >= view.map.height) return null;
    return [x, y];
  }

  /** Where square (0, 0) is drawn, in CSS pixels: the camera's centre in the middle of the canvas,
   *  or the whole map centred when it fits. */
  origin() {
    const view = this.model.view;
    const width = this.canvas.width / this.dpr;
    const height = this.canvas.height / this.dpr;
    const s = this.square;
    const mapW = (view?.map.width ?? 0) * s;
    const mapH = (view?.map.height ?? 0) * s;
    const ox = mapW <= width ? (width - mapW) / 2 : width / 2 - (this.camera.x + 0.5) * s;
    const oy = mapH <= height ? (height - mapH) / 2 : height / 2 - (this.camera.y + 0.5) * s;
    return { ox: Math.round(ox), oy: Math.round(oy) };
  }

  /** @param {Point|null} point */
  hover(point) {
    const same = point && this.hovered && point[0] === this.hovered[0] && point[1] === this.hovered[1];
    if (same || (!point && !this.hovered)) return;
    this.hovered = point;
    this.dirty = true;
    this.handlers.onHover?.(point);
  }

  /** @param {number} time */
  loop(time) {
    if (!this.running) return;
    const moving = this.advance(time);
    const battle = this.model.view?.combat != null;
    const sleeping = this.model.asleep.size > 0;
    if (this.dirty || moving || battle || sleeping || this.floaters.length || this.corpses.length) {
      this.draw(time);
      this.dirty = false;
    }
    this.frame = requestAnimationFrame(this.loop);
  }

  /** Walk the figures and move the camera; true while anything moves. @param {number} now */
  advance(now) {
    let moving = false;
    for (const walker of this.walkers.values()) {
      if (!walker.path.length) continue;
      moving = true;
      const next = walker.path[0];
      const t = Math.min(1, (now - walker.stepStart) / STEP_MS);
      const eased = t < 0.5 ? 2 * t * t : 1 - (-2 * t + 2) ** 2 / 2;
      walker.x = walker.base[0] + (next[0] - walker.base[0]) * eased;
      walker.y = walker.base[1] + (next[1] - walker.base[1]) * eased;
      if (t >= 1) {
        walker.base = next;
        walker.path.shift();
        walker.stepStart = now;
      }
    }
    const id = this.selected ?? this.model.view?.party[0]?.id;
    const target = id ? this.walkers.get(id) : undefined;
    if (target) {
      const dx = target.x - this.camera.x;
      const dy = target.y - this.camera.y;
      if (Math.abs(dx) > JUMP_SQUARES || Math.abs(dy) > JUMP_SQUARES) {
        this.camera.x = target.x; // a new level, or another character chosen far away
        this.camera.y = target.y;
        moving = true;
      } else if (Math.abs(dx) > 0.01 || Math.abs(dy) > 0.01) {
        this.camera.x += dx * 0.2;
        this.camera.y += dy * 0.2;
        moving = true;
      } else {
        this.camera.x = target.x;
        this.camera.y = target.y;
      }
      this.camera.placed = true;
    }
    this.floaters = this.floaters.filter((f) => now - f.start < FLOAT_MS);
    this.corpses = this.corpses.filter((c) => now - c.start < FADE_MS);
    return moving;
  }

  /** Paint the squares, treasure and fog into the offscreen layer, when they changed. */
  paintLayer() {
    const view = this.model.view;
    if (!view) return;
    if (!this.layerStale) return;
    this.layerStale = false;
    const backing = Math.min(MAX_BACKING_SQUARE, Math.round(this.square * this.dpr));
    const { width, height, rows } = view.map;
    this.layer.width = width * backing;
    this.layer.height = height * backing;
    const ctx = this.layer.getContext("2d");
    if (!ctx) return;
    ctx.fillStyle = PALETTE.void;
    ctx.fillRect(0, 0, this.layer.width, this.layer.height);
    const wallish = (/** @type {number} */ x, /** @type {number} */ y) => {
      const glyph = glyphAt(rows, x, y);
      return opaque(glyph) && !isDoor(glyph) && glyph !== "?";
    };
    for (let y = 0; y < height; y += 1) {
      for (let x = 0; x < width; x += 1) {
        const glyph = rows[y][x];
        if (glyph === "?") continue;
        drawTile(ctx, glyph, x, y, backing, { across: wallish(x - 1, y) && wallish(x + 1, y) });
      }
    }
    /** @type {Map<string, {coins: boolean, count: number}>} */
    const piles = new Map();
    for (const lying of view.floor) {
      const at = `${lying.point[0]},${lying.point[1]}`;
      const pile = piles.get(at) ?? { coins: false, count: 0 };
      pile.count += 1;
      pile.coins = pile.coins || lying.item.base === "gold_coins";
      piles.set(at, pile);
    }
    for (const [at, pile] of piles) {
      const [x, y] = at.split(",").map(Number);
      drawTreasure(ctx, x, y, backing, pile);
    }
    ctx.fillStyle = "rgba(0, 0, 0, 0.55)";
    for (let y = 0; y < height; y += 1) {
      for (let x = 0; x < width; x += 1) {
        if (rows[y][x] !== "?" && !this.visible.has(`${x},${y}`)) ctx.fillRect(x * backing, y * backing, backing, backing);
      }
    }
  }

  /** @param {number} time */
  draw(time) {
    const view = this.model.view;
    const ctx = this.ctx;
    ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    ctx.fillStyle = PALETTE.void;
    ctx.fillRect(0, 0, this.canvas.width / this.dpr, this.canvas.height / this.dpr);
    if (!view) return;
    this.paintLayer();
    const s = this.square;
    const { ox, oy } = this.origin();
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(this.layer, ox, oy, view.map.width * s, view.map.height * s);
    ctx.translate(ox, oy);
    this.drawPreview(ctx, s);
    for (const corpse of this.corpses) {
      ctx.globalAlpha = 1 - (time - corpse.start) / FADE_MS;
      drawFigure(ctx, corpse.figure, (corpse.x + 0.5) * s, (corpse.y + 0.5) * s, s, time);
      ctx.globalAlpha = 1;
    }
    const order = [...view.creatures.filter((c) => c.side !== "party"), ...view.party];
    for (const c of order) {
      const walker = this.walkers.get(c.id);
      const figure = this.figureOf(c.id);
      if (!walker || !figure) continue;
      const cx = (walker.x + 0.5) * s;
      const cy = (walker.y + 0.5) * s;
      drawFigure(ctx, figure, cx, cy, s, time);
      this.drawHealthBar(ctx, c.id, cx, cy, s, figure);
      if (c.side === "party" && s >= 24) this.drawName(ctx, c.name, cx, cy + s * 0.62, s);
    }
    this.drawFloaters(ctx, s, time);
    if (this.hovered) {
      ctx.strokeStyle = "rgba(255, 255, 255, 0.7)";
      ctx.lineWidth = 1.5;
      ctx.strokeRect(this.hovered[0] * s + 1, this.hovered[1] * s + 1, s - 2, s - 2);
    }
    ctx.setTransform(1, 0, 0, 1, 0, 0);
  }

  /** @param {CanvasRenderingContext2D} ctx @param {number} s */
  drawPreview(ctx, s) {
    const p = this.preview;
    if (p.range) {
      ctx.strokeStyle = "rgba(120, 180, 255, 0.35)";
      ctx.lineWidth = 2;
      const { from, reach } = p.range;
      ctx.strokeRect((from[0] - reach) * s, (from[1] - reach) * s, (2 * reach + 1) * s, (2 * reach + 1) * s);
    }
    if (p.path) {
      ctx.fillStyle = "rgba(242, 201, 76, 0.55)";
      for (const [x, y] of p.path) {
        ctx.beginPath();
        ctx.arc((x + 0.5) * s, (y + 0.5) * s, Math.max(2, s * 0.1), 0, Math.PI * 2);
        ctx.fill();
      }
    }
    if (p.area) {
      ctx.fillStyle = "rgba(255, 110, 60, 0.35)";
      ctx.strokeStyle = "rgba(255, 140, 80, 0.8)";
      ctx.lineWidth = 1;
      for (const [x, y] of p.area) {
        ctx.fillRect(x * s, y * s, s, s);
        ctx.strokeRect(x * s + 0.5, y * s + 0.5, s - 1, s - 1);
      }
    }
    if (p.targets) {
      ctx.strokeStyle = "#ff5050";
      ctx.lineWidth = Math.max(1.5, s / 14);
      for (const id of p.targets) {
        const walker = this.walkers.get(id);
        if (!walker) continue;
        const cx = (walker.x + 0.5) * s;
        const cy = (walker.y + 0.5) * s;
        const r = s * 0.5;
        ctx.beginPath();
        for (const [ax, ay] of [[-1, -1], [1, -1], [1, 1], [-1, 1]]) {
          ctx.moveTo(cx + ax * r, cy + ay * r * 0.5);
          ctx.lineTo(cx + ax * r, cy + ay * r);
          ctx.lineTo(cx + ax * r * 0.5, cy + ay * r);
        }
        ctx.stroke();
      }
    }
    if (p.cursor) {
      ctx.strokeStyle = PALETTE.gold;
      ctx.lineWidth = 2;
      ctx.strokeRect(p.cursor[0] * s + 1, p.cursor[1] * s + 1, s - 2, s - 2);
    }
  }

  /** @param {CanvasRenderingContext2D} ctx @param {string} id @param {number} cx @param {number} cy @param {number} s @param {Figure} figure */
  drawHealthBar(ctx, id, cx, cy, s, figure) {
    const vigour = figure.vigour;
    const known = figure.kind === "party" || this.model.health.has(id);
    if (!known || figure.dead) return;
    const w = s * 0.7;
    const h = Math.max(2, s * 0.08);
    const x = cx - w / 2;
    const y = cy - s * 0.56;
    ctx.fillStyle = "rgba(0,0,0,0.7)";
    ctx.fillRect(x - 1, y - 1, w + 2, h + 2);
    ctx.fillStyle = vigourColour(vigour);
    ctx.fillRect(x, y, w * Math.max(0, Math.min(1, vigour)), h);
  }

  /** @param {CanvasRenderingContext2D} ctx @param {string} name @param {number} cx @param {number} y @param {number} s */
  drawName(ctx, name, cx, y, s) {
    ctx.font = `${Math.max(9, Math.round(s * 0.3))}px monospace`;
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    ctx.fillStyle = "rgba(0,0,0,0.75)";
    const w = ctx.measureText(name).width + 4;
    ctx.fillRect(cx - w / 2, y, w, Math.max(10, s * 0.34));
    ctx.fillStyle = "#e8f0ff";
    ctx.fillText(name, cx, y + 1);
    ctx.textAlign = "start";
    ctx.textBaseline = "alphabetic";
  }

  /** @param {CanvasRenderingContext2D} ctx @param {number} s @param {number} time */
  drawFloaters(ctx, s, time) {
    ctx.textAlign = "center";
    ctx.font = `bold ${Math.max(11, Math.round(s * 0.42))}px monospace`;
    for (const f of this.floaters) {
      const walker = this.walkers.get(f.id);
      const at = walker ?? this.corpses.find((c) => c.id === f.id);
      if (!at) continue;
      const age = (time - f.start) / FLOAT_MS;
      ctx.globalAlpha = Math.max(0, 1 - age);
      ctx.fillStyle = "#000";
      const x = (at.x + 0.5) * s;
      const y = (at.y + 0.1) * s - age * s * 0.6;
      ctx.fillText(f.text, x + 1, y + 1);
      ctx.fillStyle = f.colour;
      ctx.fillText(f.text, x, y);
    }
    ctx.globalAlpha = 1;
    ctx.textAlign = "start";
  }

  /** How to draw a creature now. @param {string} id @returns {Figure|null} */
  figureOf(id) {
    const model = this.model;
    const view = model.view;
    if (!view) return null;
    const sheet = view.party.find((s) => s.id === id);
    const seen = view.creatures.find((c) => c.id === id);
    const who = sheet ?? seen;
    if (!who) return null;
    const turn = view.turn;
    const side = who.side;
    const look = side === "monsters" ? monsterLook(who.monster) : { shape: classShape(who.class_id), colour: PALETTE.party };
    return {
      kind: side === "party" ? "party" : side === "monsters" ? "monster" : "neutral",
      shape: side === "neutral" && !who.class_id ? "humanoid" : look.shape,
      colour: side === "neutral" ? PALETTE.neutral : look.colour,
      letter: (who.class_id ?? "").charAt(0).toUpperCase(),
      vigour: model.vigour(id),
      asleep: model.asleep.has(id),
      selected: id === this.selected,
      acting: turn === id,
      dead: who.status === "dead" || who.status === "unconscious",
    };
  }
}
