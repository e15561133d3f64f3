// 住户网上账户: the desk opens a portal account for a resident of a unit (after checking in
// person), the resident signs in to /portal with it, the desk closes it when they move out and
// the sign-in is then refused.

import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BASE, estateId, launch, mainText, newContext, shot, signIn } from "./helpers";

const UNIT = "2-1-502";
// A number of its own for each run (the database outlives a run; a phone signs in once).
const PHONE = `137${String(Date.now()).slice(-8)}`;
const MASKED = `${PHONE.slice(0, 3)}****${PHONE.slice(-4)}`;
const PASSWORD = "moving-in-2026";
const NEW_PASSWORD = "new-key-2026";
const NAME = `陈新住户${PHONE.slice(-4)}`;

let browser: Browser;
let sun: string;

async function portalSignIn(page: Page, password = PASSWORD): Promise<void> {
  await page.goto(`${BASE}/portal`);
  await page.locator("input[name=phone]").fill(PHONE);
  await page.locator("input[name=password]").fill(password);
  await page.locator(".portal-login button[type=submit]").click();
}

async function phonePage(): Promise<Page> {
  const ctx = await browser.newContext({
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 1,
    isMobile: true,
    hasTouch: true,
  });
  return ctx.newPage();
}

beforeAll(async () => {
  browser = await launch();
  sun = await estateId("sun.desk", "SUN");
});
afterAll(async () => {
  await browser?.close();
});

describe("residents' portal accounts", () => {
  it("opens an account the resident signs in with, and closes it when they move out", async () => {
    const desk = await (await newContext(browser, { width: 1366, height: 900 })).newPage();
    await signIn(desk, "sun.desk");
    await desk.goto(`${BASE}/desk/${sun}`);
    await desk.waitForSelector("nav.side");
    // The desk's key for residents' accounts.
    await desk.keyboard.press("m");
    const form = desk.locator("[data-testid=account-form]");
    await form.waitFor({ timeout: 20_000 });
    expect(new URL(desk.url()).pathname).toBe(`/desk/${sun}/accounts`);
    expect(await desk.locator("[data-testid=account-check]").innerText()).toContain("当面核实");
    await desk.keyboard.press("a");
    await desk.keyboard.type(NAME);
    await form.locator("input[name=phone]").fill(PHONE);
    await form.locator("input[name=password]").fill(PASSWORD);
    await form.locator("input[name=units]").fill(UNIT.toLowerCase());
    await form.locator("input[name=units]").press("Control+Enter");
    await desk.locator("[data-testid=account-ok]").waitFor({ timeout: 20_000 });

    // Listed with the phone masked as the gateway gives it, never in full.
    const row = desk.locator(`[data-testid=account-list] tr[data-phone="${MASKED}"]`);
    await row.waitFor({ timeout: 20_000 });
    expect(await row.getAttribute("data-active")).toBe("yes");
    expect(await row.innerText()).toContain(UNIT);
    expect(await row.innerText()).toContain(NAME);
    expect(await mainText(desk)).not.toContain(PHONE);
    await shot(desk, "accounts-opened");

    // The resident signs in to the portal and sees the unit.
    const phone = await phonePage();
    await portalSignIn(phone);
    const units = phone.locator("[data-testid=portal-units]");
    await units.waitFor({ timeout: 20_000 });
    expect(await units.innerText()).toContain(UNIT);
    await phone.context().close();

    // The resident buys the unit below too and forgets the password: the desk changes both.
    await row.locator("button", { hasText: "修改" }).click();
    await row.locator("input[name=edit_units]").fill(`${UNIT}, 2-1-402`);
    await row.locator("input[name=edit_password]").fill(NEW_PASSWORD);
    await row.locator("input[name=edit_password]").press("Control+Enter");
    await expect.poll(async () => (await row.innerText()).includes("2-1-402"), { timeout: 20_000 }).toBe(true);
    expect(await desk.locator("[data-testid=account-ok]").innerText()).toContain("已保存");
    const changed = await phonePage();
    await portalSignIn(changed, NEW_PASSWORD);
    const both = changed.locator("[data-testid=portal-units]");
    await both.waitFor({ timeout: 20_000 });
    expect(await both.innerText()).toContain("2-1-402");
    await changed.context().close();

    // The resident moves out: the desk closes the account.
    await row.locator("button", { hasText: "注销" }).click();
    await row.locator("button", { hasText: "确定注销" }).click();
    await expect.poll(() => row.getAttribute("data-active"), { timeout: 20_000 }).toBe("no");
    expect(await desk.locator("[data-testid=account-ok]").innerText()).toContain("不能再登录");
    await shot(desk, "accounts-closed");

    // The sign-in is now refused, in plain words.
    const again = await phonePage();
    await portalSignIn(again, NEW_PASSWORD);
    const refused = again.locator("[data-testid=portal-error]");
    await refused.waitFor({ timeout: 20_000 });
    expect(await refused.innerText()).toContain("手机号或密码不对");
    expect(await again.locator("[data-testid=portal-units]").count()).toBe(0);
    await again.context().close();
    await desk.context().close();
  });

  it("refuses a second account with the same phone in plain words", async () => {
    const desk = await (await newContext(browser, { width: 1366, height: 900 })).newPage();
    await signIn(desk, "sun.desk");
    await desk.goto(`${BASE}/desk/${sun}/accounts`);
    const form = desk.locator("[data-testid=account-form]");
    await form.waitFor({ timeout: 20_000 });
    await form.locator("input[name=display_name]").fill("另一位");
    await form.locator("input[name=phone]").fill(PHONE);
    await form.locator("input[name=password]").fill(PASSWORD);
    await form.locator("input[name=units]").fill(UNIT);
    await form.locator("button[type=submit]").click();
    const refusal = form.locator("[role=alert][data-code=phone_taken]");
    await refusal.waitFor({ timeout: 20_000 });
    expect(await refusal.innerText()).toBe("这个手机号已经开过住户账户。");
    await desk.context().close();
  });
});
