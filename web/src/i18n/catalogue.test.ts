import { describe, expect, it } from "vitest";
import { SHORTCUTS } from "../lib/keys";
import { en } from "./en";
import { format } from "./index";
import { zh } from "./zh";

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("the message catalogue", () => {
  it("has the same keys in Chinese and English", () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
  });

  it("has no empty message", () => {
    for (const [k, v] of [...Object.entries(zh), ...Object.entries(en)]) {
      expect(v.trim(), k).not.toBe("");
    }
  });

  it("fills the same placeholders in both languages", () => {
    for (const k of Object.keys(zh) as (keyof typeof zh)[]) {
      expect(placeholders(en[k]), k).toEqual(placeholders(zh[k]));
    }
  });

  it("labels every shortcut of the help overlay", () => {
    for (const g of SHORTCUTS) {
      expect(zh[g.group]).toBeTruthy();
      for (const s of g.items) expect(zh[s.label], s.label).toBeTruthy();
    }
  });

  it("has a plain-words message for every desk rule the README names", () => {
    const codes = [
      "not_desk_staff", "shift_already_open", "handover_not_acknowledged", "acknowledge_own_handover", "shift_closed",
      "visitor_already_left", "parcel_already_collected", "key_already_lent", "key_not_lent",
      "outsider_needs_id_and_deposit", "category_locked_after_forwarding", "downstream_still_open",
      "intake_closed", "unknown_unit", "unknown_resident", "resident_not_in_unit",
      "unauthenticated", "estate_out_of_scope", "forbidden", "not_found", "validation_failed",
      "temporarily_unavailable", "upstream_unavailable", "upstream_timeout", "internal_error", "invalid_credentials",
    ];
    for (const c of codes) expect(Object.keys(zh), c).toContain(`err.${c}`);
  });

  it("has plain words for repairs' money refusals, a stale calendar and a signed week", () => {
    const codes = [
      "kind_locked_after_completion", "kind_change_not_allowed", "not_paid_repair", "charge_unpaid",
      "fee_above_ceiling", "fee_below_paid", "fee_already_charged", "week_already_signed", "stale_version",
    ];
    for (const c of codes) {
      expect(Object.keys(zh), c).toContain(`err.${c}`);
      expect(Object.keys(en), c).toContain(`err.${c}`);
    }
  });

  it("fills placeholders and leaves unknown ones visible", () => {
    expect(format("已存 {n} 天", { n: 3 })).toBe("已存 3 天");
    expect(format("{a} {b}", { a: "x" })).toBe("x {b}");
  });
});
