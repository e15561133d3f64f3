import { describe, expect, it } from "vitest";
import { ApiError } from "../api/client";
import { en } from "../i18n/en";
import { zh } from "../i18n/zh";
import { accountErrorWords, ACCOUNT_CODES, ACCOUNT_FIELDS, addUnit, parseUnits } from "./words";

describe("residents' accounts", () => {
  it("reads the typed units, upper case, each once", () => {
    expect(parseUnits(" 1-1-101a, 2-1-502，1-1-101A  3-1-602 ")).toEqual(["1-1-101A", "2-1-502", "3-1-602"]);
    expect(parseUnits("  ")).toEqual([]);
    expect(addUnit("1-1-101", "2-1-502")).toBe("1-1-101, 2-1-502");
    expect(addUnit("1-1-101", "1-1-101")).toBe("1-1-101");
  });

  it("has plain words in both languages for every code and field the gateway answers", () => {
    for (const c of ACCOUNT_CODES) {
      expect(Object.keys(zh), c).toContain(`accounts.err.${c}`);
      expect(Object.keys(en), c).toContain(`accounts.err.${c}`);
    }
    for (const f of ACCOUNT_FIELDS) expect(Object.keys(zh), f).toContain(`accounts.invalid.${f}`);
    const v = new ApiError(422, "validation_failed", "Some of the fields are not valid.", "password: 8 to 200 characters");
    expect(accountErrorWords(v, "zh").text).toBe(zh["accounts.invalid.password"]);
    expect(accountErrorWords(new ApiError(409, "phone_taken", "x"), "en").text).toBe(en["accounts.err.phone_taken"]);
  });
});
