import { describe, expect, it } from "vitest";
import { en } from "../i18n/en";
import { zh } from "../i18n/zh";
import { SHORTCUTS } from "../lib/keys";
import { STAFF_GROUPS } from "./shortcuts";

describe("the staff screens' keys in the help", () => {
  it("are listed once, with words in both languages", () => {
    for (const g of STAFF_GROUPS) {
      expect(SHORTCUTS.filter((s) => s.group === g.group)).toHaveLength(1);
      expect(zh[g.group] && en[g.group]).toBeTruthy();
      for (const s of g.items) expect(zh[s.label] && en[s.label], s.label).toBeTruthy();
    }
  });
});
