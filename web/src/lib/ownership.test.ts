import { describe, expect, it } from "vitest";
import type { Intake, Role, StaffView } from "../api/types";
import { ownership } from "./ownership";

const staff = (id: string, ...roles: Role[]): StaffView => ({
  staff_id: id,
  group_id: "g",
  display_name: id,
  roles,
  scope: { kind: "group" },
});

const entry = (over: Partial<Intake> = {}): Intake =>
  ({
    intake_id: "i",
    estate_id: "e",
    channel: "phone",
    category: "inquiry",
    caller: { name: null, phone: null, unit_label: null, unit_id: null, resident_id: null },
    request: "r",
    taken_by: "lin",
    owner_id: "lin",
    status: "open",
    created_at: "2026-12-02T01:00:00Z",
    ...over,
  }) as Intake;

describe("the entry's ownership (首问责任制) on its page", () => {
  it("offers closing to the owner and supervisors, and a note to every desk colleague", () => {
    expect(ownership(entry(), staff("lin", "receptionist"))).toMatchObject({ mine: true, close: true, note: true, reassign: false });
    expect(ownership(entry(), staff("xu", "receptionist"))).toMatchObject({ mine: false, close: false, note: true });
    expect(ownership(entry(), staff("zhou", "supervisor"))).toMatchObject({ close: true, reassign: true });
    expect(ownership(entry(), staff("zhao", "technician"))).toMatchObject({ close: false, note: false });
  });

  it("follows the owner, not the taker, once the entry was reassigned", () => {
    const i = entry({ owner_id: "xu" });
    expect(ownership(i, staff("lin", "receptionist")).close).toBe(false);
    expect(ownership(i, staff("xu", "receptionist")).close).toBe(true);
  });

  it("offers nothing on a closed entry", () => {
    const o = ownership(entry({ status: "closed" }), staff("zhou", "supervisor"));
    expect(o).toMatchObject({ close: false, note: false, reassign: false, refer: false, recordOutcome: false });
  });

  it("passes praise and suggestions on once, and the outcome is recorded by its recipient", () => {
    const praise = entry({ category: "praise" });
    expect(ownership(praise, staff("lin", "receptionist")).refer).toBe(true);
    expect(ownership(entry(), staff("lin", "receptionist")).referable).toBe(false);
    const referred = (to: "staff_record" | "estate_manager" | "hq", outcome: string | null = null) =>
      entry({
        category: "suggestion",
        referral: { to, staff_member: null, referred_at: null, referred_by: null, outcome, outcome_by: null, outcome_at: null },
      });
    expect(ownership(referred("staff_record"), staff("lin", "receptionist"))).toMatchObject({ refer: false, recordOutcome: false });
    expect(ownership(referred("staff_record"), staff("zhou", "supervisor")).recordOutcome).toBe(true);
    expect(ownership(referred("estate_manager"), staff("zhou", "supervisor")).recordOutcome).toBe(false);
    expect(ownership(referred("estate_manager"), staff("chen", "estate_manager")).recordOutcome).toBe(true);
    expect(ownership(referred("hq"), staff("sun", "hq")).recordOutcome).toBe(true);
    expect(ownership(referred("hq", "done"), staff("sun", "hq")).recordOutcome).toBe(false);
  });
});
