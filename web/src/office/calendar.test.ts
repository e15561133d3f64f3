import { describe, expect, it } from "vitest";
import { calendarProblem, financeExceptions, financeProblem, isDay, isWorkingDay, weekdayOf, withDay, withoutDay } from "./calendar";
import { CALENDAR_KEY, visibleTabs } from "./Office";

const cal = (p: Partial<Parameters<typeof calendarProblem>[0]> = {}) => ({
  working_weekdays: [1, 2, 3, 4, 5],
  holidays: [] as string[],
  make_up_days: [] as string[],
  close_of_business: "18:00",
  ...p,
});

describe("the estate calendar as the office edits it", () => {
  it("reads only real days", () => {
    expect(isDay("2026-10-01")).toBe(true);
    expect(isDay("2026-02-30")).toBe(false);
    expect(isDay("2026-1-1")).toBe(false);
    expect(weekdayOf("2026-10-10")).toBe(6);
    expect(weekdayOf("2026-10-11")).toBe(7);
  });

  it("keeps the days sorted and once each", () => {
    expect(withDay(["2026-10-02"], "2026-10-01")).toEqual(["2026-10-01", "2026-10-02"]);
    expect(withDay(["2026-10-01"], "2026-10-01")).toEqual(["2026-10-01"]);
    expect(withoutDay(["2026-10-01", "2026-10-02"], "2026-10-01")).toEqual(["2026-10-02"]);
  });

  it("refuses what documents refuses, before sending", () => {
    expect(calendarProblem(cal())).toBeNull();
    expect(calendarProblem(cal({ working_weekdays: [] }))).toBe("cal.bad.weekdays");
    expect(calendarProblem(cal({ holidays: ["2026-10-01"], make_up_days: ["2026-10-01"] }))).toBe("cal.bad.both");
    // 调休 on a Saturday is a make-up day; on a Monday it changes nothing.
    expect(calendarProblem(cal({ make_up_days: ["2026-10-10"] }))).toBeNull();
    expect(calendarProblem(cal({ make_up_days: ["2026-10-12"] }))).toBe("cal.bad.makeUpWorked");
    expect(calendarProblem(cal({ close_of_business: "6pm" }))).toBe("cal.bad.close");
    expect(calendarProblem(cal({ close_of_business: "24:00" }))).toBe("cal.bad.close");
  });

  it("says National Day is off and its make-up Saturday worked", () => {
    const c = cal({ holidays: ["2026-10-01", "2026-10-02"], make_up_days: ["2026-10-10"] });
    expect(isWorkingDay(c, "2026-10-01")).toBe(false);
    expect(isWorkingDay(c, "2026-10-10")).toBe(true);
    expect(isWorkingDay(c, "2026-10-11")).toBe(false);
    expect(isWorkingDay(c, "2026-10-12")).toBe(true);
  });

  it("reads finance's own exceptions back from finance's days", () => {
    const estate = { holidays: ["2026-10-01", "2026-10-02"], make_up_days: ["2026-10-10"] };
    // Finance closes on 30 September as well and does not work the make-up Saturday.
    const finance = { holidays: ["2026-09-30", "2026-10-01", "2026-10-02", "2026-10-10"], make_up_days: [] };
    expect(financeExceptions(estate, finance)).toEqual({ holidays: ["2026-09-30", "2026-10-10"], make_up_days: [] });
    expect(financeProblem({ holidays: ["2026-09-30"], make_up_days: ["2026-09-30"] })).toBe("cal.bad.both");
    expect(financeProblem({ holidays: ["2026-09-30"], make_up_days: [] })).toBeNull();
  });

  it("is a tab of supervisors, estate managers and administrators, with its own key", () => {
    expect(visibleTabs(["supervisor"])).toContain("calendar");
    expect(visibleTabs(["estate_manager"])).toContain("calendar");
    expect(visibleTabs(["admin"])).toContain("calendar");
    expect(visibleTabs(["cashier"])).not.toContain("calendar");
    expect(CALENDAR_KEY).toBe("L");
  });
});
