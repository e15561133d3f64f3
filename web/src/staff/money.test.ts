import { describe, expect, it } from "vitest";
import { fenInCapitals, formatFen, newPaymentKey, parseYuan, yuanLabel } from "./money";

describe("money typed at the cash desk", () => {
  it("reads yuan into whole fen without floating point", () => {
    expect(parseYuan("12")).toBe(1200);
    expect(parseYuan("12.5")).toBe(1250);
    expect(parseYuan("12.05")).toBe(1205);
    expect(parseYuan("0.1")).toBe(10);
    expect(parseYuan("0.29")).toBe(29); // 0.29 * 100 is 28.999… in floating point
    expect(parseYuan("1.15")).toBe(115);
    expect(parseYuan(" ¥1,200.00 ")).toBe(120000);
    expect(parseYuan("１２．５")).toBe(1250);
    expect(parseYuan("12.")).toBe(1200);
  });
  it("refuses what is not an amount", () => {
    for (const bad of ["", " ", "-1", "1.234", "abc", "1e3", "12,5", ".5", "1 000"]) expect(parseYuan(bad), bad).toBeNull();
  });
  it("writes fen back as yuan", () => {
    expect(formatFen(0)).toBe("0.00");
    expect(formatFen(5)).toBe("0.05");
    expect(formatFen(123456)).toBe("1234.56");
    expect(formatFen(-250)).toBe("-2.50");
    expect(yuanLabel(123456789)).toBe("¥1,234,567.89");
    expect(yuanLabel(-100)).toBe("-¥1.00");
  });
  it("writes the amount in capitals", () => {
    expect(fenInCapitals(0)).toBe("零元整");
    expect(fenInCapitals(100)).toBe("壹元整");
    expect(fenInCapitals(1050)).toBe("壹拾元伍角整");
    expect(fenInCapitals(12345)).toBe("壹佰贰拾叁元肆角伍分");
    expect(fenInCapitals(100005)).toBe("壹仟元零伍分");
    expect(fenInCapitals(10000000)).toBe("壹拾万元整");
    expect(fenInCapitals(100100)).toBe("壹仟零壹元整");
  });
});

describe("the payment's idempotency key", () => {
  it("is a version-4 UUID, new each time", () => {
    const a = newPaymentKey();
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(newPaymentKey()).not.toBe(a);
  });
});
