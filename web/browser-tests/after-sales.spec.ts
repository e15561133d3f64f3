// 售后未返单汇总表: a defect sent to the developer's after-sales team shows on the supervisor's
// weekly list; the developer's lead signs the week with the next repair date agreed, and the
// list reads back frozen as signed.

import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiAs, BASE, estateId, launch, newContext, runTag, shot, signIn } from "./helpers";

let browser: Browser;
let sun: string;
const tag = runTag();

interface Week {
  week_start: string;
  lead_name: string;
  items: { work_order_id: string; order_no: string; next_repair: string | null }[];
}

function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** This week's Monday in Beijing, "YYYY-MM-DD". */
function thisMonday(): string {
  const d = new Date(Date.now() + 8 * 3600_000);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return isoDay(d);
}

const signedFor = async (monday: string) =>
  (await apiAs<{ items: Week[] }>("sun.supervisor", "GET", `/repairs/estates/${sun}/after-sales/weekly-lists?week_start=${monday}`)).items;

/** This week, or when a run earlier this week signed it, a week of the past no list was signed for. */
async function freeMonday(): Promise<string> {
  if ((await signedFor(thisMonday())).length === 0) return thisMonday();
  const base = Date.parse(`${thisMonday()}T00:00:00Z`);
  let back = 52 + (parseInt(tag, 36) % 2000);
  for (let i = 0; i < 50; i++, back++) {
    const monday = isoDay(new Date(base - back * 7 * 86_400_000));
    if ((await signedFor(monday)).length === 0) return monday;
  }
  throw new Error("no unsigned week found");
}

beforeAll(async () => {
  browser = await launch();
  sun = await estateId("sun.supervisor", "SUN");
});
afterAll(async () => {
  await browser?.close();
});

describe("the after-sales weekly list", () => {
  it("lists the defects the developer has not returned and freezes the week as its lead signs it", async () => {
    const wo = await apiAs<{ work_order_id: string; order_no: string }>("sun.desk", "POST", `/repairs/estates/${sun}/work-orders`, {
      kind: "after_sales",
      unit_label: "2-1-402",
      contact_name: "周先生",
      problem: `主卧外墙渗水 #${tag}`,
    });
    await apiAs("sun.desk", "POST", `/repairs/estates/${sun}/work-orders/${wo.work_order_id}/after-sales`, {
      developer_deadline: new Date(Date.now() + 5 * 86_400_000).toISOString(),
      note_no: `HX-${tag}`,
    });
    const monday = await freeMonday();

    const page = await (await newContext(browser, { width: 1366, height: 1000 })).newPage();
    await signIn(page, "sun.supervisor");
    await page.goto(`${BASE}/desk/${sun}/supervisor`);
    await page.waitForSelector("[role=tablist]");
    // Key 7: the after-sales week.
    await page.locator("h1").first().click();
    await page.keyboard.press("7");
    await page.getByTestId("after-sales").waitFor();
    await page.locator("input[name=week_start]").fill(monday);
    const form = page.getByTestId("as-sign-form");
    const row = form.locator(`tr[data-order="${wo.order_no}"]`);
    await row.waitFor();
    expect(await row.innerText()).toContain(`主卧外墙渗水 #${tag}`);

    // Without the lead's name nothing is signed.
    await form.locator("button[type=submit]").click();
    expect(await form.getByRole("alert").innerText()).toBe("请写上签字的售后负责人。");
    const next = isoDay(new Date(Date.now() + 3 * 86_400_000));
    await row.locator("input[type=date]").fill(next);
    await form.locator("input[name=lead_name]").fill("开发商售后 李工");
    await form.locator("input[name=lead_name]").press("Control+Enter");

    const frozen = page.getByTestId("as-signed");
    await frozen.waitFor();
    expect(await page.getByTestId("as-signed-by").innerText()).toContain("开发商售后 李工");
    expect(await frozen.locator(`tr[data-order="${wo.order_no}"]`).innerText()).toContain(next);
    expect(await page.getByTestId("as-sign-form").count()).toBe(0);
    await shot(page, "supervisor-after-sales-week");

    const signed = await signedFor(monday);
    expect(signed[0].lead_name).toBe("开发商售后 李工");
    expect(signed[0].items.find((i) => i.work_order_id === wo.work_order_id)?.next_repair).toBe(next);
    await page.context().close();
  });
});
