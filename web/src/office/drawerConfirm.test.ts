import { describe, expect, it } from "vitest";
import { awaitingConfirmation, confirmBody, isLate, needsResolution } from "./drawerConfirm";
import type { CashSessionRow } from "./types";

const drawer: CashSessionRow = {
  session_id: "s",
  cashier: "c",
  opened_at: "2026-12-02T01:00:00Z",
  opening_float_fen: 20000,
  closed_at: "2026-12-02T08:00:00Z",
  expected: { cash: 20000 },
  counted: { cash: 19950 },
  difference_fen: -50,
  handed_over_at: "2026-12-02T08:05:00Z",
  hand_over_due: "2026-12-02T09:00:00Z",
  handed_over_late: false,
  late: false,
  handed_over_by: "c",
  confirmed_by: null,
  confirmed_at: null,
  resolution: null,
  resolution_note: null,
};

describe("finance's confirmation", () => {
  it("waits for a drawer handed over and not yet confirmed", () => {
    expect(awaitingConfirmation(drawer)).toBe(true);
    expect(awaitingConfirmation({ ...drawer, handed_over_at: null })).toBe(false);
    expect(awaitingConfirmation({ ...drawer, confirmed_at: "2026-12-02T09:00:00Z" })).toBe(false);
  });

  it("sends the resolution and the note only for a drawer over or short", () => {
    expect(needsResolution(drawer)).toBe(true);
    expect(confirmBody(drawer, "explained", "  找错零钱 ")).toEqual({ resolution: "explained", note: "找错零钱" });
    expect(confirmBody(drawer, "", "")).toEqual({});
    const even = { ...drawer, difference_fen: 0 };
    expect(needsResolution(even)).toBe(false);
    expect(confirmBody(even, "settled", "x")).toEqual({});
  });

  it("reads a drawer as late from billing's flag, or from the hand-over's own when the flag is absent", () => {
    expect(isLate({ ...drawer, late: true })).toBe(true);
    expect(isLate({ ...drawer, late: undefined, handed_over_late: true })).toBe(true);
    expect(isLate(drawer)).toBe(false);
  });
});
