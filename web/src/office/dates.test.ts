import { describe, expect, it } from "vitest";
import { isSaturday, lastSaturday, previousMonth } from "./dates";
import { formatFen, parseYuan, percentBp, yuan } from "./money";

describe("the back office's days", () => {
  it("ends a receipts week on the last Saturday", () => {
    expect(lastSaturday(new Date(2026, 10, 24))).toBe("2026-11-21"); // a Tuesday
    expect(lastSaturday(new Date(2026, 10, 21))).toBe("2026-11-21"); // the Saturday itself
    expect(lastSaturday(new Date(2026, 10, 22))).toBe("2026-11-21"); // the Sunday after
    expect(isSaturday("2026-11-21")).toBe(true);
    expect(isSaturday("2026-11-22")).toBe(false);
  });

  it("steps back a month over the new year", () => {
    expect(previousMonth("2026-01")).toBe("2025-12");
    expect(previousMonth("2026-11")).toBe("2026-10");
  });
});

describe("the back office's money", () => {
  it("reads yuan as text into whole fen", () => {
    expect(parseYuan("2.5")).toBe(250);
    expect(parseYuan("0.29")).toBe(29);
    expect(parseYuan("¥1,200")).toBe(120000);
    expect(parseYuan("１２．３")).toBe(1230);
    expect(parseYuan("1.005")).toBeNull();
    expect(parseYuan("-1")).toBeNull();
    expect(parseYuan("")).toBeNull();
  });

  it("writes fen back as yuan and rates as percentages", () => {
    expect(formatFen(250)).toBe("2.50");
    expect(yuan(123456)).toBe("¥1,234.56");
    expect(yuan(-5)).toBe("-¥0.05");
    expect(percentBp(9345)).toBe("93.5%");
    expect(percentBp(10000)).toBe("100.0%");
    expect(percentBp(null)).toBe("—");
  });
});
