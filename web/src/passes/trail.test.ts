import { describe, expect, it } from "vitest";
import { reversedBack, stepsOf, type PassWithTrail } from "./trail";

const pass = (status: string, trail: PassWithTrail["trail"]) => ({ status, trail }) as unknown as PassWithTrail;
const paid = { at: "2026-12-01T02:00:00Z", action: "paid", receipt_no: "R-2026-000123", status: "active", note: null };
const reversed = { at: "2026-12-01T05:00:00Z", action: "payment_reversed", receipt_no: "R-2026-000123", status: "pending", note: null };

describe("a pass's trail", () => {
  it("reads oldest first", () => {
    expect(stepsOf(pass("pending", [reversed, paid])).map((s) => s.action)).toEqual(["paid", "payment_reversed"]);
    expect(stepsOf(pass("active", null))).toEqual([]);
  });

  it("says a pending pass went back because its payment was reversed", () => {
    expect(reversedBack(pass("pending", [paid, reversed]))?.receipt_no).toBe("R-2026-000123");
    // Paid again since: active, nothing to say.
    expect(reversedBack(pass("active", [paid, reversed, { ...paid, at: "2026-12-02T01:00:00Z" }]))).toBeNull();
    // Never paid: pending for the first time.
    expect(reversedBack(pass("pending", []))).toBeNull();
  });
});
