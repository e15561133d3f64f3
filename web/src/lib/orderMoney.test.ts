import { describe, expect, it } from "vitest";
import { amountFen, feeApproval, kindChanges, kindTarget, mayApproveFee, mayWaive, paidFen, reasonProblem, waiver } from "./orderMoney";

const order = (kind: string, status: string, fee_fen = 0, details: Record<string, unknown> = {}) => ({ kind, status, fee_fen, details });

describe("a work order's money at the desk", () => {
  it("turns a free repair into paid work before it is done, and back, never once charged", () => {
    expect(kindTarget(order("repair", "awaiting_dispatch"))).toBe("paid_repair");
    expect(kindTarget(order("special_service", "awaiting_dispatch"))).toBe("paid_repair");
    expect(kindTarget(order("paid_repair", "in_progress"))).toBe("repair");
    expect(kindTarget(order("repair", "completed"))).toBeNull();
    expect(kindTarget(order("special_service", "awaiting_dispatch", 12_000))).toBeNull();
    expect(kindTarget(order("after_sales", "awaiting_dispatch"))).toBeNull();
    expect(kindTarget(order("emergency", "dispatched"))).toBeNull();
  });

  it("offers the approval on open paid work and the waiver on paid work waiting for its charge", () => {
    expect(mayApproveFee(order("paid_repair", "accepted"))).toBe(true);
    expect(mayApproveFee(order("paid_repair", "completed"))).toBe(false);
    expect(mayApproveFee(order("repair", "accepted"))).toBe(false);
    expect(mayWaive(order("paid_repair", "awaiting_settlement", 8000))).toBe(true);
    expect(mayWaive(order("paid_repair", "completed", 8000))).toBe(false);
  });

  it("reads what the order carries", () => {
    const w = order("paid_repair", "closed", 80_000, {
      paid_fen: 30_000,
      fee_approval: { up_to_fen: 80_000, reason: "更换整套水泵", at: "2026-12-01T02:00:00Z" },
      settlement_waiver: { reason: "业主出差，月底补缴", at: "2026-12-02T02:00:00Z" },
      kind_changes: [{ from: "repair", to: "paid_repair", reason: "户内管道", at: "2026-11-30T02:00:00Z" }, "junk"],
    });
    expect(paidFen(w)).toBe(30_000);
    expect(feeApproval(w)?.up_to_fen).toBe(80_000);
    expect(waiver(w)?.reason).toBe("业主出差，月底补缴");
    expect(kindChanges(w)).toEqual([{ from: "repair", to: "paid_repair", reason: "户内管道", at: "2026-11-30T02:00:00Z" }]);
    expect(feeApproval(order("paid_repair", "accepted"))).toBeNull();
    expect(paidFen(order("paid_repair", "accepted"))).toBe(0);
  });

  it("asks for a reason and an amount in yuan, kept in whole fen", () => {
    expect(reasonProblem("  ")).toBe("money.needReason");
    expect(reasonProblem("字".repeat(501))).toBe("money.reasonTooLong");
    expect(reasonProblem("户内管道")).toBeNull();
    expect(amountFen("800", false)).toBe(80_000);
    expect(amountFen("¥1,200.50", false)).toBe(120_050);
    expect(amountFen("0", false)).toEqual({ problem: "money.badAmount" });
    expect(amountFen("0", true)).toBe(0);
    expect(amountFen("8.005", true)).toEqual({ problem: "money.badAmount" });
  });
});
