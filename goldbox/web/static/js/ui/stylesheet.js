// A section's stylesheet (the Genius pages', the play screens'), in the document only while a view
// that needs it is shown: views mount and unmount in any order, so each use is counted on the link.

/**
 * Add the stylesheet at `href` (once, however many views use it); returns a function that ends this
 * use and removes the stylesheet when no view uses it any more.
 * @param {string} href an absolute URL, e.g. `new URL("./play.css", import.meta.url).href`
 * @returns {() => void}
 */
export function useStylesheet(href) {
  const links = /** @type {NodeListOf<HTMLLinkElement>} */ (document.head.querySelectorAll("link[data-style-users]"));
  let link = [...links].find((candidate) => candidate.href === href);
  if (link === undefined) {
    link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = href;
    link.dataset.styleUsers = "0";
    document.head.append(link);
  }
  link.dataset.styleUsers = String(Number(link.dataset.styleUsers) + 1);
  const held = link;
  return () => {
    const users = Number(held.dataset.styleUsers) - 1;
    held.dataset.styleUsers = String(users);
    if (users <= 0) held.remove();
  };
}
