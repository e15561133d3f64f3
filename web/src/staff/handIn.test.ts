import { describe, expect, it } from "vitest";
import { translate, type MessageKey, type Vars } from "../i18n";
import { handedInLines, movementSentence, signed } from "./handIn";
import type { ComplaintStats } from "./types";

const zh = (k: MessageKey, v?: Vars) => translate("zh", k, v);
const en = (k: MessageKey, v?: Vars) => translate("en", k, v);

function totals(over: Partial<ComplaintStats["totals"]> = {}): ComplaintStats["totals"] {
  return {
    received: 5,
    valid: 4,
    invalid: 1,
    resolved: 3,
    on_time: 3,
    replied: 3,
    followed_up: 2,
    satisfied: 1,
    basically_satisfied: 1,
    dissatisfied: 0,
    due: 3,
    extended: 0,
    ...over,
  };
}

const rates = { validity: 0.8, on_time: 1, satisfaction: 1, follow_up: 0.6667 };

const open: ComplaintStats = { month: "2026-11", totals: totals(), rates, by_type: [] };
const handedIn: ComplaintStats = {
  ...open,
  frozen: { frozen_at: "2026-11-28T02:00:00Z", frozen_by: "s1" },
  live: { totals: totals({ received: 7, resolved: 5, dissatisfied: 1 }), rates },
  movement: totals({
    received: 2,
    valid: 0,
    invalid: 0,
    resolved: 2,
    on_time: 0,
    replied: 0,
    followed_up: 0,
    satisfied: 0,
    basically_satisfied: 0,
    dissatisfied: 1,
    due: 0,
    extended: 0,
  }),
};

describe("a handed-in month", () => {
  it("keeps the figures as handed in with the live figures and the movement beside each", () => {
    const lines = handedInLines(handedIn, zh);
    const received = lines.find((l) => l.figure === "received");
    expect(received).toEqual({ figure: "received", label: "受理", handed: 5, live: 7, movement: 2 });
    expect(lines.find((l) => l.figure === "valid")).toMatchObject({ handed: 4, live: 4, movement: 0 });
  });

  it("says in plain words what moved since it was handed in", () => {
    expect(movementSentence(handedIn, zh)).toBe("上报后的变化：受理+2，已处理+2，不满意+1。");
    expect(movementSentence(handedIn, en)).toBe("Changed since: Received +2, Resolved +2, Dissatisfied +1.");
  });

  it("says nothing moved when the live figures equal the handed-in ones", () => {
    const still = { ...handedIn, live: { totals: totals(), rates }, movement: undefined };
    expect(movementSentence(still, zh)).toBe("上报后没有变化。");
    expect(movementSentence(still, en)).toBe("Nothing has changed since.");
  });

  it("shows a fall with a minus sign", () => {
    const fell = { ...handedIn, movement: totals({ received: 0, valid: -1, invalid: 0, resolved: 0, on_time: 0, replied: 0, followed_up: 0, satisfied: 0, basically_satisfied: 0, dissatisfied: 0, extended: 0 }) };
    expect(movementSentence(fell, zh)).toBe("上报后的变化：有效−1。");
    expect(signed(-3)).toBe("−3");
    expect(signed(2)).toBe("+2");
  });
});

describe("a month not handed in", () => {
  it("has no handed-in lines and no movement sentence", () => {
    expect(handedInLines(open, zh)).toEqual([]);
    expect(movementSentence(open, zh)).toBe("");
  });
});
