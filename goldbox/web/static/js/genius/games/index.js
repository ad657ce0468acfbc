// Each Genius game's part of the pages, by the game's name; any other game gets the generic part.

import { byzantineGenerals } from "./byzantine_generals.js";
import { consciousnessEmergence } from "./consciousness_emergence.js";
import { generic } from "./generic.js";
import { liarsDice } from "./liars_dice.js";
import { minority } from "./minority.js";
import { prisonersDilemma } from "./prisoners_dilemma.js";

/** @typedef {import("../types.js").GameUi} GameUi */

/** @type {Record<string, GameUi>} */
const BY_GAME = {
  minority,
  prisoners_dilemma: prisonersDilemma,
  liars_dice: liarsDice,
  byzantine_generals: byzantineGenerals,
  consciousness_emergence: consciousnessEmergence,
};

/** @param {string} game @returns {GameUi} */
export function uiFor(game) {
  return BY_GAME[game] ?? generic;
}
