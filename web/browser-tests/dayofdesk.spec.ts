// The rest of the desk's day: a parcel signed in and handed over against a signature, a visitor
// in and out, a key lent and returned.

import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launch, newContext, runTag, shot, signIn } from "./helpers";

let browser: Browser;
let page: Page;
const tag = runTag();

beforeAll(async () => {
  browser = await launch();
  page = await (await newContext(browser)).newPage();
  await signIn(page, "sun.desk");
});
afterAll(async () => {
  await browser?.close();
});

describe("parcels", () => {
  it("signs a parcel in for a unit and lists it as waiting", async () => {
    await page.locator("body").press("p");
    await page.waitForSelector("#parcels-title");
    await page.keyboard.press("a"); // to the form
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute("name"))).toBe("kind");
    await page.locator("select[name=kind]").selectOption("express");
    await page.locator("input[name=recipient_name]").fill("李伟");
    await page.locator("input[name=unit]").fill("1-1-101");
    await page.locator("input[name=carrier]").fill("顺丰");
    await page.locator("input[name=tracking_no]").fill(`SF${tag}`);
    await page.locator("input[name=damage_note]").fill("外箱一角压扁");
    await page.getByRole("button", { name: "签收入库" }).click();
    await page.getByRole("status").filter({ hasText: "已签收" }).waitFor();
    const card = page.locator("[data-testid=parcels] li", { hasText: `SF${tag}` });
    await card.waitFor();
    const text = await card.innerText();
    expect(text).toContain("1-1-101");
    expect(text).toContain("待领取");
    expect(text).toContain("外箱一角压扁");
  });

  it("records that the recipient was told, then hands the parcel over against a signature", async () => {
    const card = page.locator("[data-testid=parcels] li", { hasText: `SF${tag}` });
    await card.getByRole("button", { name: "已通知" }).click();
    await expect.poll(() => card.innerText()).toContain("已通知 1 次");
    await shot(page, "parcels");
    await card.getByRole("button", { name: "交付", exact: true }).click();
    expect(await card.locator("input[name=collector_name]").inputValue()).toBe("李伟");
    await card.locator("input[name=signature]").fill("李伟");
    await card.getByRole("button", { name: "确认交付" }).click();
    await expect.poll(() => page.locator("[data-testid=parcels] li", { hasText: `SF${tag}` }).count()).toBe(0);
    await page.getByRole("button", { name: "已领取" }).click();
    const done = page.locator("[data-testid=parcels] li", { hasText: `SF${tag}` });
    await done.waitFor();
    expect(await done.innerText()).toContain("李伟 已领取");
  });

  it("says in plain words when the unit is not in the register", async () => {
    await page.getByRole("button", { name: "待领取" }).first().click();
    await page.locator("input[name=recipient_name]").fill("张三");
    await page.locator("input[name=unit]").fill("9-9-999");
    await page.getByRole("button", { name: "签收入库" }).click();
    await page.getByRole("alert").filter({ hasText: "档案里没有房号 9-9-999" }).waitFor();
  });
});

describe("visitors", () => {
  it("signs a visitor in and out", async () => {
    await page.locator("body").click({ position: { x: 5, y: 500 } });
    await page.keyboard.press("v");
    await page.waitForSelector("#visitors-title");
    const name = `访客${tag}`;
    await page.locator("input[name=name]").fill(name);
    await page.locator("input[name=visiting]").fill("1-1-101 李伟");
    await page.locator("input[name=company]").fill("快修公司");
    await page.getByRole("button", { name: "登记进入" }).click();
    const row = page.locator("[data-testid=visitors] tr", { hasText: name });
    await row.waitFor();
    await shot(page, "visitors");
    await row.getByRole("button", { name: "离开" }).click();
    await expect.poll(() => page.locator("[data-testid=visitors] tr", { hasText: name }).count()).toBe(0);
  });
});

describe("keys", () => {
  it("registers a key, lends it against a signature and takes it back", async () => {
    await page.locator("body").click({ position: { x: 5, y: 500 } });
    await page.keyboard.press("k");
    await page.waitForSelector("#keys-title");
    const label = `设备房 ${tag}`;
    await page.locator("select[name=kind]").selectOption("plant_room");
    await page.locator("input[name=label]").fill(label);
    await page.locator("input[name=building]").fill("1栋");
    await page.locator("input[name=floor]").fill("-1");
    await page.getByRole("button", { name: "登记钥匙" }).click();
    const key = page.locator(".key-board li", { hasText: label });
    await key.waitFor();
    await key.getByRole("button", { name: "借出" }).click();
    await key.locator("input").first().fill("维修员 王工");
    await key.getByLabel("借用人签名").fill("王工");
    await key.getByRole("button", { name: "确认借出" }).click();
    await expect.poll(() => key.innerText()).toContain("借给 维修员 王工");
    await key.getByRole("button", { name: "归还" }).click();
    await expect.poll(() => key.innerText()).toContain("在板");
  });
});
