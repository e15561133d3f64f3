import { describe, expect, it } from "vitest";
import { isMonday, isoMonth, lastMonday, workOrderLate } from "./dates";

describe("the desk's days", () => {
  it("finds last week's Monday", () => {
    expect(lastMonday(new Date(2026, 10, 24, 10))).toBe("2026-11-16"); // a Tuesday
    expect(lastMonday(new Date(2026, 10, 23, 9))).toBe("2026-11-16"); // a Monday
    expect(lastMonday(new Date(2026, 10, 22, 23))).toBe("2026-11-09"); // a Sunday
    expect(isMonday("2026-11-16")).toBe(true);
    expect(isMonday("2026-11-17")).toBe(false);
    expect(isoMonth(new Date(2026, 0, 5))).toBe("2026-01");
  });
  it("calls a work order late when its appointment passed or nobody took it for a day", () => {
    const now = new Date("2026-11-24T08:00:00Z");
    const base = { status: "awaiting_dispatch", appointment_end: null, created_at: "2026-11-24T07:00:00Z", technician_id: null };
    expect(workOrderLate(base, now)).toBe(false);
    expect(workOrderLate({ ...base, created_at: "2026-11-22T07:00:00Z" }, now)).toBe(true);
    expect(workOrderLate({ ...base, appointment_end: "2026-11-24T07:30:00Z" }, now)).toBe(true);
    expect(workOrderLate({ ...base, appointment_end: "2026-11-24T09:30:00Z" }, now)).toBe(false);
    expect(workOrderLate({ ...base, status: "in_progress", appointment_end: "2026-11-24T07:30:00Z" }, now)).toBe(false);
    expect(workOrderLate({ ...base, status: "completed", created_at: "2026-11-01T00:00:00Z" }, now)).toBe(false);
  });
  it("calls a work order late when its promised call back is past its time", () => {
    const now = new Date("2026-11-24T08:00:00Z");
    const base = { status: "awaiting_dispatch", appointment_end: null, created_at: "2026-11-24T07:00:00Z", technician_id: null };
    expect(workOrderLate({ ...base, needs_callback: true, callback_due: "2026-11-24T07:59:00Z" }, now)).toBe(true);
    expect(workOrderLate({ ...base, needs_callback: true, callback_due: "2026-11-24T09:00:00Z" }, now)).toBe(false);
    // Called back (an appointment set clears the flag): no longer owed.
    expect(workOrderLate({ ...base, needs_callback: false, callback_due: "2026-11-24T07:59:00Z" }, now)).toBe(false);
  });
});
