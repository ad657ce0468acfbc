// Form fields with their label, help and error text, wired for assistive technology: the error
// sits next to its field, is announced, and names the field it belongs to.

import { h, uniqueId } from "./dom.js";

/** @typedef {HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement} Control */

/**
 * A labelled control with optional help, and a slot for its error.
 * @param {string} label
 * @param {Control} control
 * @param {string | Node | null} [help]
 * @returns {HTMLDivElement}
 */
export function field(label, control, help = null) {
  if (!control.id) control.id = uniqueId("field");
  const described = [];
  let helpNode = null;
  if (help !== null) {
    helpNode = h("p", { class: "field-help", id: `${control.id}-help` }, help);
    described.push(helpNode.id);
  }
  const error = h("p", { class: "field-error", id: `${control.id}-error`, hidden: true });
  if (control.dataset.testid) error.dataset.testid = `${control.dataset.testid}-error`;
  if (described.length) control.setAttribute("aria-describedby", described.join(" "));
  return h("div", { class: "field" }, h("label", { for: control.id }, label), control, helpNode, error);
}

/**
 * Show `message` next to `control` and mark it invalid; the first call of a check also moves focus
 * there (pass `focus: false` for the others).
 * @param {Control} control
 * @param {string} message
 * @param {{focus?: boolean}} [options]
 */
export function setFieldError(control, message, options = {}) {
  const error = document.getElementById(`${control.id}-error`);
  if (error === null) return;
  error.textContent = message;
  error.hidden = false;
  error.setAttribute("role", "alert");
  control.setAttribute("aria-invalid", "true");
  const described = (control.getAttribute("aria-describedby") ?? "").split(" ").filter(Boolean);
  if (!described.includes(error.id)) control.setAttribute("aria-describedby", [...described, error.id].join(" "));
  if (options.focus !== false) control.focus();
}

/** @param {Control} control */
export function clearFieldError(control) {
  const error = document.getElementById(`${control.id}-error`);
  if (error !== null) {
    error.hidden = true;
    error.textContent = "";
    error.removeAttribute("role");
  }
  control.removeAttribute("aria-invalid");
  const described = (control.getAttribute("aria-describedby") ?? "").split(" ").filter((id) => id && id !== `${control.id}-error`);
  if (described.length) control.setAttribute("aria-describedby", described.join(" "));
  else control.removeAttribute("aria-describedby");
}

/** Clear every field error of a form, and its form-level message. @param {HTMLFormElement} form */
export function clearFormErrors(form) {
  for (const control of form.querySelectorAll("[aria-invalid]")) {
    if (isControl(control)) clearFieldError(control);
  }
  const message = form.querySelector(".form-error");
  if (message instanceof HTMLElement) {
    message.hidden = true;
    message.textContent = "";
  }
}

/** A form-level message slot (for errors that belong to no one field). @param {string} testid */
export function formError(testid) {
  return h("p", { class: "form-error", role: "alert", "data-testid": testid, hidden: true });
}

/** @param {HTMLElement} slot @param {string} message */
export function showFormError(slot, message) {
  slot.textContent = message;
  slot.hidden = false;
}

/** @param {Element} element @returns {element is Control} */
function isControl(element) {
  return (
    element instanceof HTMLInputElement || element instanceof HTMLSelectElement || element instanceof HTMLTextAreaElement
  );
}
