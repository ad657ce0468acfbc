// The Genius pages' stylesheet (genius.css next to these modules), added while one of them is shown.

const HREF = new URL("./genius.css", import.meta.url).href;

/** Add the stylesheet (once, however many pages use it); returns a function that removes it. */
export function useGeniusStyle() {
  let link = /** @type {HTMLLinkElement | null} */ (document.querySelector("link[data-genius-style]"));
  if (link === null) {
    link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = HREF;
    link.dataset.geniusStyle = "0";
    document.head.append(link);
  }
  link.dataset.geniusStyle = String(Number(link.dataset.geniusStyle) + 1);
  const held = link;
  return () => {
    const users = Number(held.dataset.geniusStyle) - 1;
    held.dataset.geniusStyle = String(users);
    if (users <= 0) held.remove();
  };
}
