import { describe, expect, it } from "vitest";
import { CATEGORIES } from "../api/types";
import { categoryForDigit, digitForCategory } from "./LogContact";

describe("category number keys", () => {
  it("map 1–9 and 0 onto the ten categories in order", () => {
    expect(categoryForDigit(1)).toBe("inquiry");
    expect(categoryForDigit(3)).toBe("repair");
    expect(categoryForDigit(5)).toBe("complaint");
    expect(categoryForDigit(9)).toBe("emergency");
    expect(categoryForDigit(0)).toBe("other");
    for (const c of CATEGORIES) expect(categoryForDigit(digitForCategory(c))).toBe(c);
  });
});
