import { describe, expect, it } from "vitest";
import { ApiError } from "../api/client";
import { en } from "../i18n/en";
import { zh } from "../i18n/zh";
import { parseRoute, paths } from "../lib/router";
import { estateToday, feesOf, fieldOf, longestUntil, PASS_CODES, PASS_FIELDS, passErrorWords } from "./words";

describe("passes", () => {
  it("shows the fees before issuing: tenant and temporary 10 + 5 yuan, resident free", () => {
    expect(feesOf("tenant")).toEqual({ deposit: 1000, card: 500, total: 1500 });
    expect(feesOf("temporary")).toEqual({ deposit: 1000, card: 500, total: 1500 });
    expect(feesOf("resident").total).toBe(0);
  });

  it("gives the longest validity as the rules do", () => {
    expect(longestUntil("tenant", "2026-11-24", "2028-06-30")).toBe("2027-11-23");
    expect(longestUntil("tenant", "2026-11-24", "2027-03-31")).toBe("2027-03-31");
    expect(longestUntil("temporary", "2026-11-24", null)).toBe("2027-02-23");
    expect(longestUntil("temporary", "2026-11-30", null)).toBe("2027-02-27");
    expect(longestUntil("resident", "2026-11-24", null)).toBeNull();
    expect(estateToday(new Date("2026-11-24T17:00:00Z"))).toBe("2026-11-25");
  });

  it("has plain words in both languages for every code and field the register answers", () => {
    for (const c of PASS_CODES) {
      expect(Object.keys(zh), c).toContain(`passes.err.${c}`);
      expect(Object.keys(en), c).toContain(`passes.err.${c}`);
    }
    for (const f of PASS_FIELDS) expect(Object.keys(zh), f).toContain(`passes.invalid.${f}`);
  });

  it("turns a refusal into the catalogue's words, never the raw answer", () => {
    const e = new ApiError(422, "temporary_pass_too_long", "A temporary pass runs for at most 3 months; issue a new one after that.");
    expect(passErrorWords(e, "zh").text).toBe(zh["passes.err.temporary_pass_too_long"]);
    const v = new ApiError(422, "validation_failed", "Some of the fields are not valid.", "id_number: does not pass the resident ID check digit");
    expect(fieldOf(v.detail)).toBe("id_number");
    expect(passErrorWords(v, "en").text).toBe(en["passes.invalid.id_number"]);
    expect(passErrorWords(new ApiError(403, "forbidden", ""), "zh").text).toBe(zh["err.forbidden"]);
  });

  it("has addresses of its own on the desk", () => {
    expect(parseRoute("/desk/E1/passes?unit=2-1-401")).toEqual({ page: "passes", estate: "E1" });
    expect(parseRoute("/desk/E1/accounts")).toEqual({ page: "accounts", estate: "E1" });
    expect(paths.passes("E1", { unit: "2-1-401", resident: "R1" })).toBe("/desk/E1/passes?unit=2-1-401&resident=R1");
    expect(paths.accounts("E1", { unit: "2-1-401" })).toBe("/desk/E1/accounts?unit=2-1-401");
  });
});
