import { describe, expect, it } from "vitest";
import { mondayOf, signBody, weekEnd, type Unreturned } from "./afterSales";

const item = (id: string): Unreturned => ({
  work_order_id: id,
  order_no: `WO-${id}`,
  unit_label: "1-1-101",
  problem: "外墙渗水",
  deadline: "2026-12-10T10:00:00Z",
  overdue: false,
});

describe("the after-sales weekly list", () => {
  it("is the week of a Monday", () => {
    expect(mondayOf(new Date(2026, 11, 2))).toBe("2026-11-30");
    expect(mondayOf(new Date(2026, 10, 30))).toBe("2026-11-30");
    expect(mondayOf(new Date(2026, 11, 6))).toBe("2026-11-30");
    expect(weekEnd("2026-11-30")).toBe("2026-12-06");
  });

  it("is signed by the developer's lead, with the next repair dates typed", () => {
    const items = [item("a"), item("b")];
    expect(signBody("2026-11-30", " 李工 ", { a: "2026-12-08", b: "", c: "2026-12-09" }, items)).toEqual({
      week_start: "2026-11-30",
      lead_name: "李工",
      next_repair: { a: "2026-12-08" },
    });
    expect(signBody("2026-12-01", "李工", {}, items)).toEqual({ problem: "as.notMonday" });
    expect(signBody("2026-11-30", "  ", {}, items)).toEqual({ problem: "as.needLead" });
    expect(signBody("2026-11-30", "李".repeat(51), {}, items)).toEqual({ problem: "as.leadTooLong" });
  });
});
