import { describe, expect, it } from "vitest";
import {
  appointmentWindow,
  callbackTime,
  chargeItems,
  dayAloud,
  mayAppoint,
  mayChargeOnOrder,
  mayPromiseCallback,
  windowAloud,
} from "./deskOrders";

const now = new Date(2026, 11, 2, 15, 0);

describe("the appointment window agreed with the resident", () => {
  it("is a day and two local clock times", () => {
    const w = appointmentWindow({ date: "2026-12-03", from: "09:00", to: "11:00" }, now);
    expect(w).toEqual({ start: new Date(2026, 11, 3, 9, 0), end: new Date(2026, 11, 3, 11, 0) });
  });
  it("needs the day and both times", () => {
    expect(appointmentWindow({ date: "", from: "09:00", to: "11:00" }, now)).toEqual({ problem: "appt.needWindow" });
    expect(appointmentWindow({ date: "2026-12-03", from: "", to: "11:00" }, now)).toEqual({ problem: "appt.needWindow" });
  });
  it("ends after it starts", () => {
    expect(appointmentWindow({ date: "2026-12-03", from: "11:00", to: "11:00" }, now)).toEqual({ problem: "appt.endBeforeStart" });
    expect(appointmentWindow({ date: "2026-12-03", from: "14:00", to: "09:00" }, now)).toEqual({ problem: "appt.endBeforeStart" });
  });
  it("is refused when it is already over", () => {
    expect(appointmentWindow({ date: "2026-12-02", from: "09:00", to: "11:00" }, now)).toEqual({ problem: "appt.passed" });
  });
  it("may have started already when it has not ended (the technician can still go today)", () => {
    expect("start" in appointmentWindow({ date: "2026-12-02", from: "14:00", to: "17:00" }, now)).toBe(true);
  });
  it("is read back aloud with the weekday", () => {
    const start = new Date(2026, 11, 3, 9, 0);
    const end = new Date(2026, 11, 3, 11, 30);
    expect(dayAloud(start, "zh")).toBe("12月3日 周四");
    expect(windowAloud(start, end, "zh")).toBe("12月3日 周四 09:00–11:30");
    expect(windowAloud(start, end, "en")).toBe("Thu 3 Dec 09:00–11:30");
  });
});

describe("the call-back promise", () => {
  it("has a time in the future", () => {
    expect(callbackTime("2026-12-02T17:30", now)).toEqual(new Date(2026, 11, 2, 17, 30));
    expect(callbackTime("", now)).toEqual({ problem: "callback.needTime" });
    expect(callbackTime("2026-12-02T14:59", now)).toEqual({ problem: "callback.past" });
  });
  it("can be made only while nobody has the order", () => {
    expect(mayPromiseCallback({ status: "awaiting_dispatch" })).toBe(true);
    expect(mayPromiseCallback({ status: "reopened" })).toBe(true);
    expect(mayPromiseCallback({ status: "dispatched" })).toBe(false);
  });
});

describe("the charge when a special service is ordered (办理即收费)", () => {
  it("adds up named items in yuan to the fen, dropping blank lines", () => {
    expect(
      chargeItems(
        [
          { name: "开锁", yuan: "50" },
          { name: " ", yuan: "" },
          { name: "换锁芯", yuan: "80.5" },
        ],
        "1-1-101",
      ),
    ).toEqual({
      items: [
        { name: "开锁", amount_fen: 5000 },
        { name: "换锁芯", amount_fen: 8050 },
      ],
      total_fen: 13050,
    });
  });
  it("needs at least one item, each with a name and a positive amount", () => {
    expect(chargeItems([{ name: "", yuan: "" }], "1-1-101")).toEqual({ problem: "charge.needItem" });
    expect(chargeItems([{ name: "", yuan: "10" }], "1-1-101")).toEqual({ problem: "charge.needName" });
    expect(chargeItems([{ name: "开锁", yuan: "0" }], "1-1-101")).toEqual({ problem: "charge.badAmount" });
    expect(chargeItems([{ name: "开锁", yuan: "1.234" }], "1-1-101")).toEqual({ problem: "charge.badAmount" });
    expect(chargeItems([{ name: "开锁", yuan: "-5" }], "1-1-101")).toEqual({ problem: "charge.badAmount" });
  });
  it("needs the unit billing charges", () => {
    expect(chargeItems([{ name: "开锁", yuan: "50" }], null)).toEqual({ problem: "charge.noUnit" });
  });
  it("is offered only for a special service not yet charged, before the work is done", () => {
    expect(mayChargeOnOrder({ kind: "special_service", status: "awaiting_dispatch", details: {} })).toBe(true);
    expect(mayChargeOnOrder({ kind: "paid_repair", status: "awaiting_dispatch", details: {} })).toBe(false);
    expect(mayChargeOnOrder({ kind: "special_service", status: "dispatched", details: { charged_when_ordered: "x" } })).toBe(false);
    expect(mayChargeOnOrder({ kind: "special_service", status: "completed", details: {} })).toBe(false);
  });
  it("leaves no new appointment on work that is done", () => {
    expect(mayAppoint({ status: "in_progress" })).toBe(true);
    expect(mayAppoint({ status: "completed" })).toBe(false);
  });
});
