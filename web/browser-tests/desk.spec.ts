// A receptionist's morning: sign in, find a resident, log a repair call for them in a few
// keystrokes, read it back, and see it in today's queue; the entry refuses to close while its
// work order is open, in plain words.

import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiAs, estateId, launch, mainText, newContext, runTag, shot, signIn } from "./helpers";

let browser: Browser;
let page: Page;
const tag = runTag();
const request = `厨房水龙头漏水,请派人看看 #${tag}`;

beforeAll(async () => {
  browser = await launch();
  page = await (await newContext(browser)).newPage();
});
afterAll(async () => {
  await browser?.close();
});

describe("the receptionist's desk", () => {
  it("signs in straight to the queue of the only estate", async () => {
    await signIn(page, "sun.desk");
    await page.waitForSelector("#queue-title");
    expect(page.url()).toMatch(/\/desk\/[0-9a-f-]{36}$/);
    expect(await page.locator("header .estate-name").innerText()).toBe("阳光花园");
    expect(await page.locator("#queue-title").innerText()).toBe("今日待办");
  });

  it("finds a resident from the one box and opens the resident card", async () => {
    await page.locator("body").press("/");
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("desk-search");
    await page.keyboard.type("李伟");
    const hit = page.locator(".search-results li", { hasText: "1-1-101" });
    await hit.waitFor();
    expect(await hit.innerText()).toContain("139 0000 7919");
    await page.keyboard.press("Enter");
    await page.waitForSelector("[data-testid=unit-card] .household li");
    expect(await page.locator("#unit-title").innerText()).toContain("1-1-101");
    expect(await page.locator(".household li.chosen").innerText()).toContain("李伟");
    // What the unit owes, from billing, with the way to the cash desk when it owes anything.
    const owed = page.locator("[data-testid=unit-owed]");
    await owed.waitFor();
    const owedText = await owed.innerText();
    expect(owedText).toMatch(/欠费/);
    if (!owedText.includes("无欠费")) {
      expect(await owed.locator("a").getAttribute("href")).toContain("/cash?unit=1-1-101");
    }
    await shot(page, "resident-card");
  });

  it("logs a repair call in a few keystrokes and reads it back with the number to call back", async () => {
    await page.keyboard.press("n"); // log for the chosen resident
    await page.waitForSelector("[data-testid=picked-caller]");
    expect(await page.locator("[data-testid=picked-caller]").innerText()).toContain("李伟");
    await page.keyboard.press("3"); // 报修; focus moves to the request
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute("name"))).toBe("request");
    await page.keyboard.type(request);
    await shot(page, "log-a-contact");
    await page.keyboard.press("Control+Enter");
    const readback = page.locator("[data-testid=readback]");
    await readback.waitFor();
    const text = await readback.innerText();
    expect(text).toContain("报修");
    expect(text).toContain("李伟");
    expect(text).toContain("1-1-101");
    expect(text).toContain(request);
    expect(await page.locator("[data-testid=callback]").innerText()).toBe("139 0000 7919");
    // The repair goes on to repairs; its work order number shows in a moment.
    await expect.poll(() => page.locator("[data-testid=downstream]").innerText(), { timeout: 15_000 }).toMatch(/已转工单，编号 WX/);
    await shot(page, "read-back");
  });

  it("sees the new entry in today's queue", async () => {
    await page.keyboard.press("Escape"); // back to the queue
    await page.waitForSelector("#queue-title");
    const row = page.locator("[data-testid=queue] tr", { hasText: tag });
    await row.waitFor({ timeout: 15_000 });
    const text = await row.innerText();
    expect(text).toContain("报修");
    expect(text).toContain("李伟");
    expect(text).toContain("已转办");
    await shot(page, "desk-queue");
  });

  it("refuses to close the entry while its work order is open, saying why", async () => {
    await page.locator("[data-testid=queue] tr", { hasText: tag }).click();
    await page.waitForSelector("[data-testid=intake-detail]");
    await page.locator("textarea[name=result]").fill("已告知住户");
    await page.keyboard.press("Control+Enter");
    const alert = page.locator("[data-testid=intake-detail] [role=alert]");
    await alert.waitFor();
    expect(await alert.innerText()).toContain("对应的投诉或工单还没有办结，办结后才能注销。");
    expect(await mainText(page)).not.toContain("downstream_still_open");
  });

  it("lists every shortcut in the ? overlay", async () => {
    await page.locator("body").click({ position: { x: 5, y: 300 } });
    await page.keyboard.press("?");
    const dialog = page.getByRole("dialog");
    await dialog.waitFor();
    const text = await dialog.innerText();
    for (const label of ["搜索住户", "登记来电来访", "今日待办", "访客", "邮件包裹", "钥匙", "交接班"]) {
      expect(text).toContain(label);
    }
    await page.keyboard.press("Escape");
    await expect.poll(() => page.getByRole("dialog").count()).toBe(0);
  });

  it("shows the work order in the read-only work-order list", async () => {
    await page.keyboard.press("w");
    await page.waitForSelector("[data-testid=work-orders]");
    expect(await page.locator("[data-testid=work-orders] tr", { hasText: tag }).innerText()).toContain("待派工");
  });

  it("lists a complaint passed on from the desk in the complaint list", async () => {
    const sun = await estateId("sun.desk", "SUN");
    await apiAs("sun.desk", "POST", `/reception/estates/${sun}/intakes`, {
      channel: "visit",
      category: "complaint",
      caller: { name: "赵女士", unit_label: "2-1-301" },
      request: `楼道垃圾两天没人清 #${tag}`,
    });
    await page.locator("body").click({ position: { x: 5, y: 500 } });
    await page.keyboard.press("c");
    await page.waitForSelector("#complaints-title");
    const row = page.locator("[data-testid=complaints] tr", { hasText: tag });
    // The complaint is made from the desk's entry through Kafka, a moment later.
    await expect
      .poll(
        async () => {
          if ((await row.count()) === 0) await page.reload();
          return row.count();
        },
        { timeout: 20_000, interval: 1_000 },
      )
      .toBe(1);
    expect(await row.innerText()).toContain("赵女士");
  });

  it("recognises a caller by the number they ring from, and logs an inquiry for them", async () => {
    await page.locator("body").click({ position: { x: 5, y: 500 } });
    await page.keyboard.press("n");
    await page.waitForSelector("#log-title");
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute("name"))).toBe("phone");
    expect(await page.locator(".greeting").innerText()).toContain("阳光花园服务中心");
    await page.keyboard.type("139 0000 7919");
    await page.keyboard.press("Enter"); // look the number up
    const known = page.getByTestId("caller-lookup");
    await known.waitFor();
    expect(await known.innerText()).toContain("李伟");
    expect(await known.innerText()).toMatch(/\d+ 件未结/);
    await known.getByRole("button", { name: "就是此人" }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute("name"))).toBe("request");
    await page.keyboard.type(`物业费怎么交? #${tag}`);
    await page.keyboard.press("Alt+1"); // 事务咨询, from inside the field
    await page.keyboard.press("Control+Enter");
    const readback = page.getByTestId("readback");
    await readback.waitFor();
    expect(await readback.innerText()).toContain("事务咨询");
    expect(await page.getByTestId("callback").innerText()).toBe("139 0000 7919");
  });

  it("fits a phone screen", async () => {
    const phone = await (await newContext(browser, { width: 390, height: 844 })).newPage();
    await signIn(phone, "sun.desk");
    await phone.locator("[data-testid=queue] tr", { hasText: tag }).first().waitFor();
    const width = await phone.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await shot(phone, "desk-queue-phone");
    await phone.context().close();
  });
});
