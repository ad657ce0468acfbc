// A game's options as form fields, built from its JSON Schema (genius.games' options_schema), and
// read back as the options object match.create and tournament.create take. The rules check them
// again on the server; this only catches what a person can fix before sending.

import { h, titleOf } from "../ui/dom.js";
import { clearFieldError, field, setFieldError } from "../ui/fields.js";

/** @typedef {import("./types.js").OptionsSchema} OptionsSchema */
/** @typedef {import("./types.js").OptionSchema} OptionSchema */
/** @typedef {{name: string, spec: OptionSchema, control: HTMLInputElement}} OptionField */

/** @param {OptionSchema} spec */
function kinds(spec) {
  return Array.isArray(spec.type) ? spec.type : [spec.type ?? "string"];
}

/** What the option allows, in words, for its help text. @param {OptionSchema} spec */
function rangeText(spec) {
  if (kinds(spec).includes("integer") && spec.minimum !== undefined && spec.maximum !== undefined) {
    return `A whole number from ${spec.minimum} to ${spec.maximum}.`;
  }
  if (spec.exclusiveMinimum !== undefined && spec.exclusiveMaximum !== undefined) {
    return `A number between ${spec.exclusiveMinimum} and ${spec.exclusiveMaximum}.`;
  }
  return "";
}

/**
 * One field per option, with its default filled in.
 * @param {OptionsSchema} schema @param {string} testPrefix
 * @returns {{nodes: HTMLElement[], fields: OptionField[]}}
 */
export function optionFields(schema, testPrefix) {
  /** @type {OptionField[]} */
  const fields = [];
  const nodes = [];
  for (const [name, spec] of Object.entries(schema.properties ?? {})) {
    const types = kinds(spec);
    const testid = `${testPrefix}-${name}`;
    /** @type {HTMLInputElement} */
    let control;
    if (types.includes("boolean")) {
      control = h("input", { type: "checkbox", checked: spec.default === true, "data-testid": testid });
      nodes.push(h("div", { class: "field" },
        h("label", { class: "inline-check" }, control, titleOf(name)),
        spec.description ? h("p", { class: "field-help" }, spec.description) : null));
    } else {
      const whole = types.includes("integer");
      control = h("input", {
        type: "number",
        inputmode: whole ? "numeric" : "decimal",
        step: whole ? 1 : "any",
        min: spec.minimum ?? spec.exclusiveMinimum ?? null,
        max: spec.maximum ?? spec.exclusiveMaximum ?? null,
        value: typeof spec.default === "number" ? spec.default : "",
        required: !types.includes("null"),
        "data-testid": testid,
      });
      const optional = types.includes("null") ? " Leave it empty to let the game choose." : "";
      nodes.push(field(titleOf(name), control, `${spec.description ?? ""} ${rangeText(spec)}${optional}`.trim()));
    }
    fields.push({ name, spec, control });
  }
  return { nodes, fields };
}

/**
 * The options as the server takes them, or null after marking each field that cannot be sent.
 * @param {OptionField[]} fields
 * @returns {Record<string, unknown> | null}
 */
export function readOptions(fields) {
  /** @type {Record<string, unknown>} */
  const options = {};
  let valid = true;
  for (const { name, spec, control } of fields) {
    clearFieldError(control);
    const types = kinds(spec);
    if (types.includes("boolean")) {
      options[name] = control.checked;
      continue;
    }
    const text = control.value.trim();
    if (text === "") {
      if (types.includes("null")) {
        options[name] = null;
        continue;
      }
      setFieldError(control, `Give ${titleOf(name).toLowerCase()} a value. ${rangeText(spec)}`, { focus: valid });
      valid = false;
      continue;
    }
    const value = Number(text);
    const whole = types.includes("integer");
    const tooLow = (spec.minimum !== undefined && value < spec.minimum) || (spec.exclusiveMinimum !== undefined && value <= spec.exclusiveMinimum);
    const tooHigh = (spec.maximum !== undefined && value > spec.maximum) || (spec.exclusiveMaximum !== undefined && value >= spec.exclusiveMaximum);
    if (!Number.isFinite(value) || (whole && !Number.isInteger(value)) || tooLow || tooHigh) {
      setFieldError(control, rangeText(spec) || "Not a number this option takes.", { focus: valid });
      valid = false;
      continue;
    }
    options[name] = value;
  }
  return valid ? options : null;
}

/** The options a match or tournament was made with, in a line. @param {Record<string, unknown>} options */
export function optionsLine(options) {
  const parts = Object.entries(options).map(([name, value]) => `${titleOf(name).toLowerCase()} ${value === null ? "game's choice" : value === true ? "on" : value === false ? "off" : String(value)}`);
  return parts.length ? parts.join(", ") : "default options";
}
