// Handing in the month's complaints report (投诉月汇总上报): before the 25th the supervisor is told
// in plain words that it is not due; a past month can still be handed in late, after which its
// figures stay as handed in and what moved since is shown beside them.

import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BASE, estateId, launch, newContext, shot, signIn } from "./helpers";

let browser: Browser;
let page: Page;
let sun: string;

/** The estate's (Asia/Shanghai) month of `d`, "YYYY-MM". */
function shanghaiMonth(d: Date): string {
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 7);
}

beforeAll(async () => {
  browser = await launch();
  sun = await estateId("sun.supervisor", "SUN");
  page = await (await newContext(browser, { width: 1366, height: 900 })).newPage();
  await signIn(page, "sun.supervisor");
});
afterAll(async () => {
  await browser?.close();
});

describe("the month's complaints report", () => {
  it("is refused in plain words before the 25th of the month", async () => {
    const now = new Date();
    const day = Number(new Date(now.getTime() + 8 * 3600_000).toISOString().slice(8, 10));
    await page.goto(`${BASE}/desk/${sun}/supervisor`);
    await page.locator("[role=tablist] button[role=tab]").nth(4).click();
    const stats = page.getByTestId("sup-stats");
    await stats.waitFor();
    await stats.locator("input[name=month]").fill(shanghaiMonth(now));
    await stats.getByTestId("complaints-received").waitFor();
    if (day >= 25) return; // On the 25th or later the month can be handed in: nothing to refuse.
    if ((await stats.getByTestId("handed-in").count()) > 0) return;
    await stats.getByTestId("hand-in").click();
    const refused = stats.locator("[data-testid=hand-in-form] [role=alert]");
    await refused.waitFor();
    expect(await refused.innerText()).toBe("每月 25 日起才能上报当月的投诉汇总，现在还不到时候。");
    expect(await stats.getByTestId("handed-in").count()).toBe(0);
  });

  it("hands in last month late, then shows its figures as handed in with the movement beside them", async () => {
    const now = new Date();
    const last = shanghaiMonth(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 0, 12)));
    const stats = page.getByTestId("sup-stats");
    await stats.locator("input[name=month]").fill(last);
    await stats.locator("[data-testid=hand-in], [data-testid=handed-in]").first().waitFor();
    if ((await stats.getByTestId("hand-in").count()) > 0) {
      await stats.getByTestId("hand-in").click();
    }
    const handed = stats.getByTestId("handed-in");
    await handed.waitFor();
    expect(await handed.getByTestId("handed-in-when").innerText()).toMatch(new RegExp(`^${last} 的投诉汇总已于 .+ 上报，上面是上报时的数字。$`));
    expect(await handed.getByTestId("handed-in-movement").innerText()).toMatch(/^(上报后没有变化。|上报后的变化：.+。)$/);
    const received = handed.locator("tr[data-figure=received] td");
    expect(await received.count()).toBe(4);
    const [label, was, live, moved] = await received.allInnerTexts();
    expect(label).toBe("受理");
    expect(Number(live) - Number(was)).toBe(moved === "0" ? 0 : Number(moved.replace("−", "-")));
    expect(await stats.getByTestId("complaints-received").innerText()).toBe(was);
    expect(await stats.getByTestId("hand-in").count()).toBe(0);
    await shot(page, "supervisor-handed-in");
  });
});
