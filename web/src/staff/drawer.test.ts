import { describe, expect, it } from "vitest";
import { closeBody, countOf, expectedOf } from "./drawer";

describe("counting the drawer", () => {
  const expected = expectedOf({ opening_float_fen: 20_000, takings: { cash: 6_850, wechat: 12_000 } });

  it("expects the takings plus the float in the cash", () => {
    expect(expected).toEqual({ cash: 26_850, wechat: 12_000 });
    expect(expectedOf({ opening_float_fen: 5_000 })).toEqual({ cash: 5_000 });
  });

  it("gives the difference per method and in all, in fen", () => {
    const even = countOf(expected, { cash: "268.50", wechat: "120" });
    expect(even.total).toBe(0);
    const short = countOf(expected, { cash: "268.40", wechat: "120", card: "" });
    expect(short.difference.cash).toBe(-10);
    expect(short.difference.card).toBe(0);
    expect(short.total).toBe(-10);
    const missing = countOf(expected, { cash: "268.50" });
    expect(missing.total).toBe(-12_000);
  });

  it("waits for every count to be an amount", () => {
    const bad = countOf(expected, { cash: "26x" });
    expect(bad.counted.cash).toBeNull();
    expect(bad.total).toBeNull();
  });

  it("sends every method counted or expected", () => {
    expect(closeBody(expected, countOf(expected, { cash: "268.50", alipay: "0" }))).toEqual({ cash: 26_850, wechat: 0 });
    expect(closeBody(expected, countOf(expected, { cash: "268.50", card: "5" }))).toEqual({ cash: 26_850, card: 500, wechat: 0 });
  });
});
