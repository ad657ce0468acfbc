// The player's characters: the roster, and making a new one by race and class with rolled,
// bought or standard scores. What the form offers comes from content.creation, the same rules
// character.create checks.

import { ApiError } from "../api.js";
import { onClick, onSubmit } from "../ui/busy.js";
import { h, replace, titleOf } from "../ui/dom.js";
import { tutorialInvite } from "../ui/tutorial_invite.js";
import { clearFormErrors, field, formError, setFieldError, showFormError } from "../ui/fields.js";

/** @typedef {import("../main.js").PageContext} PageContext */
/** @typedef {"str" | "dex" | "con" | "int" | "wis" | "cha"} Ability */
/**
 * @typedef {{id: string, name: string, description: string, adjustments: Partial<Record<Ability, number>>,
 *            minimums: Partial<Record<Ability, number>>, maximums: Partial<Record<Ability, number>>,
 *            classes: string[]}} RaceChoice
 * @typedef {{id: string, name: string, description: string, hit_die: number,
 *            minimums: Partial<Record<Ability, number>>, prime_requisites: Ability[],
 *            spell_choices: string[]}} ClassChoice
 * @typedef {{abilities: Ability[], races: RaceChoice[], classes: ClassChoice[], methods: string[],
 *            point_buy_budget: number, point_buy_costs: Record<string, number>, standard_array: number[],
 *            name_length: number}} CreationRules
 * @typedef {{id: string, name: string, race: string, class_id: string, level: number, xp: number,
 *            game_id: string | null}} CharacterInfo
 */

const SCORE_CAP = 19;
const METHOD_TEXT = {
  roll: "Roll: the server rolls 4d6 six times and drops each lowest die; the best rolls go to the class's prime requisites.",
  point_buy: "Point buy: every score starts at 8; spend the points on the scores you want.",
  standard_array: "Standard array: 15, 14, 13, 12, 10 and 8, the best to the class's prime requisites.",
};

/** "STR 9, CON 7" @param {Partial<Record<Ability, number>>} scores */
function scoreList(scores) {
  const entries = Object.entries(scores);
  return entries.length ? entries.map(([ability, value]) => `${ability.toUpperCase()} ${value}`).join(", ") : "none";
}

/** @param {HTMLElement} root @param {PageContext} ctx */
export async function mountCharacters(root, ctx) {
  const roster = h("ul", { class: "roster", "data-testid": "character-list", "aria-live": "polite" });
  const created = h("div", { "data-testid": "created-character", "aria-live": "polite" });
  const title = h("h2", { id: "create-title" }, "New character");
  const creation = h("section", { "aria-labelledby": "create-title", class: "card" }, title, h("p", { class: "muted" }, "Loading the rules…"));
  replace(
    root,
    h("h1", {}, "Your characters"),
    tutorialInvite(ctx.api.accountId, ctx.navigate),
    h("section", { "aria-labelledby": "roster-title" }, h("h2", { id: "roster-title" }, "Roster"), roster),
    creation,
  );
  const [rules] = await Promise.all([creationRules(ctx), showRoster(roster, ctx)]);
  if (rules === null || ctx.signal.aborted) return;
  replace(creation, title, creationForm(rules, ctx, roster, created), created);
}

/** What character.create accepts, or null (the error shown) when it cannot be had. @param {PageContext} ctx */
async function creationRules(ctx) {
  try {
    return /** @type {CreationRules} */ (await ctx.api.call("content.creation"));
  } catch (err) {
    ctx.showError(err);
    return null;
  }
}

/** Fill the roster from character.list. @param {HTMLElement} roster @param {PageContext} ctx */
async function showRoster(roster, ctx) {
  let characters;
  try {
    characters = /** @type {CharacterInfo[]} */ ((await ctx.api.call("character.list")).characters);
  } catch (err) {
    ctx.showError(err);
    return;
  }
  if (ctx.signal.aborted) return;
  if (characters.length === 0) {
    replace(roster, h("li", { class: "empty" }, "No characters yet: make your first one below."));
    return;
  }
  replace(roster, characters.map((character) => rosterEntry(character, roster, ctx)));
}

/** @param {CharacterInfo} character @param {HTMLElement} roster @param {PageContext} ctx */
function rosterEntry(character, roster, ctx) {
  const actions = h("div", { class: "actions" });
  const entry = h(
    "li",
    { "data-testid": "character-row", "data-character-id": character.id },
    h("div", {}, h("strong", { class: "name" }, character.name), " ",
      h("span", { class: "muted" }, `${titleOf(character.race)} ${character.class_id}, level ${character.level} · ${character.xp} XP`)),
    actions,
  );
  if (character.game_id !== null) {
    actions.append(h("a", { class: "button", href: `#/play/${encodeURIComponent(character.game_id)}/${encodeURIComponent(character.id)}` }, "In an adventure: resume"));
  } else {
    const retire = h("button", { type: "button", class: "quiet" }, "Retire");
    retire.setAttribute("aria-label", `Retire ${character.name}`);
    retire.addEventListener("click", () => confirmRetire(actions, character, roster, ctx));
    actions.append(h("span", { class: "badge" }, "Ready"), retire);
  }
  return entry;
}

/** Ask once more, in place, before a character is gone for good. */
function confirmRetire(
  /** @type {HTMLElement} */ actions,
  /** @type {CharacterInfo} */ character,
  /** @type {HTMLElement} */ roster,
  /** @type {PageContext} */ ctx,
) {
  const yes = h("button", { type: "button", class: "danger" }, "Yes, retire");
  const keep = h("button", { type: "button", class: "quiet" }, "Keep");
  replace(actions, h("span", {}, `Retire ${character.name} for good?`), yes, keep);
  keep.addEventListener("click", () => void showRoster(roster, ctx));
  onClick(yes, async () => {
    try {
      await ctx.api.call("character.delete", { character_id: character.id });
    } catch (err) {
      ctx.showError(err);
    }
    await showRoster(roster, ctx);
  });
  keep.focus();
}

/**
 * @param {CreationRules} rules @param {PageContext} ctx @param {HTMLElement} roster @param {HTMLElement} created
 */
function creationForm(rules, ctx, roster, created) {
  const races = new Map(rules.races.map((race) => [race.id, race]));
  const classes = new Map(rules.classes.map((entry) => [entry.id, entry]));
  const costs = new Map(Object.entries(rules.point_buy_costs).map(([score, cost]) => [Number(score), cost]));
  const lowest = Math.min(...costs.keys());
  const highest = Math.max(...costs.keys());

  const name = h("input", { name: "name", maxlength: rules.name_length, required: true, autocomplete: "off", "data-testid": "character-name" });
  const race = h("select", { name: "race", "data-testid": "character-race" }, rules.races.map((r) => h("option", { value: r.id }, r.name)));
  const klass = h("select", { name: "class", "data-testid": "character-class" });
  const spell = h("select", { name: "spell", "data-testid": "character-spell" });
  const spellField = field("Extra spell", spell, "A new mage adds one first-level spell to the spellbook.");
  const raceText = h("p", { class: "field-help", "data-testid": "race-rules" });
  const classText = h("p", { class: "field-help", "data-testid": "class-minimums" });
  const methodChoice = h("fieldset", { class: "choices", "data-testid": "character-method" }, h("legend", {}, "Scores"));
  const methodText = h("p", { class: "field-help" });
  /** @type {Map<Ability, HTMLInputElement>} */
  const scoreInputs = new Map();
  const pointsLeft = h("p", { class: "points", "aria-live": "polite", "data-testid": "points-left" });
  const scoreRows = h("tbody");
  const pointBuy = h("div", { class: "point-buy", "data-testid": "point-buy" },
    h("table", {}, h("caption", {}, "Point buy"), h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Score"), h("th", { scope: "col" }, "Bought"), h("th", { scope: "col" }, "Cost"), h("th", { scope: "col" }, "With race"))), scoreRows),
    pointsLeft);
  const methodSlot = formError("character-method-error");

  for (const method of rules.methods) {
    const radio = h("input", { type: "radio", name: "method", value: method, "data-testid": `method-${method}` });
    if (method === "roll") radio.checked = true;
    methodChoice.append(h("label", { class: "inline-check" }, radio, ` ${titleOf(method)}`));
  }
  for (const ability of rules.abilities) {
    const input = h("input", { type: "number", min: lowest, max: highest, step: 1, value: lowest, inputmode: "numeric", "data-testid": `score-${ability}` });
    input.id = `score-${ability}`;
    scoreInputs.set(ability, input);
    scoreRows.append(h("tr", {},
      h("th", { scope: "row" }, h("label", { for: input.id }, ability.toUpperCase())),
      h("td", {}, input, h("p", { class: "field-error", id: `${input.id}-error`, hidden: true })),
      h("td", { "data-cost": ability }),
      h("td", { "data-final": ability })));
  }

  const chosenMethod = () => /** @type {HTMLInputElement | null} */ (methodChoice.querySelector("input:checked"))?.value ?? "roll";
  const chosenRace = () => /** @type {RaceChoice} */ (races.get(race.value));
  const chosenClass = () => /** @type {ClassChoice} */ (classes.get(klass.value));

  function fillClasses() {
    const previous = klass.value;
    const allowed = chosenRace().classes.map((id) => /** @type {ClassChoice} */ (classes.get(id)));
    replace(klass, allowed.map((entry) => h("option", { value: entry.id }, entry.name)));
    if (allowed.some((entry) => entry.id === previous)) klass.value = previous;
  }

  function refresh() {
    const r = chosenRace();
    const c = chosenClass();
    const adjustments = scoreList(r.adjustments);
    raceText.textContent = `${r.description} Adjustments: ${adjustments}. Needs: ${scoreList(r.minimums)}.`;
    classText.textContent = `${c.description} A ${c.name.toLowerCase()} needs ${scoreList(c.minimums)}; prime requisites ${c.prime_requisites.map((a) => a.toUpperCase()).join(", ")}; hit die d${c.hit_die}.`;
    spellField.hidden = c.spell_choices.length === 0;
    if (!spellField.hidden && spell.options.length !== c.spell_choices.length) {
      replace(spell, c.spell_choices.map((id) => h("option", { value: id }, titleOf(id))));
    }
    const method = chosenMethod();
    methodText.textContent = METHOD_TEXT[/** @type {keyof typeof METHOD_TEXT} */ (method)] ?? "";
    pointBuy.hidden = method !== "point_buy";
    let spent = 0;
    for (const [ability, input] of scoreInputs) {
      const bought = Number(input.value);
      const cost = costs.get(bought);
      spent += cost ?? 0;
      const row = /** @type {HTMLElement} */ (input.closest("tr"));
      /** @type {HTMLElement} */ (row.querySelector("[data-cost]")).textContent = cost === undefined ? `${lowest}–${highest} only` : String(cost);
      const final = Math.min(bought + (r.adjustments[ability] ?? 0), r.maximums[ability] ?? SCORE_CAP, SCORE_CAP);
      const needed = Math.max(r.minimums[ability] ?? 0, c.minimums[ability] ?? 0);
      const finalCell = /** @type {HTMLElement} */ (row.querySelector("[data-final]"));
      finalCell.textContent = needed > final ? `${final} (needs ${needed})` : String(final);
      finalCell.classList.toggle("short", needed > final);
    }
    const left = rules.point_buy_budget - spent;
    pointsLeft.textContent = left >= 0 ? `Points left: ${left} of ${rules.point_buy_budget}` : `Over budget by ${-left} points (budget ${rules.point_buy_budget})`;
    pointsLeft.classList.toggle("short", left < 0);
  }

  fillClasses();
  refresh();
  race.addEventListener("change", () => {
    fillClasses();
    refresh();
  });
  klass.addEventListener("change", refresh);
  methodChoice.addEventListener("change", refresh);
  scoreRows.addEventListener("input", refresh);

  const form = h("form", { novalidate: true, "data-testid": "create-character" },
    field("Name", name, `Up to ${rules.name_length} letters, digits, spaces, ' and -; it starts with a letter.`),
    h("div", { class: "two" }, h("div", {}, field("Race", race), raceText), h("div", {}, field("Class", klass), classText)),
    methodChoice, methodText, methodSlot, pointBuy, spellField,
    h("button", { type: "submit", class: "primary", "data-testid": "create-character-submit" }, "Create character"));

  onSubmit(form, async () => {
    clearFormErrors(form);
    for (const input of scoreInputs.values()) clearScoreError(input);
    if (!name.value.trim()) return setFieldError(name, "Give your character a name.");
    const method = chosenMethod();
    /** @type {Record<string, unknown>} */
    const params = { name: name.value.trim(), race: race.value, class: klass.value, method };
    if (method === "point_buy") params.scores = Object.fromEntries([...scoreInputs].map(([ability, input]) => [ability, Number(input.value)]));
    if (!spellField.hidden) params.spell = spell.value;
    let made;
    try {
      made = await ctx.api.call("character.create", params);
    } catch (err) {
      if (!placeCreationError(err)) ctx.showError(err);
      return;
    }
    replace(created, summary(made));
    name.value = "";
    await showRoster(roster, ctx);
  });

  /** @param {HTMLInputElement} input @param {string} message */
  function scoreError(input, message) {
    const slot = /** @type {HTMLElement} */ (document.getElementById(`${input.id}-error`));
    slot.textContent = message;
    slot.hidden = false;
    slot.setAttribute("role", "alert");
    input.setAttribute("aria-invalid", "true");
    input.setAttribute("aria-describedby", slot.id);
    input.focus();
  }

  /** @param {HTMLInputElement} input */
  function clearScoreError(input) {
    const slot = /** @type {HTMLElement} */ (document.getElementById(`${input.id}-error`));
    slot.hidden = true;
    slot.textContent = "";
    input.removeAttribute("aria-invalid");
    input.removeAttribute("aria-describedby");
  }

  /** Put a refusal next to what it is about; false when it is about nothing on the form. @param {unknown} err */
  function placeCreationError(err) {
    if (!(err instanceof ApiError)) return false;
    const message = typeof err.details.message === "string" ? err.details.message : err.message;
    const ability = /** @type {Ability | undefined} */ (err.details.ability);
    const scoreInput = ability === undefined ? undefined : scoreInputs.get(ability);
    switch (err.rule) {
      case "CREATE_BAD_NAME":
        setFieldError(name, message);
        return true;
      case "CREATE_UNKNOWN_RACE":
        setFieldError(race, message);
        return true;
      case "CREATE_UNKNOWN_CLASS":
      case "CREATE_CLASS_NOT_ALLOWED":
        setFieldError(klass, message);
        return true;
      case "CREATE_BAD_SPELL":
        setFieldError(spell, message);
        return true;
      case "CREATE_BELOW_MINIMUM":
      case "CREATE_INVALID_POINT_BUY":
        if (chosenMethod() === "point_buy" && scoreInput !== undefined) scoreError(scoreInput, message);
        else if (chosenMethod() === "point_buy") showFormError(methodSlot, message);
        else showFormError(methodSlot, `${message} The dice decide: try again, or buy the scores with points.`);
        return true;
      default:
        return false;
    }
  }
  return form;
}

/** What the new character turned out to be. @param {{info: CharacterInfo, sheet: Record<string, any>}} made */
function summary(made) {
  const { info, sheet } = made;
  const derived = sheet.derived ?? {};
  const scores = Object.entries(sheet.abilities ?? {}).map(([ability, value]) => `${ability.toUpperCase()} ${value}`).join(" · ");
  return h("div", { class: "created card inset" },
    h("h3", {}, `${info.name} is ready`),
    h("p", {}, `${titleOf(info.race)} ${info.class_id}, level ${info.level}.`),
    h("p", { "data-testid": "created-scores" }, scores),
    h("p", {}, `Hit points ${sheet.max_hp} · armour class ${derived.armour_class} · THAC0 ${derived.thac0} · ${sheet.gold} gold`),
    h("p", {}, h("a", { href: "#/lobby", class: "button primary" }, "Find an adventure")));
}
