import { describe, expect, it } from "vitest";
import { barHeights } from "./Bars";
import { rowsToItems } from "./FeeSchedule";
import { tabKey, visibleTabs } from "./Office";
import { uploadProblem } from "./transfer";

describe("the back office's tabs", () => {
  it("shows each role its own pages", () => {
    expect(visibleTabs(["cashier"])).toEqual(["charge", "weekly", "day", "monthly", "arrears", "drawers", "deposits"]);
    expect(visibleTabs(["estate_manager"])).toContain("import");
    expect(visibleTabs(["estate_manager"])).not.toContain("charge");
    expect(visibleTabs(["supervisor"])).not.toContain("import");
    expect(visibleTabs(["receptionist"])).toEqual(["charge", "deposits"]);
    expect(visibleTabs(["technician"])).toEqual([]);
  });

  it("numbers the first ten tabs 1…9, 0", () => {
    expect([0, 8, 9, 10].map(tabKey)).toEqual(["1", "9", "0", null]);
  });
});

describe("the fee schedule's rows", () => {
  const row = (code: string, name: string, price: string) => ({ code, name, kind: "per_use" as const, price });

  it("become items priced in whole fen", () => {
    expect(rowsToItems([row(" lift ", "电梯", "0.3"), row("key_copy", "钥匙", "15")])).toEqual({
      items: [
        { code: "lift", name: "电梯", kind: "per_use", price_fen: 30 },
        { code: "key_copy", name: "钥匙", kind: "per_use", price_fen: 1500 },
      ],
    });
  });

  it("name the first row that cannot be sent", () => {
    expect(rowsToItems([row("a", "A", "1"), row("a", "B", "1")])).toEqual({ bad: 1, field: "code" });
    expect(rowsToItems([row("Lift", "A", "1")])).toEqual({ bad: 0, field: "code" });
    expect(rowsToItems([row("a", " ", "1")])).toEqual({ bad: 0, field: "name" });
    expect(rowsToItems([row("a", "A", "1.234")])).toEqual({ bad: 0, field: "price" });
  });
});

describe("the trend's bars", () => {
  it("scale to the tallest and never go below zero", () => {
    expect(barHeights([50, 100, 0, -5], 120)).toEqual([60, 120, 0, 0]);
    expect(barHeights([0, 0], 120)).toEqual([0, 0]);
  });
});

describe("a rejected import", () => {
  it("gives the problem's code and every line to fix", () => {
    const p = uploadProblem({
      status: 422,
      body: {
        code: "import_rejected",
        title: "The file was not imported",
        errors: [
          { line: 2, field: "floor", reason: "must be a whole number" },
          { line: 3, field: "status", reason: "must be vacant, occupied, rented or decorating" },
        ],
      },
    });
    expect(p.error.code).toBe("import_rejected");
    expect(p.lines.map((l) => `${l.line} ${l.field}`)).toEqual(["2 floor", "3 status"]);
  });

  it("without a problem body falls back on the status", () => {
    const p = uploadProblem({ status: 502, body: null });
    expect(p.error.code).toBe("http_502");
    expect(p.lines).toEqual([]);
  });
});
