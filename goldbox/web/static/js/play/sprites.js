/**
 * The dungeon's art, drawn in code: stone, flagstones, doors, stairs, water and lava, treasure,
 * and little figures for the party and the monsters. Each painter draws one square (or one figure)
 * at a given size, so the map can zoom and stay sharp on any screen.
 */

/** @typedef {CanvasRenderingContext2D} Ctx */

/** A stable pseudo-random number in [0, 1) for a square, so textures do not flicker.
 * @param {number} x @param {number} y @param {number} [salt] */
export function hash(x, y, salt = 0) {
  let h = (x * 374761393 + y * 668265263 + salt * 982451653) | 0;
  h = Math.imul(h ^ (h >>> 13), 1274126177);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

export const PALETTE = {
  void: "#050507",
  floor: "#2b2722",
  floorLine: "#1f1c19",
  wall: "#6a6154",
  wallDark: "#3e382f",
  wallLight: "#8a806f",
  wood: "#8a5a2b",
  woodDark: "#5b3a1a",
  iron: "#b8b8c0",
  gold: "#f2c94c",
  water: "#1d4e89",
  lava: "#b3361b",
  party: "#3d7be0",
  neutral: "#5b8f5b",
  monster: "#a8452f",
};

/**
 * One explored square.
 * @param {Ctx} ctx @param {string} glyph @param {number} x @param {number} y @param {number} s the square's size
 * @param {{across: boolean}} door whether a door here runs across (walls to its left and right)
 */
export function drawTile(ctx, glyph, x, y, s, door) {
  const px = x * s;
  const py = y * s;
  if (glyph === "#" || glyph === "S") {
    drawWall(ctx, x, y, px, py, s);
    return;
  }
  if (glyph === "~") {
    ctx.fillStyle = PALETTE.water;
    ctx.fillRect(px, py, s, s);
    ctx.strokeStyle = "#4f86c6";
    ctx.lineWidth = Math.max(1, s / 16);
    for (let row = 0; row < 2; row += 1) {
      const wy = py + s * (0.35 + row * 0.35);
      ctx.beginPath();
      ctx.moveTo(px + s * 0.15, wy);
      ctx.quadraticCurveTo(px + s * 0.32, wy - s * 0.12, px + s * 0.5, wy);
      ctx.quadraticCurveTo(px + s * 0.68, wy + s * 0.12, px + s * 0.85, wy);
      ctx.stroke();
    }
    return;
  }
  if (glyph === "♣") {
    ctx.fillStyle = "#17261a";
    ctx.fillRect(px, py, s, s);
    ctx.fillStyle = "#2f6b34";
    ctx.beginPath();
    ctx.arc(px + s / 2, py + s * 0.45, s * 0.38, 0, Math.PI * 2);
    ctx.fill();
    ctx.fillStyle = "#5a3b1e";
    ctx.fillRect(px + s * 0.45, py + s * 0.7, s * 0.1, s * 0.25);
    return;
  }
  drawFloor(ctx, x, y, px, py, s);
  switch (glyph) {
    case "+":
    case "L":
      drawClosedDoor(ctx, px, py, s, door.across, glyph === "L");
      break;
    case "'":
      drawOpenDoor(ctx, px, py, s, door.across);
      break;
    case ">":
    case "<":
      drawStairs(ctx, px, py, s, glyph === ">");
      break;
    case "^":
      ctx.fillStyle = PALETTE.lava;
      ctx.fillRect(px + 1, py + 1, s - 2, s - 2);
      ctx.fillStyle = "#f28c28";
      for (let i = 0; i < 3; i += 1) {
        ctx.beginPath();
        ctx.arc(px + s * (0.2 + 0.6 * hash(x, y, i)), py + s * (0.2 + 0.6 * hash(y, x, i)), s * 0.1, 0, Math.PI * 2);
        ctx.fill();
      }
      break;
    case "O":
      ctx.fillStyle = "#000";
      ctx.beginPath();
      ctx.ellipse(px + s / 2, py + s / 2, s * 0.38, s * 0.3, 0, 0, Math.PI * 2);
      ctx.fill();
      ctx.strokeStyle = "#4a4238";
      ctx.lineWidth = Math.max(1, s / 12);
      ctx.stroke();
      break;
    case ",":
      ctx.fillStyle = "#6d665c";
      for (let i = 0; i < 5; i += 1) {
        const r = s * (0.05 + 0.06 * hash(x, y, i + 7));
        ctx.beginPath();
        ctx.arc(px + s * (0.15 + 0.7 * hash(x, y, i)), py + s * (0.15 + 0.7 * hash(x, y, i + 3)), r, 0, Math.PI * 2);
        ctx.fill();
      }
      break;
    case "x":
      ctx.strokeStyle = "#e04040";
      ctx.lineWidth = Math.max(1.5, s / 10);
      ctx.beginPath();
      ctx.moveTo(px + s * 0.25, py + s * 0.25);
      ctx.lineTo(px + s * 0.75, py + s * 0.75);
      ctx.moveTo(px + s * 0.75, py + s * 0.25);
      ctx.lineTo(px + s * 0.25, py + s * 0.75);
      ctx.stroke();
      break;
    default:
      break;
  }
}

/** @param {Ctx} ctx @param {number} x @param {number} y @param {number} px @param {number} py @param {number} s */
function drawFloor(ctx, x, y, px, py, s) {
  const shade = Math.floor(hash(x, y) * 10) - 5;
  ctx.fillStyle = `rgb(${43 + shade}, ${39 + shade}, ${34 + shade})`;
  ctx.fillRect(px, py, s, s);
  ctx.strokeStyle = PALETTE.floorLine;
  ctx.lineWidth = Math.max(1, s / 24);
  ctx.strokeRect(px + 0.5, py + 0.5, s - 1, s - 1);
  if (hash(x, y, 1) > 0.7) {
    ctx.beginPath();
    ctx.moveTo(px + s * 0.2, py + s * hash(x, y, 2));
    ctx.lineTo(px + s * 0.5, py + s * hash(x, y, 3));
    ctx.stroke();
  }
}

/** @param {Ctx} ctx @param {number} x @param {number} y @param {number} px @param {number} py @param {number} s */
function drawWall(ctx, x, y, px, py, s) {
  ctx.fillStyle = PALETTE.wallDark;
  ctx.fillRect(px, py, s, s);
  const rows = 3;
  const brickH = s / rows;
  for (let row = 0; row < rows; row += 1) {
    const offset = (row + y) % 2 === 0 ? 0 : s / 2;
    for (let col = -1; col < 2; col += 1) {
      const bx = px + col * (s / 2) * 2 + offset;
      const left = Math.max(px, bx + 1);
      const right = Math.min(px + s, bx + s - 1);
      if (right <= left) continue;
      const tone = Math.floor(hash(x * 3 + col, y * 3 + row) * 24) - 12;
      ctx.fillStyle = `rgb(${106 + tone}, ${97 + tone}, ${84 + tone})`;
      ctx.fillRect(left, py + row * brickH + 1, right - left, brickH - 2);
    }
  }
  ctx.fillStyle = "rgba(255,255,255,0.06)";
  ctx.fillRect(px, py, s, Math.max(1, s / 16));
}

/** @param {Ctx} ctx @param {number} px @param {number} py @param {number} s @param {boolean} across @param {boolean} locked */
function drawClosedDoor(ctx, px, py, s, across, locked) {
  const thick = s * 0.36;
  const [dx, dy, dw, dh] = across ? [px, py + (s - thick) / 2, s, thick] : [px + (s - thick) / 2, py, thick, s];
  ctx.fillStyle = PALETTE.wood;
  ctx.fillRect(dx, dy, dw, dh);
  ctx.strokeStyle = PALETTE.woodDark;
  ctx.lineWidth = Math.max(1, s / 20);
  ctx.strokeRect(dx + 0.5, dy + 0.5, dw - 1, dh - 1);
  ctx.beginPath();
  for (let i = 1; i < 4; i += 1) {
    if (across) {
      ctx.moveTo(dx + (dw * i) / 4, dy);
      ctx.lineTo(dx + (dw * i) / 4, dy + dh);
    } else {
      ctx.moveTo(dx, dy + (dh * i) / 4);
      ctx.lineTo(dx + dw, dy + (dh * i) / 4);
    }
  }
  ctx.stroke();
  ctx.fillStyle = locked ? PALETTE.gold : PALETTE.iron;
  const knob = Math.max(1.5, s * 0.07);
  ctx.beginPath();
  ctx.arc(across ? px + s * 0.72 : px + s / 2, across ? py + s / 2 : py + s * 0.72, knob, 0, Math.PI * 2);
  ctx.fill();
  if (locked) {
    const lx = px + s / 2 - s * 0.12;
    const ly = py + s / 2 - s * 0.06;
    ctx.fillStyle = PALETTE.gold;
    ctx.fillRect(lx, ly, s * 0.24, s * 0.2);
    ctx.strokeStyle = PALETTE.gold;
    ctx.lineWidth = Math.max(1, s / 18);
    ctx.beginPath();
    ctx.arc(px + s / 2, ly, s * 0.08, Math.PI, 0);
    ctx.stroke();
  }
}

/** @param {Ctx} ctx @param {number} px @param {number} py @param {number} s @param {boolean} across */
function drawOpenDoor(ctx, px, py, s, across) {
  ctx.fillStyle = PALETTE.woodDark;
  const leaf = s * 0.14;
  if (across) {
    ctx.fillRect(px, py + s * 0.05, leaf, s * 0.9);
    ctx.fillRect(px + s - leaf, py + s * 0.05, leaf * 0.6, s * 0.9);
  } else {
    ctx.fillRect(px + s * 0.05, py, s * 0.9, leaf);
    ctx.fillRect(px + s * 0.05, py + s - leaf, s * 0.9, leaf * 0.6);
  }
}

/** @param {Ctx} ctx @param {number} px @param {number} py @param {number} s @param {boolean} down */
function drawStairs(ctx, px, py, s, down) {
  const steps = 4;
  for (let i = 0; i < steps; i += 1) {
    const tone = down ? 120 - i * 25 : 60 + i * 25;
    ctx.fillStyle = `rgb(${tone}, ${tone - 8}, ${tone - 18})`;
    ctx.fillRect(px + s * 0.12, py + s * (0.12 + (i * 0.76) / steps), s * 0.76, (s * 0.76) / steps - 1);
  }
  ctx.fillStyle = down ? PALETTE.gold : "#d8d8d8";
  ctx.beginPath();
  const cx = px + s / 2;
  const tip = down ? py + s * 0.9 : py + s * 0.1;
  const base = down ? py + s * 0.65 : py + s * 0.35;
  ctx.moveTo(cx, tip);
  ctx.lineTo(cx - s * 0.14, base);
  ctx.lineTo(cx + s * 0.14, base);
  ctx.closePath();
  ctx.fill();
}

/**
 * Treasure on a square: a coin pile, or a small chest for anything else.
 * @param {Ctx} ctx @param {number} x @param {number} y @param {number} s @param {{coins: boolean, count: number}} lying
 */
export function drawTreasure(ctx, x, y, s, lying) {
  const px = x * s;
  const py = y * s;
  if (lying.count === 0) return;
  if (lying.coins) {
    ctx.fillStyle = PALETTE.gold;
    ctx.strokeStyle = "#8a6d1a";
    ctx.lineWidth = Math.max(1, s / 24);
    for (let i = 0; i < 3; i += 1) {
      ctx.beginPath();
      ctx.ellipse(px + s * (0.3 + i * 0.18), py + s * (0.72 - (i % 2) * 0.08), s * 0.11, s * 0.06, 0, 0, Math.PI * 2);
      ctx.fill();
      ctx.stroke();
    }
  }
  if (lying.count > (lying.coins ? 1 : 0)) {
    ctx.fillStyle = PALETTE.wood;
    ctx.fillRect(px + s * 0.22, py + s * 0.3, s * 0.56, s * 0.34);
    ctx.fillStyle = PALETTE.woodDark;
    ctx.fillRect(px + s * 0.22, py + s * 0.3, s * 0.56, s * 0.1);
    ctx.fillStyle = PALETTE.gold;
    ctx.fillRect(px + s * 0.46, py + s * 0.38, s * 0.08, s * 0.1);
  }
}

/**
 * @typedef {{kind: 'party'|'monster'|'neutral', shape: string, colour: string, letter: string,
 *            vigour: number, asleep: boolean, selected: boolean, acting: boolean, dead: boolean}} Figure
 */

/** The look of each kind of monster: which figure, and its colour. */
const MONSTER_LOOKS = /** @type {Record<string, {shape: string, colour: string}>} */ ({
  kobold: { shape: "humanoid", colour: "#9a6b3f" },
  goblin: { shape: "humanoid", colour: "#6f8f2f" },
  goblin_archer: { shape: "archer", colour: "#6f8f2f" },
  orc: { shape: "humanoid", colour: "#4f7a3a" },
  orc_shaman: { shape: "caster", colour: "#4f7a3a" },
  hobgoblin: { shape: "humanoid", colour: "#a35a2a" },
  gnoll: { shape: "humanoid", colour: "#b08a4a" },
  bugbear: { shape: "brute", colour: "#8a6a3a" },
  ogre: { shape: "brute", colour: "#9a7a5a" },
  troll: { shape: "brute", colour: "#4a7a5a" },
  lizard_man: { shape: "humanoid", colour: "#3f8a6a" },
  skeleton: { shape: "skeleton", colour: "#e6e2d3" },
  zombie: { shape: "humanoid", colour: "#6a7a5a" },
  ghoul: { shape: "humanoid", colour: "#8a9a8a" },
  wight: { shape: "caster", colour: "#7a8aa0" },
  giant_rat: { shape: "rat", colour: "#7a6a5a" },
  wolf: { shape: "beast", colour: "#8a8a8a" },
  hell_hound: { shape: "beast", colour: "#a0301a" },
  giant_spider: { shape: "spider", colour: "#3a3030" },
  carrion_crawler: { shape: "spider", colour: "#8a9a4a" },
  dark_mage: { shape: "caster", colour: "#5a3a7a" },
  young_black_dragon: { shape: "dragon", colour: "#2a2a32" },
});

/** The look of each class of character. */
const CLASS_LOOKS = /** @type {Record<string, string>} */ ({
  fighter: "fighter", paladin: "fighter", ranger: "archer", cleric: "cleric", mage: "caster", thief: "thief",
});

/** @param {string|null} monster @returns {{shape: string, colour: string}} */
export function monsterLook(monster) {
  return MONSTER_LOOKS[monster ?? ""] ?? { shape: "humanoid", colour: PALETTE.monster };
}

/** @param {string|null} classId @returns {string} */
export function classShape(classId) {
  return CLASS_LOOKS[classId ?? ""] ?? "humanoid";
}

/** Green when hale, yellow when hurt, red near death. @param {number} vigour 0..1 */
export function vigourColour(vigour) {
  if (vigour > 0.66) return "#4cc34c";
  if (vigour > 0.33) return "#e0c030";
  return "#e04030";
}

/**
 * A creature's figure centred at (cx, cy), `s` the square's size; `time` (ms) drives the pulse of
 * whoever's turn it is.
 * @param {Ctx} ctx @param {Figure} f @param {number} cx @param {number} cy @param {number} s @param {number} time
 */
export function drawFigure(ctx, f, cx, cy, s, time) {
  const r = s * 0.42;
  // the health ring: a tint of how hale it is
  ctx.fillStyle = "rgba(0,0,0,0.45)";
  ctx.beginPath();
  ctx.ellipse(cx, cy + r * 0.75, r * 0.85, r * 0.3, 0, 0, Math.PI * 2);
  ctx.fill();
  ctx.strokeStyle = vigourColour(f.vigour);
  ctx.lineWidth = Math.max(1.5, s / 14);
  ctx.beginPath();
  ctx.ellipse(cx, cy + r * 0.75, r * 0.85, r * 0.3, 0, 0, Math.PI * 2);
  ctx.stroke();
  if (f.acting) {
    const pulse = 0.5 + 0.5 * Math.sin(time / 180);
    ctx.strokeStyle = `rgba(255, 255, 255, ${0.35 + 0.5 * pulse})`;
    ctx.lineWidth = Math.max(1.5, s / 12);
    ctx.beginPath();
    ctx.arc(cx, cy, r * (1.02 + 0.08 * pulse), 0, Math.PI * 2);
    ctx.stroke();
  }
  if (f.selected) {
    ctx.strokeStyle = PALETTE.gold;
    ctx.setLineDash([s / 8, s / 12]);
    ctx.lineWidth = Math.max(1.5, s / 16);
    ctx.beginPath();
    ctx.arc(cx, cy, r * 1.12, 0, Math.PI * 2);
    ctx.stroke();
    ctx.setLineDash([]);
  }
  ctx.save();
  if (f.dead) ctx.globalAlpha = 0.35;
  const tilt = f.asleep || f.dead ? Math.PI / 2.4 : 0;
  ctx.translate(cx, cy);
  ctx.rotate(tilt);
  paintShape(ctx, f, r);
  ctx.restore();
  if (f.asleep) {
    ctx.fillStyle = "#bcd7ff";
    ctx.font = `bold ${Math.max(8, s * 0.32)}px monospace`;
    const bob = Math.sin(time / 300) * s * 0.05;
    ctx.fillText("z", cx + r * 0.5, cy - r * 0.6 + bob);
    ctx.fillText("z", cx + r * 0.85, cy - r * 1.0 + bob);
  }
}

/** @param {Ctx} ctx @param {Figure} f @param {number} r */
function paintShape(ctx, f, r) {
  const skin = f.kind === "party" ? "#e8c39e" : f.colour;
  const cloth = f.kind === "party" ? PALETTE.party : f.kind === "neutral" ? PALETTE.neutral : f.colour;
  const line = Math.max(1, r / 8);
  ctx.lineWidth = line;
  ctx.strokeStyle = "rgba(0,0,0,0.7)";
  switch (f.shape) {
    case "rat":
    case "beast": {
      const big = f.shape === "beast" ? 1.2 : 0.9;
      ctx.fillStyle = cloth;
      ctx.beginPath();
      ctx.ellipse(0, r * 0.2, r * 0.6 * big, r * 0.35 * big, 0, 0, Math.PI * 2);
      ctx.fill();
      ctx.stroke();
      ctx.beginPath();
      ctx.arc(r * 0.55 * big, -r * 0.05, r * 0.25 * big, 0, Math.PI * 2);
      ctx.fill();
      ctx.stroke();
      ctx.strokeStyle = cloth;
      ctx.beginPath();
      ctx.moveTo(-r * 0.55 * big, r * 0.2);
      ctx.quadraticCurveTo(-r * 0.95, -r * 0.2, -r * 0.8, -r * 0.5);
      ctx.stroke();
      eyes(ctx, r * 0.6 * big, -r * 0.1, r * 0.06, "#ff5040");
      return;
    }
    case "spider": {
      ctx.strokeStyle = cloth;
      ctx.lineWidth = line * 1.2;
      for (let i = 0; i < 4; i += 1) {
        const a = -0.9 + i * 0.6;
        for (const side of [-1, 1]) {
          ctx.beginPath();
          ctx.moveTo(0, 0);
          ctx.quadraticCurveTo(side * r * 0.7, -r * 0.5 + i * r * 0.3, side * r * 0.95, a * r * 0.6 + r * 0.3);
          ctx.stroke();
        }
      }
      ctx.fillStyle = cloth;
      ctx.beginPath();
      ctx.arc(0, r * 0.15, r * 0.42, 0, Math.PI * 2);
      ctx.fill();
      ctx.beginPath();
      ctx.arc(0, -r * 0.35, r * 0.25, 0, Math.PI * 2);
      ctx.fill();
      eyes(ctx, 0, -r * 0.4, r * 0.07, "#ff3030");
      return;
    }
    case "dragon": {
      ctx.fillStyle = cloth;
      ctx.beginPath();
      ctx.moveTo(-r, -r * 0.2);
      ctx.lineTo(-r * 0.2, -r * 0.9);
      ctx.lineTo(0, -r * 0.1);
      ctx.lineTo(r * 0.2, -r * 0.9);
      ctx.lineTo(r, -r * 0.2);
      ctx.closePath();
      ctx.fill();
      ctx.stroke();
      ctx.beginPath();
      ctx.ellipse(0, r * 0.25, r * 0.45, r * 0.55, 0, 0, Math.PI * 2);
      ctx.fill();
      ctx.stroke();
      eyes(ctx, 0, -r * 0.05, r * 0.07, "#ffd040");
      return;
    }
    case "skeleton": {
      ctx.strokeStyle = cloth;
      ctx.lineWidth = line * 1.4;
      ctx.beginPath();
      ctx.moveTo(0, -r * 0.25);
      ctx.lineTo(0, r * 0.45);
      for (let i = 0; i < 3; i += 1) {
        ctx.moveTo(-r * 0.3, -r * 0.1 + i * r * 0.16);
        ctx.lineTo(r * 0.3, -r * 0.1 + i * r * 0.16);
      }
      ctx.moveTo(0, r * 0.45);
      ctx.lineTo(-r * 0.3, r * 0.9);
      ctx.moveTo(0, r * 0.45);
      ctx.lineTo(r * 0.3, r * 0.9);
      ctx.stroke();
      ctx.fillStyle = cloth;
      ctx.beginPath();
      ctx.arc(0, -r * 0.5, r * 0.27, 0, Math.PI * 2);
      ctx.fill();
      eyes(ctx, 0, -r * 0.52, r * 0.07, "#000");
      return;
    }
    default:
      break;
  }
  const big = f.shape === "brute" ? 1.2 : 1;
  // body
  ctx.fillStyle = cloth;
  ctx.beginPath();
  ctx.moveTo(-r * 0.45 * big, r * 0.85);
  ctx.lineTo(-r * 0.35 * big, -r * 0.1);
  ctx.lineTo(r * 0.35 * big, -r * 0.1);
  ctx.lineTo(r * 0.45 * big, r * 0.85);
  ctx.closePath();
  ctx.fill();
  ctx.stroke();
  // head
  ctx.fillStyle = skin;
  ctx.beginPath();
  ctx.arc(0, -r * 0.38 * big, r * 0.28 * big, 0, Math.PI * 2);
  ctx.fill();
  ctx.stroke();
  eyes(ctx, 0, -r * 0.4 * big, r * 0.05, f.kind === "monster" ? "#ffdd40" : "#202020");
  gear(ctx, f.shape, r, f.kind === "party" ? PALETTE.iron : "#9a9a9a");
  if (f.kind === "party" && f.letter) {
    ctx.fillStyle = "#fff";
    ctx.font = `bold ${Math.max(7, r * 0.55)}px monospace`;
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    ctx.fillText(f.letter, 0, r * 0.42);
    ctx.textAlign = "start";
    ctx.textBaseline = "alphabetic";
  }
}

/** @param {Ctx} ctx @param {number} x @param {number} y @param {number} size @param {string} colour */
function eyes(ctx, x, y, size, colour) {
  ctx.fillStyle = colour;
  ctx.beginPath();
  ctx.arc(x - size * 1.6, y, size, 0, Math.PI * 2);
  ctx.arc(x + size * 1.6, y, size, 0, Math.PI * 2);
  ctx.fill();
}

/** What a figure holds: a sword, a staff, a bow, a holy symbol, a dagger. */
/** @param {Ctx} ctx @param {string} shape @param {number} r @param {string} metal */
function gear(ctx, shape, r, metal) {
  ctx.lineWidth = Math.max(1, r / 7);
  switch (shape) {
    case "fighter":
    case "humanoid":
    case "brute":
      ctx.strokeStyle = metal;
      ctx.beginPath();
      ctx.moveTo(r * 0.5, r * 0.4);
      ctx.lineTo(r * 0.85, -r * 0.55);
      ctx.stroke();
      if (shape === "fighter") {
        ctx.fillStyle = "#c0a060";
        ctx.beginPath();
        ctx.arc(-r * 0.5, r * 0.3, r * 0.28, 0, Math.PI * 2);
        ctx.fill();
      }
      break;
    case "caster":
      ctx.strokeStyle = "#a07a4a";
      ctx.beginPath();
      ctx.moveTo(r * 0.6, r * 0.9);
      ctx.lineTo(r * 0.6, -r * 0.8);
      ctx.stroke();
      ctx.fillStyle = "#8fd0ff";
      ctx.beginPath();
      ctx.arc(r * 0.6, -r * 0.85, r * 0.13, 0, Math.PI * 2);
      ctx.fill();
      ctx.fillStyle = "#3a2a6a";
      ctx.beginPath();
      ctx.moveTo(-r * 0.32, -r * 0.55);
      ctx.lineTo(0, -r * 1.15);
      ctx.lineTo(r * 0.32, -r * 0.55);
      ctx.closePath();
      ctx.fill();
      break;
    case "archer":
      ctx.strokeStyle = "#a07a4a";
      ctx.beginPath();
      ctx.arc(r * 0.45, 0, r * 0.55, -Math.PI / 2.2, Math.PI / 2.2);
      ctx.stroke();
      break;
    case "cleric":
      ctx.strokeStyle = "#f2e2a0";
      ctx.beginPath();
      ctx.moveTo(0, r * 0.05);
      ctx.lineTo(0, r * 0.35);
      ctx.moveTo(-r * 0.12, r * 0.15);
      ctx.lineTo(r * 0.12, r * 0.15);
      ctx.stroke();
      ctx.strokeStyle = metal;
      ctx.beginPath();
      ctx.moveTo(r * 0.55, r * 0.5);
      ctx.lineTo(r * 0.75, -r * 0.3);
      ctx.stroke();
      break;
    case "thief":
      ctx.strokeStyle = metal;
      ctx.beginPath();
      ctx.moveTo(r * 0.5, r * 0.35);
      ctx.lineTo(r * 0.7, -r * 0.05);
      ctx.stroke();
      ctx.fillStyle = "#2a2a2a";
      ctx.beginPath();
      ctx.arc(0, -r * 0.45, r * 0.31, Math.PI, 0);
      ctx.fill();
      break;
    default:
      break;
  }
}
