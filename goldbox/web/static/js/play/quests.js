/** The quest log: every quest of the game, what it asks, how far along each objective is, the reward. */

import { h, replace } from "../ui/dom.js";
import { itemName } from "./content.js";

/** @typedef {import("./screen.js").Play} Play */
/** @typedef {import("./types.js").Objective} Objective */

/** What an objective asks, in words; NPCs are named as the party knows them.
 * @param {Objective} objective @param {(id: string) => string} nameOf */
function describe(objective, nameOf) {
  const what = (objective.target ?? "").replace(/_/g, " ");
  switch (objective.kind) {
    case "collect":
      return `Collect ${what}`;
    case "kill":
      return `Slay ${what}s`;
    case "deliver":
      return `Give the ${what} to ${nameOf(objective.to ?? "")}`;
    case "talk":
      return `Speak with ${nameOf(objective.target ?? "")}`;
    case "escort":
      return `Escort ${nameOf(objective.target ?? "")} to safety`;
    case "reach":
      return objective.point ? `Reach the place at ${objective.point[0]}, ${objective.point[1]}` : "Reach the place";
    default:
      return `${objective.kind} ${what}`.trim();
  }
}

export class QuestLog {
  /** @param {Play} play */
  constructor(play) {
    this.play = play;
    this.element = h("section", { class: "gb-panel gb-quests", "data-testid": "quest-log", "aria-label": "Quest log" });
  }

  render() {
    const quests = this.play.model.view?.quests ?? [];
    if (!quests.length) {
      replace(this.element, h("p", {}, "No quests yet."));
      return;
    }
    replace(
      this.element,
      h(
        "ul",
        { class: "gb-quest-list" },
        ...quests.map((quest) => {
          const reward = [
            quest.reward.xp ? `${quest.reward.xp} XP` : "",
            quest.reward.gold ? `${quest.reward.gold} gold` : "",
            ...quest.reward.items.map((item) => itemName(this.play.content, item)),
          ].filter(Boolean);
          return h(
            "li",
            { class: `gb-quest gb-quest-${quest.status}`, "data-quest": quest.id },
            h("h3", {}, quest.title, h("span", { class: "gb-badge" }, quest.status)),
            h("p", {}, quest.description),
            h(
              "ul",
              { class: "gb-objectives" },
              ...quest.objectives.map((objective) => {
                const told = describe(objective, (id) => this.play.model.nameOf(id));
                const bar = h("progress", { max: objective.count, value: objective.progress, "aria-label": told });
                return h("li", {}, `${told}: ${objective.progress}/${objective.count} `, bar);
              }),
            ),
            reward.length ? h("p", { class: "gb-reward" }, `Reward: ${reward.join(", ")}`) : null,
          );
        }),
      ),
    );
  }
}
