// Chinese by default; English on request, remembered, and back again.

import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BASE, launch, newContext, signIn } from "./helpers";

let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launch();
  page = await (await newContext(browser)).newPage();
});
afterAll(async () => {
  await browser?.close();
});

describe("the language switch", () => {
  it("shows the sign-in form in Chinese first, and in English after the switch", async () => {
    await page.goto(`${BASE}/login`);
    expect(await page.locator("#login-title").innerText()).toBe("前台登录");
    expect(await page.locator("form.login button[type=submit]").innerText()).toBe("登录");
    await page.getByTestId("lang-switch").click();
    expect(await page.locator("#login-title").innerText()).toBe("Front desk sign-in");
    expect(await page.locator("form.login button[type=submit]").innerText()).toBe("Sign in");
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("en");
  });

  it("keeps English after signing in, on every label of the desk", async () => {
    await signIn(page, "sun.desk");
    await page.waitForSelector("#queue-title");
    expect(await page.locator("#queue-title").innerText()).toBe("Today's queue");
    const nav = await page.locator("nav.side").innerText();
    for (const label of ["Log a contact", "Visitors", "Parcels", "Keys", "Handover", "Complaints", "Work orders"]) {
      expect(nav).toContain(label);
    }
    expect(nav).not.toMatch(/[\u4e00-\u9fff]/); // no Chinese left in the menu
  });

  it("switches back to Chinese with Alt+Shift+L", async () => {
    await page.locator("body").click({ position: { x: 5, y: 400 } });
    await page.keyboard.press("Alt+Shift+L");
    await expect.poll(() => page.locator("#queue-title").innerText()).toBe("今日待办");
    expect(await page.locator("nav.side").innerText()).toContain("登记来电来访");
  });
});

describe("staff with several estates", () => {
  it("pick the estate first, with its number key", async () => {
    const p = await (await newContext(browser)).newPage();
    await signIn(p, "sun.supervisor");
    await p.waitForSelector(".picker");
    const list = await p.locator(".estate-list").innerText();
    expect(list).toContain("阳光花园");
    expect(list).toContain("翠湖苑");
    const second = (await p.locator(".estate-list li").nth(1).innerText()).includes("翠湖苑") ? "翠湖苑" : "阳光花园";
    await p.keyboard.press("2");
    await p.waitForSelector("#queue-title");
    expect(await p.locator("select.estate-select option:checked").innerText()).toBe(second);
    await p.context().close();
  });
});
