// The busy guard: an action started from a button or a form runs once at a time, so a double
// click or a second Enter never sends it twice.

/** @type {WeakSet<HTMLElement>} */
const running = new WeakSet();

/**
 * Run `action` unless `control` is already running one; `control` (or, for a form, its buttons)
 * is disabled and marked aria-busy until it settles. Resolves to undefined when it was refused.
 * @template T
 * @param {HTMLElement} control
 * @param {() => Promise<T>} action
 * @returns {Promise<T | undefined>}
 */
export async function whileBusy(control, action) {
  if (running.has(control)) return undefined;
  running.add(control);
  const disabled = controlsOf(control).filter((button) => !button.disabled);
  for (const button of disabled) button.disabled = true;
  control.setAttribute("aria-busy", "true");
  try {
    return await action();
  } finally {
    running.delete(control);
    control.removeAttribute("aria-busy");
    for (const button of disabled) button.disabled = false;
  }
}

/** Whether `control` is running an action now. @param {HTMLElement} control */
export function isBusy(control) {
  return running.has(control);
}

/**
 * Answer a form's submissions with `handler`, one at a time, without reloading the page.
 * @param {HTMLFormElement} form
 * @param {(form: HTMLFormElement) => Promise<void>} handler
 */
export function onSubmit(form, handler) {
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void whileBusy(form, () => handler(form));
  });
}

/**
 * Answer a button's clicks with `handler`, one at a time.
 * @param {HTMLButtonElement} button
 * @param {() => Promise<void>} handler
 */
export function onClick(button, handler) {
  button.addEventListener("click", () => void whileBusy(button, handler));
}

/** @param {HTMLElement} control @returns {(HTMLButtonElement | HTMLInputElement)[]} */
function controlsOf(control) {
  if (control instanceof HTMLButtonElement) return [control];
  return [...control.querySelectorAll("button, input[type=submit]")].filter(
    /** @returns {element is HTMLButtonElement | HTMLInputElement} */
    (element) => element instanceof HTMLButtonElement || element instanceof HTMLInputElement,
  );
}
