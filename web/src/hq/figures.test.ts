import { describe, expect, it } from "vitest";
import type { Estate } from "../api/types";
import { figuresOf, formatRate, lastMonths, monthOf, sortFigures, type ComplaintsMonth, type RepairsMonth } from "./figures";
import { parseHqRoute } from "./route";

const estate = (code: string, name: string): Estate => ({
  estate_id: code,
  code,
  name,
  service_centre_name: "",
  service_phone: "",
  greeting: null,
  business_hours: "",
});

const repairs = (over: Partial<RepairsMonth> = {}): RepairsMonth => ({
  estate_id: "SUN",
  month: "2026-11",
  opened: 10,
  completed: 8,
  with_appointment: 8,
  arrived_on_time: 6,
  followed_up: 4,
  satisfied: 3,
  avg_overall: 4,
  avg_minutes_to_complete: 90,
  revenue_fen: 0,
  done: 8,
  done_followed_up: 4,
  rates: { on_time: 0.75, follow_up: 0.5, satisfaction: 0.75 },
  below_follow_up_floor: true,
  ...over,
});

const complaints: ComplaintsMonth = {
  month: "2026-11",
  estate_id: "SUN",
  totals: {
    received: 5,
    valid: 3,
    invalid: 1,
    resolved: 2,
    on_time: 2,
    replied: 2,
    followed_up: 2,
    satisfied: 1,
    basically_satisfied: 1,
    dissatisfied: 0,
  },
  rates: { validity: 0.75, on_time: 1, satisfaction: 1, follow_up: 1 },
};

describe("head office's figures", () => {
  it("adds repairs and complaints together, and ranks on the mean of the rates there are", () => {
    const f = figuresOf(estate("SUN", "阳光花园"), repairs(), complaints, null);
    expect(f.onTime).toBeCloseTo(8 / 10);
    expect(f.validity).toBeCloseTo(0.75);
    expect(f.followUp).toBeCloseTo(6 / 10);
    expect(f.satisfaction).toBeCloseTo(5 / 6);
    expect(f.collection).toBeNull();
    expect(f.score).toBeCloseTo((0.8 + 0.75 + 0.6 + 5 / 6) / 4);
  });

  it("takes billing's collection rate, or works it out", () => {
    const b = { estate_id: "SUN", charged_fen: 1000, collected_fen: 900, arrears_fen: 100 };
    expect(figuresOf(estate("SUN", "a"), null, null, { ...b, collection_rate: 0.9 }).collection).toBe(0.9);
    expect(figuresOf(estate("SUN", "a"), null, null, { ...b, collection_rate: null }).collection).toBe(0.9);
    expect(figuresOf(estate("SUN", "a"), null, null, null).score).toBeNull();
  });

  it("sorts with the missing figures last whichever way", () => {
    const a = figuresOf(estate("A", "甲"), repairs({ arrived_on_time: 8 }), null, null);
    const b = figuresOf(estate("B", "乙"), repairs({ arrived_on_time: 2 }), null, null);
    const none = figuresOf(estate("C", "丙"), null, null, null);
    expect(sortFigures([b, none, a], "onTime", "desc").map((f) => f.estate.code)).toEqual(["A", "B", "C"]);
    expect(sortFigures([a, none, b], "onTime", "asc").map((f) => f.estate.code)).toEqual(["B", "A", "C"]);
    expect(sortFigures([none, b, a], "score", "desc")[2].estate.code).toBe("C");
  });

  it("knows its months and addresses", () => {
    expect(monthOf(new Date("2026-11-30T16:30:00Z"))).toBe("2026-12");
    expect(lastMonths("2026-02", 3)).toEqual(["2025-12", "2026-01", "2026-02"]);
    expect(formatRate(0.87654)).toBe("87.7%");
    expect(formatRate(null)).toBe("—");
    expect(parseHqRoute("/hq?month=2026-11")).toEqual({ page: "ranking" });
    expect(parseHqRoute("/hq/estates/abc")).toEqual({ page: "estate", id: "abc" });
    expect(parseHqRoute("/hq/x")).toEqual({ page: "unknown" });
  });
});
