/**
 * The dungeon grid as the client sees it: glyphs of the party's map (goldbox/game/rpg/tiles.py), what
 * blocks sight and steps, the eight directions, and the shortest known way between two squares.
 */

/** @typedef {import("./types.js").Point} Point */

export const UNEXPLORED = "?";
export const WALL = "#";
export const FLOOR = ".";
export const DOOR_OPEN = "'";
export const DOOR_CLOSED = "+";
export const DOOR_LOCKED = "L";
export const STAIRS_UP = "<";
export const STAIRS_DOWN = ">";

/** Glyphs that block sight (a secret door looks like wall until found; unexplored squares are
 *  unknown, and none lies in the party's sight, so they count as blocking). */
const OPAQUE = new Set(["#", "+", "L", "S", "♣", "?"]);
/** Glyphs a creature may step on; hazards (lava, pits, found traps) are walkable but avoided. */
const WALKABLE = new Set([".", "'", "<", ">", ",", "^", "O", "x", "T"]);
const SAFE = new Set([".", "'", "<", ">", ","]);

/** @type {Record<string, Point>} */
export const DIRECTIONS = {
  n: [0, -1], ne: [1, -1], e: [1, 0], se: [1, 1], s: [0, 1], sw: [-1, 1], w: [-1, 0], nw: [-1, -1],
};

/** @param {string} glyph */
export function opaque(glyph) {
  return OPAQUE.has(glyph);
}

/** @param {string} glyph */
export function walkable(glyph) {
  return WALKABLE.has(glyph);
}

/** @param {string} glyph */
export function isDoor(glyph) {
  return glyph === DOOR_OPEN || glyph === DOOR_CLOSED || glyph === DOOR_LOCKED;
}

/** Grid distance (Chebyshev), as movement and weapon ranges count it.
 * @param {Point} a @param {Point} b */
export function distance(a, b) {
  return Math.max(Math.abs(a[0] - b[0]), Math.abs(a[1] - b[1]));
}

/** The name of the direction from one square to a neighbour, or null if they do not touch.
 * @param {Point} from @param {Point} to @returns {string|null} */
export function directionOf(from, to) {
  const dx = Math.sign(to[0] - from[0]);
  const dy = Math.sign(to[1] - from[1]);
  if (distance(from, to) !== 1) return null;
  for (const [name, [x, y]] of Object.entries(DIRECTIONS)) {
    if (x === dx && y === dy) return name;
  }
  return null;
}

/**
 * @param {string[]} rows @param {number} x @param {number} y
 * @returns {string}
 */
export function glyphAt(rows, x, y) {
  if (y < 0 || y >= rows.length || x < 0 || x >= rows[y].length) return UNEXPLORED;
  return rows[y][x];
}

/**
 * The shortest way over explored, safe squares from `start` to `goal` (both excluded from the
 * result's start), going round the squares in `blocked`; closed doors count as passable when
 * `throughDoors`, as a walker opens them. Null when there is none. Diagonal steps do not pass
 * through doorways, as the rules want doors entered straight.
 * @param {string[]} rows @param {Point} start @param {Point} goal
 * @param {Set<string>} blocked keys "x,y" of squares taken by creatures
 * @param {{throughDoors?: boolean, limit?: number}} [options]
 * @returns {Point[]|null}
 */
export function findPath(rows, start, goal, blocked, options = {}) {
  const limit = options.limit ?? 4000;
  const key = (/** @type {Point} */ p) => `${p[0]},${p[1]}`;
  const goalKey = key(goal);
  /** @type {Map<string, string|null>} */
  const came = new Map([[key(start), null]]);
  /** @type {Point[]} */
  const queue = [start];
  for (let head = 0; head < queue.length && head < limit; head += 1) {
    const here = queue[head];
    const hereKey = key(here);
    if (hereKey === goalKey) {
      /** @type {Point[]} */
      const path = [];
      /** @type {string|null|undefined} */
      let at = hereKey;
      while (at && at !== key(start)) {
        const [x, y] = at.split(",").map(Number);
        path.push([x, y]);
        at = came.get(at);
      }
      return path.reverse();
    }
    const fromDoor = isDoor(glyphAt(rows, here[0], here[1]));
    for (const [dx, dy] of Object.values(DIRECTIONS)) {
      /** @type {Point} */
      const next = [here[0] + dx, here[1] + dy];
      const nextKey = key(next);
      if (came.has(nextKey)) continue;
      const glyph = glyphAt(rows, next[0], next[1]);
      const door = glyph === DOOR_CLOSED && options.throughDoors === true;
      const diagonal = dx !== 0 && dy !== 0;
      if (diagonal && (fromDoor || isDoor(glyph))) continue;
      const open = SAFE.has(glyph) || door || (nextKey === goalKey && WALKABLE.has(glyph));
      if (!open || (blocked.has(nextKey) && nextKey !== goalKey)) continue;
      came.set(nextKey, hereKey);
      queue.push(next);
    }
  }
  return null;
}

/**
 * What each party member sees now (goldbox/game/rpg/sight.py's field of view, on the party's map):
 * the open squares within `radius` in line of sight, and the walls that bound them.
 * @param {string[]} rows @param {Point[]} viewers @param {number} [radius]
 * @returns {Set<string>} keys "x,y"
 */
export function fieldOfView(rows, viewers, radius = 10) {
  /** @type {Set<string>} */
  const seen = new Set();
  const height = rows.length;
  const width = height ? rows[0].length : 0;
  const blocks = (/** @type {number} */ x, /** @type {number} */ y) => opaque(glyphAt(rows, x, y));
  for (const [ox, oy] of viewers) {
    seen.add(`${ox},${oy}`);
    /** @type {Point[]} */
    const walls = [];
    /** @type {Set<string>} */
    const open = new Set([`${ox},${oy}`]);
    for (let y = Math.max(0, oy - radius); y <= Math.min(height - 1, oy + radius); y += 1) {
      for (let x = Math.max(0, ox - radius); x <= Math.min(width - 1, ox + radius); x += 1) {
        const dx = x - ox;
        const dy = y - oy;
        if (dx * dx + dy * dy > radius * radius || (dx === 0 && dy === 0)) continue;
        if (blocks(x, y)) walls.push([x, y]);
        else if (clearLine(blocks, ox, oy, x, y) || clearLine(blocks, x, y, ox, oy)) open.add(`${x},${y}`);
      }
    }
    for (const [x, y] of walls) {
      let bounds = false;
      for (const [dx, dy] of Object.values(DIRECTIONS)) {
        if (open.has(`${x + dx},${y + dy}`)) {
          bounds = true;
          break;
        }
      }
      if (bounds || clearLine(blocks, ox, oy, x, y) || clearLine(blocks, x, y, ox, oy)) open.add(`${x},${y}`);
    }
    for (const square of open) seen.add(square);
  }
  return seen;
}

/**
 * Whether Bresenham's line from (x0, y0) to (x1, y1) crosses no opaque square between its ends.
 * @param {(x: number, y: number) => boolean} blocks
 * @param {number} x0 @param {number} y0 @param {number} x1 @param {number} y1
 */
export function clearLine(blocks, x0, y0, x1, y1) {
  const dx = Math.abs(x1 - x0);
  const dy = -Math.abs(y1 - y0);
  const sx = x0 < x1 ? 1 : -1;
  const sy = y0 < y1 ? 1 : -1;
  let err = dx + dy;
  let x = x0;
  let y = y0;
  for (;;) {
    const doubled = 2 * err;
    if (doubled >= dy) {
      err += dy;
      x += sx;
    }
    if (doubled <= dx) {
      err += dx;
      y += sy;
    }
    if (x === x1 && y === y1) return true;
    if (blocks(x, y)) return false;
  }
}

/**
 * The squares a spell's area covers when cast from `origin` at `target` (goldbox/game/rpg/areas.py):
 * a radius round the target, a 90° cone from the caster, or a line from the caster; walls stop them.
 * @param {string[]} rows @param {Point} origin @param {Point} target
 * @param {{shape: string, size: number}} area
 * @returns {Point[]}
 */
export function areaSquares(rows, origin, target, area) {
  const blocks = (/** @type {number} */ x, /** @type {number} */ y) => opaque(glyphAt(rows, x, y));
  const sees = (/** @type {Point} */ a, /** @type {Point} */ b) =>
    (a[0] === b[0] && a[1] === b[1]) || clearLine(blocks, a[0], a[1], b[0], b[1]) || clearLine(blocks, b[0], b[1], a[0], a[1]);
  const size = area.size;
  /** @type {Point[]} */
  const squares = [];
  if (area.shape === "radius") {
    if (blocks(target[0], target[1])) return [];
    for (let y = target[1] - size; y <= target[1] + size; y += 1) {
      for (let x = target[0] - size; x <= target[0] + size; x += 1) {
        const inside = (x - target[0]) ** 2 + (y - target[1]) ** 2 <= size * size;
        if (inside && !blocks(x, y) && sees(target, [x, y])) squares.push([x, y]);
      }
    }
    return squares;
  }
  const aimX = target[0] - origin[0];
  const aimY = target[1] - origin[1];
  if (aimX === 0 && aimY === 0) return [];
  if (area.shape === "cone") {
    const aim = aimX * aimX + aimY * aimY;
    for (let dy = -size; dy <= size; dy += 1) {
      for (let dx = -size; dx <= size; dx += 1) {
        const dot = dx * aimX + dy * aimY;
        if (dot <= 0 || 2 * dot * dot < (dx * dx + dy * dy) * aim) continue;
        /** @type {Point} */
        const point = [origin[0] + dx, origin[1] + dy];
        if (!blocks(point[0], point[1]) && sees(origin, point)) squares.push(point);
      }
    }
    return squares;
  }
  const reach = Math.max(Math.abs(aimX), Math.abs(aimY));
  const scale = Math.ceil(size / reach);
  /** @type {Point} */
  const end = [origin[0] + aimX * scale, origin[1] + aimY * scale];
  for (const point of bresenham(origin, end).slice(1)) {
    if (squares.length === size || blocks(point[0], point[1])) break;
    squares.push(point);
  }
  return squares;
}

/** @param {Point} start @param {Point} end @returns {Point[]} */
function bresenham(start, end) {
  let [x0, y0] = start;
  const [x1, y1] = end;
  const dx = Math.abs(x1 - x0);
  const dy = -Math.abs(y1 - y0);
  const sx = x0 < x1 ? 1 : -1;
  const sy = y0 < y1 ? 1 : -1;
  let err = dx + dy;
  /** @type {Point[]} */
  const points = [[x0, y0]];
  while (x0 !== x1 || y0 !== y1) {
    const doubled = 2 * err;
    if (doubled >= dy) {
      err += dy;
      x0 += sx;
    }
    if (doubled <= dx) {
      err += dx;
      y0 += sy;
    }
    points.push([x0, y0]);
  }
  return points;
}
