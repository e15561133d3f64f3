// The estate's clock in the back office: the estate manager opens the calendar with L, adds a
// holiday and its make-up working day (调休), saves, and sees them again after a reload and in
// documents' calendar; an unknown time zone is refused with the service's own words; finance's
// own closing day is set and shows among finance's days. A supervisor sets the calendar but not
// the time zone.

import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { financeExceptions, type EstateCalendar, type FinanceDays } from "../src/office/calendar";
import { apiAs, BASE, estateId, launch, newContext, shot, signIn } from "./helpers";

let browser: Browser;
let sun: string;

beforeAll(async () => {
  browser = await launch();
  sun = await estateId("sun.manager", "SUN");
});
afterAll(async () => {
  await browser?.close();
});

// Far enough ahead to change no deadline of today's tests: National Day 2031 (a Wednesday), the
// Sunday before it worked instead, and a day finance alone stays closed.
const HOLIDAY = "2031-10-01";
const MAKE_UP = "2031-09-28";
const FINANCE_CLOSED = "2031-10-08";

describe("the estate calendar in the back office", () => {
  it("sets a holiday and a make-up day, refuses an unknown time zone in the service's words, and keeps finance's own day", async () => {
    const before = await apiAs<EstateCalendar>("sun.manager", "GET", `/documents/estates/${sun}/calendar`);
    const beforeFinance = await apiAs<FinanceDays>("sun.manager", "GET", `/billing/estates/${sun}/calendar`);
    const page = await (await newContext(browser, { width: 1366, height: 1000 })).newPage();
    try {
      await signIn(page, "sun.manager");
      await page.goto(`${BASE}/desk/${sun}`);
      await page.waitForSelector("nav.side");
      // F opens the office, L its calendar.
      await page.locator("h1").first().click();
      await page.keyboard.press("f");
      await page.waitForSelector("[data-testid=office-tabs]");
      await page.locator("h1").first().click();
      await page.keyboard.press("l");
      await page.waitForSelector("[data-testid=calendar-form] input[name=weekday_1]");
      expect(new URL(page.url()).pathname).toBe(`/desk/${sun}/office/calendar`);
      expect(await page.locator("input[name=time_zone]").inputValue()).toBe(before.time_zone);

      // A holiday and its make-up Sunday, each added with Enter in its date field.
      const holidays = page.getByTestId("days-holidays");
      await holidays.locator("input[type=date]").fill(HOLIDAY);
      await holidays.locator("input[type=date]").press("Enter");
      await holidays.locator(`li[data-day="${HOLIDAY}"]`).waitFor();
      const makeUp = page.getByTestId("days-make_up_days");
      await makeUp.locator("input[type=date]").fill(MAKE_UP);
      await makeUp.locator("input[type=date]").press("Enter");
      await makeUp.locator(`li[data-day="${MAKE_UP}"]`).waitFor();
      // A make-up day on a Wednesday is refused before anything is sent.
      await makeUp.locator("input[type=date]").fill("2031-10-15");
      await makeUp.locator("input[type=date]").press("Enter");
      await page.locator("input[name=close_of_business]").press("Control+Enter");
      expect(await page.locator("[data-testid=calendar-form] .note.error").innerText()).toContain("调休上班日要落在平时不上班的日子");
      await makeUp.locator('li[data-day="2031-10-15"] button').click();
      await page.locator("input[name=close_of_business]").press("Control+Enter");
      await page.waitForSelector("[data-testid=calendar-form] .note.ok");
      const saved = await apiAs<EstateCalendar>("sun.manager", "GET", `/documents/estates/${sun}/calendar`);
      expect(saved.holidays).toContain(HOLIDAY);
      expect(saved.make_up_days).toContain(MAKE_UP);
      expect(saved.version).toBe(before.version + 1);
      expect(await page.getByTestId("cal-version").innerText()).toBe(`第 ${saved.version} 版`);

      // Seen again after a reload.
      await page.reload();
      await page.getByTestId("days-holidays").locator(`li[data-day="${HOLIDAY}"]`).waitFor();
      await page.getByTestId("days-make_up_days").locator(`li[data-day="${MAKE_UP}"]`).waitFor();
      await shot(page, "office-calendar");

      // An unknown zone: documents' problem, its detail shown as it says it.
      await page.locator("input[name=time_zone]").fill("Beijing");
      await page.locator("[data-testid=zone-form] button[type=submit]").click();
      const refused = page.locator("[data-testid=zone-form] .note.error");
      await refused.waitFor();
      expect(await refused.getAttribute("data-code")).toBe("validation_failed");
      expect(await refused.innerText()).toContain("time_zone: must be a time zone such as Asia/Shanghai");
      const estate = await apiAs<{ time_zone: string }>("sun.manager", "GET", `/documents/estates/${sun}`);
      expect(estate.time_zone).toBe(before.time_zone);

      // Finance stays closed on a day the desk works.
      const fin = page.getByTestId("days-finance_holidays");
      await fin.locator("input[type=date]").fill(FINANCE_CLOSED);
      await fin.locator("input[type=date]").press("Enter");
      await page.locator("[data-testid=finance-form] button[type=submit]").click();
      await page.waitForSelector("[data-testid=finance-form] .note.ok");
      await page.waitForFunction((day) => document.querySelector("[data-testid=finance-days]")?.textContent?.includes(day), FINANCE_CLOSED);
      const finance = await apiAs<FinanceDays>("sun.manager", "GET", `/billing/estates/${sun}/calendar`);
      expect(finance.holidays).toContain(FINANCE_CLOSED);
    } finally {
      // The calendar and finance's days as they were, so that a rerun starts the same.
      const now = await apiAs<EstateCalendar>("sun.manager", "GET", `/documents/estates/${sun}/calendar`);
      await apiAs("sun.manager", "PUT", `/documents/estates/${sun}/calendar`, {
        working_weekdays: before.working_weekdays,
        holidays: before.holidays,
        make_up_days: before.make_up_days,
        close_of_business: before.close_of_business,
        version: now.version,
      });
      await apiAs("sun.manager", "PUT", `/billing/estates/${sun}/calendar`, financeExceptions(before, beforeFinance));
      await page.context().close();
    }
  });

  it("lets a supervisor set the calendar but not the time zone", async () => {
    const page = await (await newContext(browser)).newPage();
    await signIn(page, "sun.supervisor");
    await page.goto(`${BASE}/desk/${sun}/office/calendar`);
    await page.waitForSelector("[data-testid=calendar-form] input[name=weekday_1]");
    expect(await page.locator("input[name=time_zone]").isDisabled()).toBe(true);
    expect(await page.locator("[data-testid=zone-form]").innerText()).toContain("时区由管理处主任或系统管理员修改");
    expect(await page.locator("[data-testid=calendar-form] button[type=submit]").isEnabled()).toBe(true);
    expect(await page.locator("[data-testid=finance-form] button[type=submit]").count()).toBe(0);
    await page.context().close();
  });
});
