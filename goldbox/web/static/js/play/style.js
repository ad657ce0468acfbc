/** The play screens' stylesheet (css next to these modules), added while a play screen is shown. */

const HREF = new URL("./play.css", import.meta.url).href;

/** Add the stylesheet (once, however many screens use it); returns a function that removes it. */
export function useStylesheet() {
  let link = /** @type {HTMLLinkElement|null} */ (document.querySelector(`link[data-play-style]`));
  if (!link) {
    link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = HREF;
    link.dataset.playStyle = "0";
    document.head.append(link);
  }
  link.dataset.playStyle = String(Number(link.dataset.playStyle) + 1);
  const held = link;
  return () => {
    const users = Number(held.dataset.playStyle) - 1;
    held.dataset.playStyle = String(users);
    if (users <= 0) held.remove();
  };
}
