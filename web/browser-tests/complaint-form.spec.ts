// The desk's complaint form: choosing the complaint category puts the apology line first, then
// asks where, when, what happened and what the person asks for; all four reach the entry and the
// complaint it becomes.

import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiAs, BASE, estateId, launch, newContext, runTag, shot, signIn } from "./helpers";

let browser: Browser;
let page: Page;
let sun: string;
const tag = runTag();

/** Yesterday in Beijing: "YYYY-MM-DD". */
const yesterday = new Date(Date.now() - 86_400_000).toLocaleDateString("sv-SE", { timeZone: "Asia/Shanghai" });

beforeAll(async () => {
  browser = await launch();
  sun = await estateId("sun.desk", "SUN");
  page = await (await newContext(browser)).newPage();
  await signIn(page, "sun.desk");
});
afterAll(async () => {
  await browser?.close();
});

describe("the desk's complaint form", () => {
  it("shows the apology line first, before anything is asked", async () => {
    await page.goto(`${BASE}/desk/${sun}/log`);
    await page.waitForSelector("#log-title");
    expect(await page.getByTestId("apology").count()).toBe(0);
    await page.locator("input[name=phone]").fill("139 0000 5678");
    await page.locator("input[name=name]").fill("孙女士");
    await page.locator("input[name=unit]").fill("4-1-302");
    await page.keyboard.press("Alt+5"); // 投诉
    const apology = page.getByTestId("apology");
    await apology.waitFor();
    expect(await apology.innerText()).toContain("非常抱歉给您添麻烦了");
    // First on the form after the category: above the caller and the complaint's questions.
    const order = await page.evaluate(() => {
      const a = document.querySelector("[data-testid=apology]");
      const where = document.querySelector("input[name=where]");
      const caller = document.querySelector("input[name=phone]");
      return [a, where, caller].every(Boolean)
        ? [
            !!(a!.compareDocumentPosition(where!) & Node.DOCUMENT_POSITION_FOLLOWING),
            !!(a!.compareDocumentPosition(caller!) & Node.DOCUMENT_POSITION_FOLLOWING),
          ]
        : null;
    });
    expect(order).toEqual([true, true]);
    // The caller is known: the cursor waits at "where".
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute("name"))).toBe("where");
  });

  it("asks for where, when, what happened and what the person asks for", async () => {
    await page.locator("textarea[name=request]").fill(`楼上每晚11点后装修电钻声 #${tag}`);
    await page.keyboard.press("Control+Enter");
    expect(await page.locator(".log-form [role=alert]").first().innerText()).toBe("投诉要登记：地点、时间、诉求。");
    await page.locator("input[name=where]").fill("4栋1单元402室楼上");
    await page.locator("input[name=when]").fill(`${yesterday}T23:10`);
    await page.locator("input[name=asks]").fill("晚上十点后停止施工，物业上门查看");
    await shot(page, "complaint-form");
    await page.keyboard.press("Control+Enter");
    const readback = page.locator("[data-testid=readback]");
    await readback.waitFor();
    const text = await readback.innerText();
    expect(text).toContain("地点：4栋1单元402室楼上");
    expect(text).toContain(`时间：${yesterday} 23:10`);
    expect(text).toContain(`经过：楼上每晚11点后装修电钻声 #${tag}`);
    expect(text).toContain("诉求：晚上十点后停止施工，物业上门查看");
    await expect.poll(() => page.locator("[data-testid=downstream]").innerText(), { timeout: 15_000 }).toMatch(/已转投诉，编号/);
    // The complaint it became keeps the four parts apart: what happened as its description.
    const list = await apiAs<{ items: { complaint_id: string; description: string; details: Record<string, unknown> }[] }>(
      "sun.supervisor",
      "GET",
      `/complaints/estates/${sun}/complaints?limit=50`,
    );
    const c = list.items.find((x) => x.description.includes(tag));
    expect(c?.description).toBe(`楼上每晚11点后装修电钻声 #${tag}`);
    expect(c?.details.location).toBe("4栋1单元402室楼上");
    expect(c?.details.demand).toBe("晚上十点后停止施工，物业上门查看");
    expect(new Date(String(c?.details.occurred_at)).toISOString()).toBe(new Date(`${yesterday}T23:10:00+08:00`).toISOString());
    // And its page shows them.
    await page.goto(`${BASE}/desk/${sun}/complaints/${c?.complaint_id}`);
    const detail = page.getByTestId("complaint-detail");
    await detail.waitFor();
    expect(await detail.innerText()).toContain("4栋1单元402室楼上");
    expect(await detail.innerText()).toContain("晚上十点后停止施工，物业上门查看");
  });

  it("gives the receptionist the apology in English too", async () => {
    await page.goto(`${BASE}/desk/${sun}/log`);
    await page.waitForSelector("#log-title");
    await page.keyboard.press("Alt+Shift+L");
    await page.keyboard.press("Alt+5"); // the cursor is in the phone field
    const apology = page.getByTestId("apology");
    await apology.waitFor();
    expect(await apology.innerText()).toContain("I'm very sorry for the trouble");
    expect(await page.locator("form.log-form").innerText()).toContain("What they ask for");
    await page.keyboard.press("Alt+Shift+L");
  });
});
