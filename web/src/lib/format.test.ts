import { describe, expect, it } from "vitest";
import { fenToYuan, formatPhone, formatTime, phoneDigits, yuanToFen } from "./format";

describe("phone numbers", () => {
  it("groups mobile numbers 3-4-4 without the country code", () => {
    expect(formatPhone("+8613900007919")).toBe("139 0000 7919");
    expect(formatPhone("13911112222")).toBe("139 1111 2222");
  });
  it("puts the trunk 0 back on landlines", () => {
    expect(formatPhone("+862088880001")).toBe("020 8888 0001");
    expect(formatPhone("+8657188880001")).toBe("0571 8888 0001");
  });
  it("leaves masked and unknown numbers alone", () => {
    expect(formatPhone("139****7919")).toBe("139****7919");
    expect(formatPhone("12345")).toBe("12345");
    expect(formatPhone(null)).toBe("");
  });
  it("keeps only the digits of a typed number", () => {
    expect(phoneDigits(" 139-0000 7919 ")).toBe("13900007919");
    expect(phoneDigits("+86 139 0000 7919")).toBe("+8613900007919");
  });
});

describe("times", () => {
  const now = new Date(2026, 10, 24, 15, 0);
  it("shows only the time today", () => {
    expect(formatTime(new Date(2026, 10, 24, 9, 5).toISOString(), now)).toBe("09:05");
  });
  it("adds the day on another day, and the year in another year", () => {
    expect(formatTime(new Date(2026, 10, 23, 18, 30).toISOString(), now)).toBe("11-23 18:30");
    expect(formatTime(new Date(2025, 0, 2, 8, 0).toISOString(), now)).toBe("2025-01-02 08:00");
  });
  it("shows nothing for no time or a bad one", () => {
    expect(formatTime(null, now)).toBe("");
    expect(formatTime("not a time", now)).toBe("");
  });
});

describe("money", () => {
  it("turns typed yuan into fen", () => {
    expect(yuanToFen("10")).toBe(1000);
    expect(yuanToFen("10.5")).toBe(1050);
    expect(yuanToFen("0.05")).toBe(5);
    expect(yuanToFen("")).toBe(0);
    expect(yuanToFen("-1")).toBeNull();
    expect(yuanToFen("1.234")).toBeNull();
    expect(fenToYuan(1050)).toBe("10.50");
  });
});
