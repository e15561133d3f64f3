// The resident portal on a phone: a resident signs in with phone and password, reports a repair
// with a photo and sees it in their list; editing the address to a neighbour's repair shows
// "not found" and nothing of the neighbour's.

import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BASE, estateId, launch, mainText, PASSWORD, runTag, shot } from "./helpers";

const A_PHONE = "13900000101";
const B_PHONE = "13900000102";
// A 1×1 PNG.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);

let browser: Browser;
let sun: string;
let neighboursOrder: string;
const tag = runTag();
const neighboursProblem = `邻居家的阳台门关不上 #${tag}`;
const myProblem = `厨房水槽下水慢 #${tag}`;

async function residentToken(phone: string): Promise<string> {
  const r = await fetch(`${BASE}/api/v1/auth/resident/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ phone, password: PASSWORD }),
  });
  if (!r.ok) throw new Error(`resident sign-in of ${phone} failed: ${r.status}`);
  return ((await r.json()) as { token: string }).token;
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

async function portalSignIn(page: Page, phone: string): Promise<void> {
  await page.goto(`${BASE}/portal`);
  await page.locator("input[name=phone]").fill(phone);
  await page.locator("input[name=password]").fill(PASSWORD);
  await page.locator(".portal-login button[type=submit]").click();
  await page.waitForSelector("[data-testid=portal-units]", { timeout: 20_000 });
}

beforeAll(async () => {
  browser = await launch();
  sun = await estateId("sun.desk", "SUN");
  // The neighbour (1-1-102) has a repair of their own.
  const b = await residentToken(B_PHONE);
  const r = await fetch(`${BASE}/api/v1/repairs/resident/estates/${sun}/work-orders`, {
    method: "POST",
    headers: { authorization: `Bearer ${b}`, "content-type": "application/json" },
    body: JSON.stringify({ unit_label: "1-1-102", problem: neighboursProblem }),
  });
  if (r.status !== 201) throw new Error(`the neighbour's report failed: ${r.status} ${await r.text()}`);
  neighboursOrder = ((await r.json()) as { work_order_id: string }).work_order_id;
});
afterAll(async () => {
  await browser?.close();
});

describe("the resident portal", () => {
  it("takes a repair with a photo and lists it", async () => {
    const page = await phonePage();
    await portalSignIn(page, A_PHONE);
    expect(await page.locator("[data-testid=portal-units]").innerText()).toContain("1-1-101");
    await page.locator(".portal-nav a", { hasText: "报修" }).click();
    await page.locator("textarea[name=problem]").fill(myProblem);
    await page.locator("input[name=contact_phone]").fill(A_PHONE);
    await page.locator("input[name=photos]").setInputFiles({ name: "sink.png", mimeType: "image/png", buffer: PNG });
    await page.locator("[data-testid=portal-new-repair] button[type=submit]").click();
    await page.waitForSelector("[data-testid=portal-repair]", { timeout: 20_000 });
    expect(await page.locator("[data-testid=portal-problem]").innerText()).toBe(myProblem);
    await page.locator("[data-testid=portal-photos] img").waitFor({ timeout: 20_000 });
    expect(await page.locator("[data-testid=portal-progress]").innerText()).toContain("您在网上报修");
    await shot(page, "portal-repair");

    await page.locator(".portal-nav a", { hasText: "我的" }).click();
    const list = page.locator("[data-testid=portal-repairs]");
    await list.getByText(myProblem).waitFor({ timeout: 20_000 });
    const text = await list.innerText();
    expect(text).toContain("已受理");
    expect(text).not.toContain(neighboursProblem);
    await shot(page, "portal-home");
    await page.context().close();
  });

  it("shows 'not found' for a neighbour's repair, never its content", async () => {
    const page = await phonePage();
    await portalSignIn(page, A_PHONE);
    await page.goto(`${BASE}/portal/repairs/${sun}/${neighboursOrder}`);
    const nf = page.locator("[data-testid=portal-not-found]");
    await nf.waitFor({ timeout: 20_000 });
    expect(await nf.innerText()).toContain("找不到这条记录");
    const text = await mainText(page);
    expect(text).not.toContain(neighboursProblem);
    expect(text).not.toContain("1-1-102");
    await page.context().close();
  });

  it("takes a complaint and follows it, in Chinese and in English", async () => {
    const page = await phonePage();
    await portalSignIn(page, A_PHONE);
    const complaint = `夜里十一点后楼上还在装修 #${tag}`;
    await page.locator(".portal-nav a", { hasText: "投诉" }).click();
    await page.locator("textarea[name=description]").fill(complaint);
    await page.locator("input[name=location]").fill("1栋1单元");
    await page.locator("[data-testid=portal-new-complaint] button[type=submit]").click();
    const detail = page.locator("[data-testid=portal-complaint]");
    await detail.waitFor({ timeout: 20_000 });
    expect(await detail.innerText()).toContain(complaint);
    expect(await detail.innerText()).toContain("已受理");
    await page.locator("[data-testid=lang-switch]").click();
    await page.locator(".portal-nav a", { hasText: "Mine" }).click();
    const list = page.locator("[data-testid=portal-complaints]");
    await list.getByText(complaint).waitFor({ timeout: 20_000 });
    expect(await list.innerText()).toContain("Received");
    await page.context().close();
  });

  it("shows charges and records a payment, or says paying online is not open yet", async () => {
    const page = await phonePage();
    await portalSignIn(page, A_PHONE);
    await page.locator(".portal-nav a", { hasText: "缴费" }).click();
    await page
      .locator("[data-testid=portal-charges], [data-testid=portal-charges-unavailable]")
      .first()
      .waitFor({ timeout: 20_000 });
    if (await page.locator("[data-testid=portal-charges]").count()) {
      expect(await page.locator("[data-testid=portal-charge-list]").innerText()).not.toContain("1-1-102");
      await page.locator("[data-testid=portal-pay] input[value=alipay]").check();
      await page.locator("[data-testid=portal-pay] input[name=amount]").fill("1");
      await page.locator("[data-testid=portal-pay] button[type=submit]").click();
      const receipt = page.locator("[data-testid=portal-receipt]");
      await receipt.waitFor({ timeout: 20_000 });
      expect(await receipt.innerText()).toContain("¥1.00");
    }
    await shot(page, "portal-charges");
    await page.context().close();
  });
});
