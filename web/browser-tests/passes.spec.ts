// 证件: the desk issues a tenant pass with its fees shown first, sends the holder to the cash
// desk for its two charges, sees the pass in the register with the ID number masked, and takes
// it back; a temporary pass of four months is refused in plain words.

import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BASE, estateId, launch, mainText, newContext, shot, signIn } from "./helpers";

// In the demo registry 2-1-401 is rented (a tenant with a lease), 2-1-501 is being decorated
// by its owner.
const TENANT_UNIT = "2-1-401";
const OWNER_UNIT = "2-1-501";
const ID_NUMBER = "11010519491231002X";

let browser: Browser;
let sun: string;

/** Today at the estates plus `months`, as YYYY-MM-DD. */
function monthsFromToday(months: number): string {
  const now = new Date(Date.now() + 8 * 3_600_000);
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + months, Math.min(now.getUTCDate(), 28)));
  return d.toISOString().slice(0, 10);
}

async function passesPage(): Promise<Page> {
  const page = await (await newContext(browser, { width: 1366, height: 900 })).newPage();
  await signIn(page, "sun.desk");
  await page.goto(`${BASE}/desk/${sun}`);
  await page.waitForSelector("nav.side");
  // The desk's key for passes.
  await page.keyboard.press("i");
  await page.waitForSelector("[data-testid=pass-form]", { timeout: 20_000 });
  return page;
}

beforeAll(async () => {
  browser = await launch();
  sun = await estateId("sun.desk", "SUN");
});
afterAll(async () => {
  await browser?.close();
});

describe("passes", () => {
  it("issues a tenant pass, lists it with the ID number masked, and takes it back", async () => {
    const page = await passesPage();
    expect(new URL(page.url()).pathname).toBe(`/desk/${sun}/passes`);
    await page.locator("[data-testid=pass-form] button[data-kind=tenant]").click();
    await page.locator("input[name=unit_label]").fill(TENANT_UNIT);
    await page.locator("input[name=unit_label]").press("Enter");
    // The unit's tenant comes from the registry with the lease.
    const holder = page.locator("select[name=resident_id]");
    await holder.waitFor({ timeout: 20_000 });
    await expect.poll(async () => page.locator("input[name=holder_name]").inputValue(), { timeout: 10_000 }).not.toBe("");
    expect(await holder.locator("option:checked").innerText()).toContain("租户");
    await page.locator("input[name=holder_id_number]").fill(ID_NUMBER);
    // The fees before issuing: deposit 10 + card fee 5.
    const fees = await page.locator("[data-testid=pass-fees]").innerText();
    expect(fees).toContain("押金 ¥10.00");
    expect(fees).toContain("工本费 ¥5.00");
    expect(fees).toContain("¥15.00");
    await shot(page, "pass-issue");
    await page.locator("input[name=holder_id_number]").press("Control+Enter");

    const issued = page.locator("[data-testid=pass-issued]");
    await issued.waitFor({ timeout: 20_000 });
    const title = await issued.locator("h2").innerText();
    const passNo = /SUN-P-\d+/.exec(title)?.[0];
    expect(passNo, title).toBeTruthy();
    expect(await issued.innerText()).toContain("**************002X");
    expect(await issued.innerText()).not.toContain(ID_NUMBER);

    // In the register, the ID number as the service masks it, never in full.
    const row = page.locator(`[data-testid=pass-register] tr[data-pass="${passNo}"]`);
    await row.waitFor({ timeout: 20_000 });
    // Handed over only against finance's receipt: pending until its fee and deposit are paid.
    expect(await row.getAttribute("data-status")).toBe("pending");
    expect(await row.locator("[data-testid=pass-id-number]").innerText()).toBe("**************002X");
    expect(await mainText(page)).not.toContain(ID_NUMBER);
    await shot(page, "pass-issued");

    // The register finds it among the pending tenant passes (the ones waiting for the receipt).
    await page.locator("select[name=filter_kind]").selectOption("tenant");
    await page.locator("select[name=filter_status]").selectOption("pending");
    await page.locator("input[name=filter_unit]").press("Enter");
    await expect.poll(() => row.count(), { timeout: 20_000 }).toBe(1);
    // Not paid yet, it cannot be renewed: refused in plain words.
    await row.locator("button", { hasText: "续期" }).click();
    const noRenewal = page.locator("[role=alert][data-code=pass_not_paid]");
    await noRenewal.waitFor({ timeout: 20_000 });
    expect(await noRenewal.innerText()).toBe("这张证还没缴费：押金和工本费在收银台交清后，凭收据领证。");

    // To the cash desk for the unit, where the pass's two charges wait to be paid.
    await issued.locator("[data-testid=pass-to-cash]").click();
    await page.waitForURL((u) => u.pathname === `/desk/${sun}/cash` && u.searchParams.get("unit") === TENANT_UNIT);
    const charges = page.locator("[data-testid=charges]");
    await expect
      .poll(
        async () => {
          const text = (await charges.count()) ? await charges.innerText() : "";
          // The charges arrive from the pass register by event: ask again until they show.
          if (!text.includes(`出入证押金 ${passNo}`)) await page.locator("[data-testid=take-payment] button[type=submit]").first().click();
          return text;
        },
        { timeout: 30_000, interval: 1_000 },
      )
      .toContain(`出入证押金 ${passNo}`);
    expect(await charges.innerText()).toContain(`出入证工本费 ${passNo}`);
    // The pass's two charges come chosen, whatever else the unit owes.
    await expect.poll(() => charges.locator("input[type=checkbox]:checked").count(), { timeout: 10_000 }).toBe(2);
    const ticked = await charges.locator("tr:has(input[type=checkbox]:checked)").allInnerTexts();
    expect(ticked.every((row) => row.includes(passNo ?? "?"))).toBe(true);

    // Back to the register: the pass is taken back, its deposit then due for refund.
    await page.goto(`${BASE}/desk/${sun}/passes`);
    await page.locator("input[name=filter_unit]").fill(TENANT_UNIT);
    await page.locator("button", { hasText: "查找" }).click();
    const again = page.locator(`[data-testid=pass-register] tr[data-pass="${passNo}"]`);
    await again.waitFor({ timeout: 20_000 });
    await again.locator("button", { hasText: "收回" }).click();
    await again.locator("button", { hasText: "确定收回" }).click();
    await page.locator("[data-testid=pass-returned]").waitFor({ timeout: 20_000 });
    await expect.poll(() => again.getAttribute("data-status")).toBe("returned");
    expect(await page.locator("[data-testid=pass-returned]").innerText()).toContain("去押金页退押金");
    expect(await again.locator("button", { hasText: "收回" }).count()).toBe(0);
    await shot(page, "pass-returned");
    await page.context().close();
  });

  it("refuses a temporary pass of four months in plain words", async () => {
    const page = await passesPage();
    await page.keyboard.press("Alt+3");
    expect(await page.locator("[data-testid=pass-form] button[data-kind=temporary]").getAttribute("aria-checked")).toBe("true");
    await page.locator("input[name=unit_label]").fill(OWNER_UNIT);
    await page.locator("input[name=unit_label]").press("Enter");
    const owner = page.locator("select[name=owner_resident_id]");
    await owner.waitFor({ timeout: 20_000 });
    await expect.poll(() => owner.inputValue(), { timeout: 10_000 }).not.toBe("");
    await page.locator("input[name=holder_name]").fill("装修工 刘师傅");
    await page.locator("input[name=holder_id_number]").fill("E12345678");
    await page.locator("input[name=valid_until]").fill(monthsFromToday(4));
    expect(await page.locator("[data-testid=pass-fees]").innerText()).toContain("¥15.00");
    await page.locator("input[name=holder_name]").press("Control+Enter");
    const refusal = page.locator("[data-testid=pass-form] [role=alert][data-code=temporary_pass_too_long]");
    await refusal.waitFor({ timeout: 20_000 });
    expect(await refusal.innerText()).toBe("临时出入证最长 3 个月，期满请重新办证。");
    expect(await page.locator("[data-testid=pass-issued]").count()).toBe(0);
    await shot(page, "pass-temporary-refused");
    await page.context().close();
  });

  it("lets the estate manager read the register, in English, without issuing or taking back", async () => {
    const page = await (await newContext(browser, { width: 1366, height: 900 })).newPage();
    await signIn(page, "sun.manager");
    await page.goto(`${BASE}/desk/${sun}/passes`);
    await page.locator("[data-testid=passes]").waitFor({ timeout: 20_000 });
    await page.keyboard.press("Alt+Shift+L");
    await page.locator("h1", { hasText: "Passes" }).waitFor();
    await page.locator("[data-testid=pass-register] tr[data-pass]").first().waitFor({ timeout: 20_000 });
    expect(await page.locator("[data-testid=pass-form]").count()).toBe(0);
    // Only the pass numbers (each opens its trail) are buttons: nothing to renew or take back.
    expect(await page.locator("[data-testid=pass-register] td:not(.pass-no) button").count()).toBe(0);
    expect(await page.locator("[data-testid=pass-register] td.pass-no button").count()).toBeGreaterThan(0);
    const ids = await page.locator("[data-testid=pass-id-number]").allInnerTexts();
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(id).toMatch(/^\*{14}[0-9A-Z]{4}$/);
    await page.keyboard.press("Alt+Shift+L");
    await page.context().close();
  });
});
