// Head office: signs in and lands on the ranking of every estate of the group, sorts it by a
// column (with the mouse and with a key), picks another month, and opens one estate's figures
// with its last six months.

import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiAs, BASE, estateId, launch, newContext, shot, signIn } from "./helpers";

let browser: Browser;
let sun: string;

/** Complaints taken by letter and judged valid or not by the supervisor. */
async function judged(estate: string, validity: string[]): Promise<void> {
  for (const v of validity) {
    const c = await apiAs<{ complaint_id: string }>("sun.supervisor", "POST", `/complaints/estates/${estate}/complaints`, {
      channel: "letter",
      description: "楼道堆放杂物无人清理",
      type: "cleaning",
    });
    await apiAs("sun.supervisor", "POST", `/complaints/estates/${estate}/complaints/${c.complaint_id}/classify`, {
      validity: v,
      reason: v === "valid" ? "核实属实" : "与事实不符",
    });
  }
}

beforeAll(async () => {
  browser = await launch();
  sun = await estateId("hq", "SUN");
  // Complaints at two estates, so that their validity rates differ from the third's "—".
  await judged(sun, ["valid", "valid", "valid", "invalid"]);
  await judged(await estateId("hq", "LAK"), ["valid", "invalid"]);
});
afterAll(async () => {
  await browser?.close();
});

/** The numbers of a column of the ranking, in the order shown ("—" as null). */
async function column(page: Page, index: number): Promise<(number | null)[]> {
  const cells = await page.locator(`[data-testid=hq-ranking] tbody tr td:nth-child(${index})`).allInnerTexts();
  return cells.map((c) => (c.trim() === "—" ? null : Number.parseFloat(c)));
}

function descending(xs: (number | null)[]): boolean {
  const present = xs.filter((x): x is number => x !== null);
  const nullsLast = xs.slice(present.length).every((x) => x === null);
  return nullsLast && present.every((x, i) => i === 0 || present[i - 1] >= x);
}

describe("head office", () => {
  it("ranks every demo estate, sorts by a column and drills into one", async () => {
    const page = await (await newContext(browser, { width: 1366, height: 900 })).newPage();
    await signIn(page, "hq");
    await page.waitForSelector("[data-testid=hq-ranking] tbody tr");
    expect(new URL(page.url()).pathname).toBe("/hq");

    // Every demo estate, ranked on the combined score, best first.
    const codes = await page.locator("[data-testid=hq-ranking] tbody tr").evaluateAll((rows) =>
      rows.map((r) => r.getAttribute("data-estate")),
    );
    for (const code of ["SUN", "LAK", "TWR"]) expect(codes).toContain(code);
    expect(descending(await column(page, 3))).toBe(true);
    expect((await column(page, 5)).filter((x) => x !== null).length, "validity where complaints were judged").toBeGreaterThanOrEqual(2);
    expect(await page.locator("[data-testid=hq-chart] svg rect").count()).toBe(Math.min(20, codes.length));

    // A month with the demo's repairs done and visited: this one, or the last in its first days.
    const months = await page.locator("[data-testid=hq-month] option").evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value));
    const full = new Date(Date.now() + 8 * 3600_000).getUTCDate() >= 5 ? months[0] : months[1];
    const other = full === months[0] ? months[1] : months[0];
    if (full !== months[0]) {
      await page.locator("[data-testid=hq-month]").selectOption(full);
      await page.waitForURL((u) => u.search.includes(`month=${full}`));
      await page.waitForSelector("[data-testid=hq-ranking] tbody tr");
    }
    expect((await column(page, 4)).filter((x) => x !== null).length, "the demo's repairs give on-time rates").toBeGreaterThan(2);

    // Sorted by the on-time rate: highest first, then lowest first.
    const onTime = page.locator("th button[data-sort=onTime]");
    await onTime.click();
    expect(await page.locator("th:has(button[data-sort=onTime])").getAttribute("aria-sort")).toBe("descending");
    expect(descending(await column(page, 4))).toBe(true);
    await onTime.click();
    expect(await page.locator("th:has(button[data-sort=onTime])").getAttribute("aria-sort")).toBe("ascending");
    const asc = (await column(page, 4)).filter((x): x is number => x !== null);
    expect(asc).toEqual([...asc].sort((a, b) => a - b));

    // Key 5: by the follow-up rate.
    await page.locator("h1").click();
    await page.keyboard.press("5");
    expect(await page.locator("th:has(button[data-sort=followUp])").getAttribute("aria-sort")).toBe("descending");
    expect(descending(await column(page, 6))).toBe(true);
    await shot(page, "hq-ranking");

    // Another month and back: the demo has six months of orders.
    await page.locator("[data-testid=hq-month]").selectOption(other);
    await page.waitForURL((u) => u.search.includes(`month=${other}`));
    await page.waitForSelector("[data-testid=hq-ranking] tbody tr");
    await page.locator("[data-testid=hq-month]").selectOption(full);
    await page.waitForURL((u) => u.search.includes(`month=${full}`));
    await page.waitForSelector("[data-testid=hq-ranking] tbody tr");

    // One estate: its rates, what they are made of, and the last six months.
    await page.locator("[data-testid=hq-ranking] tbody tr[data-estate=SUN] a").click();
    await page.waitForURL((u) => u.pathname === `/hq/estates/${sun}`);
    await page.waitForSelector("[data-testid=hq-estate-rates]");
    expect(await page.locator("h1").innerText()).toContain("阳光花园");
    const onTimeTile = await page.locator("[data-testid=hq-estate-rates] [data-rate=onTime]").innerText();
    expect(onTimeTile).toMatch(/\d+\.\d%/);
    const repairs = await page.locator("[data-testid=hq-repairs]").innerText();
    expect(repairs).toContain("受理工单");
    expect(repairs).toMatch(/按时到场 \/ 有预约\s+\d+ \/ \d+/);
    expect(await page.locator("[data-testid=hq-by-kind]").innerText()).toContain("有偿维修");
    expect(await page.locator("[data-testid=hq-trend] figure").count()).toBe(6);
    expect(await page.locator("[data-testid=hq-trend] figure").first().locator("text").count()).toBeGreaterThanOrEqual(12);
    await shot(page, "hq-estate");

    // Back to the ranking.
    await page.locator("main a", { hasText: "返回排名" }).click();
    await page.waitForSelector("[data-testid=hq-ranking] tbody tr");
    expect(`${BASE}${new URL(page.url()).pathname}`).toBe(`${BASE}/hq`);

    // In English.
    await page.locator("[data-testid=lang-switch]").click();
    expect(await page.locator("h1").innerText()).toContain("Every estate of the group");
    expect(await page.locator("th:has(button[data-sort=onTime])").innerText()).toContain("On time");
    await page.locator("[data-testid=lang-switch]").click();
    await page.context().close();
  });
});
