/**
 * Inventory and equipment: what the character wears and wields, what is in the pack, and what lies
 * on the ground where it stands. Each item has its buttons (equip, take off, use, drop, scribe,
 * pick up), and items can be dragged between the three: into "Worn" to equip, into "Pack" to take
 * off, onto "Ground" to drop.
 */

import { h, replace, titleOf } from "../ui/dom.js";
import { itemName } from "./content.js";

/** @typedef {import("./screen.js").Play} Play */
/** @typedef {import("./types.js").Item} Item */

const WEARABLE = new Set(["weapon", "armour", "shield", "ring", "ammunition"]);
const USABLE = new Set(["potion", "scroll", "wand"]);
const DRAG_TYPE = "application/x-goldbox-item";

/** @typedef {{uid: string, from: 'worn'|'pack'|'ground', slot?: string}} Dragged */

export class Inventory {
  /** @param {Play} play */
  constructor(play) {
    this.play = play;
    this.element = h("section", { class: "gb-panel gb-inventory", "data-testid": "inventory", "aria-label": "Inventory" });
  }

  render() {
    const play = this.play;
    const sheet = play.actorFor(this.element);
    if (!sheet) return;
    const content = play.content;
    const wornBy = new Map(Object.entries(sheet.equipped).map(([slot, uid]) => [uid, slot]));
    const worn = sheet.inventory.filter((item) => wornBy.has(item.uid));
    const pack = sheet.inventory.filter((item) => !wornBy.has(item.uid));
    const ground = play.itemsHere();
    const battle = play.model.view?.combat != null;

    /** @param {Item} item @param {'worn'|'pack'} where */
    const row = (item, where) => {
      const kind = content.items[item.base]?.kind ?? "";
      const slot = wornBy.get(item.uid);
      /** @type {HTMLButtonElement[]} */
      const buttons = [];
      if (where === "worn" && slot) {
        buttons.push(this.button("Take off", "unequip", item, () => play.act("action.unequip", { slot })));
      }
      if (where === "pack" && WEARABLE.has(kind)) {
        buttons.push(this.button(kind === "weapon" ? "Wield" : "Wear", "equip", item, () => play.act("action.equip", { item: item.uid })));
      }
      if (USABLE.has(kind)) buttons.push(this.button("Use", "use", item, () => play.useItem(item)));
      if (kind === "scroll" && item.spell && sheet.class_id === "mage" && !battle) {
        buttons.push(this.button("Scribe", "scribe", item, () => play.act("action.scribe", { item: item.uid })));
      }
      buttons.push(this.button("Drop", "drop", item, () => play.act("action.drop", { item: item.uid })));
      const name = itemName(content, item);
      const spell = item.spell ? ` (${play.content.spells[item.spell]?.name ?? item.spell})` : "";
      const charges = item.charges !== null && item.charges !== undefined ? `, ${item.charges} charges` : "";
      const li = h(
        "li",
        { class: "gb-item", "data-testid": "item", "data-item": item.uid, "data-base": item.base, draggable: "true", title: content.items[item.base]?.description ?? "" },
        h("span", { class: "gb-item-name" }, `${name}${spell}${charges}`),
        slot ? h("span", { class: "gb-item-slot" }, titleOf(slot)) : null,
        h("span", { class: "gb-item-actions" }, ...buttons),
      );
      li.addEventListener("dragstart", (event) => this.dragStart(event, { uid: item.uid, from: where, slot }));
      return li;
    };

    const groundRows = ground.map((lying) =>
      h(
        "li",
        { class: "gb-item", "data-testid": "ground-item", "data-item": lying.item.uid, "data-base": lying.item.base, draggable: "true" },
        h("span", { class: "gb-item-name" }, itemName(content, lying.item)),
        h("span", { class: "gb-item-actions" }, this.button("Pick up", "pickup", lying.item, () => play.act("action.pickup", { item: lying.item.uid }))),
      ),
    );
    for (const [index, li] of groundRows.entries()) {
      li.addEventListener("dragstart", (event) => this.dragStart(event, { uid: ground[index].item.uid, from: "ground" }));
    }

    replace(
      this.element,
      h("p", { class: "gb-purse" }, `${sheet.name} carries ${sheet.gold} gold.`),
      this.zone("worn", "Worn and wielded", worn.length ? worn.map((item) => row(item, "worn")) : [h("li", { class: "gb-empty" }, "Nothing worn.")]),
      this.zone("pack", "Pack", pack.length ? pack.map((item) => row(item, "pack")) : [h("li", { class: "gb-empty" }, "The pack is empty.")]),
      this.zone("ground", "On the ground here", groundRows.length ? groundRows : [h("li", { class: "gb-empty" }, "Nothing lies here. Drag an item here to drop it.")]),
    );
  }

  /** @param {string} label @param {string} action @param {{uid: string}} item @param {() => unknown} run */
  button(label, action, item, run) {
    return h(
      "button",
      {
        type: "button",
        class: "gb-small",
        "data-action": action,
        "data-item": item.uid,
        disabled: !this.play.canAct() || undefined,
        onclick: () => void run(),
      },
      label,
    );
  }

  /** A list that takes dropped items. @param {'worn'|'pack'|'ground'} zone @param {string} title @param {HTMLElement[]} rows */
  zone(zone, title, rows) {
    const list = h("ul", { class: "gb-items" }, ...rows);
    const box = h("div", { class: `gb-zone gb-zone-${zone}`, "data-zone": zone }, h("h3", {}, title), list);
    box.addEventListener("dragover", (event) => {
      if (event.dataTransfer?.types.includes(DRAG_TYPE)) {
        event.preventDefault();
        box.classList.add("gb-drop-here");
      }
    });
    box.addEventListener("dragleave", () => box.classList.remove("gb-drop-here"));
    box.addEventListener("drop", (event) => {
      box.classList.remove("gb-drop-here");
      const text = event.dataTransfer?.getData(DRAG_TYPE);
      if (!text) return;
      event.preventDefault();
      void this.dropped(/** @type {Dragged} */ (JSON.parse(text)), zone);
    });
    return box;
  }

  /** @param {DragEvent} event @param {Dragged} dragged */
  dragStart(event, dragged) {
    if (!event.dataTransfer || !this.play.canAct()) {
      event.preventDefault();
      return;
    }
    event.dataTransfer.setData(DRAG_TYPE, JSON.stringify(dragged));
    event.dataTransfer.effectAllowed = "move";
  }

  /** Do what a drag from one zone to another means. @param {Dragged} dragged @param {'worn'|'pack'|'ground'} to */
  async dropped(dragged, to) {
    const play = this.play;
    if (dragged.from === to) return null;
    if (to === "ground") return play.act("action.drop", { item: dragged.uid });
    if (dragged.from === "ground") {
      const picked = await play.act("action.pickup", { item: dragged.uid });
      if (!picked || to === "pack") return picked;
      const held = picked.events.find((e) => e.type === "item.picked_up");
      return held ? play.act("action.equip", { item: held.data.item }) : picked;
    }
    if (to === "worn") return play.act("action.equip", { item: dragged.uid });
    return dragged.slot ? play.act("action.unequip", { slot: dragged.slot }) : null;
  }
}
