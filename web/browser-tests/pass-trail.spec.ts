// A pass's trail: a tenant's pass paid at the cash desk becomes active; its payment reversed
// with the supervisor's approval puts it back to waiting for finance's receipt. The desk opens
// the pass from the register and reads both steps and why it is pending again.

import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiAs, BASE, estateId, launch, newContext, shot, signIn } from "./helpers";

let browser: Browser;
let sun: string;

interface Charge {
  charge_id: string;
  amount_fen: number;
  paid_fen: number;
  source_id: string | null;
}

beforeAll(async () => {
  browser = await launch();
  sun = await estateId("sun.desk", "SUN");
});
afterAll(async () => {
  await browser?.close();
});

async function until<T>(what: string, f: () => Promise<T | null | undefined>): Promise<T> {
  for (let i = 0; i < 80; i++) {
    const v = await f();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`waited in vain for ${what}`);
}

describe("a pass's trail", () => {
  it("shows the receipt that paid it, the reversal, and that it went back to pending", async () => {
    const units = await apiAs<{ items: { unit_id: string }[] }>("sun.desk", "GET", `/documents/search?q=1-1-101&estate_id=${sun}`);
    const unit = await apiAs<{ residents: { resident_id: string; relation: string }[] }>(
      "sun.desk",
      "GET",
      `/documents/estates/${sun}/units/${units.items[0].unit_id}`,
    );
    const tenant = unit.residents.find((r) => r.relation === "tenant");
    expect(tenant).toBeTruthy();
    const pass = await apiAs<{ pass_id: string; pass_no: string }>("sun.desk", "POST", `/documents/estates/${sun}/passes`, {
      kind: "tenant",
      unit_label: "1-1-101",
      holder_name: "租户 王小姐",
      holder_id_number: "11010519491231002X",
      resident_id: tenant?.resident_id,
    });
    const passStatus = async () =>
      (await apiAs<{ status: string }>("sun.desk", "GET", `/documents/estates/${sun}/passes/${pass.pass_id}`)).status;

    try {
      // Its card fee and deposit, paid in cash.
      const charges = await until("the pass's charges", async () => {
        const c = await apiAs<{ items: Charge[] }>("sun.cashier", "GET", `/billing/estates/${sun}/charges?unit_label=1-1-101`);
        const mine = c.items.filter((x) => (x.source_id ?? "").includes(pass.pass_id) && x.paid_fen < x.amount_fen);
        return mine.length >= 2 ? mine : null;
      });
      try {
        await apiAs("sun.cashier", "POST", `/billing/estates/${sun}/cash-sessions`, { opening_float_fen: 0 });
      } catch (e) {
        if (!String(e).includes("drawer_already_open")) throw e;
      }
      const paid = await apiAs<{ payment_id: string; receipt_no: string }>("sun.cashier", "POST", `/billing/estates/${sun}/payments`, {
        unit_label: "1-1-101",
        method: "cash",
        amount_fen: charges.reduce((s, c) => s + c.amount_fen - c.paid_fen, 0),
        charge_ids: charges.map((c) => c.charge_id),
      });
      await until("the pass active", async () => (await passStatus()) === "active");

      // The payment reversed, with the supervisor's approval: the pass waits for a receipt again.
      await apiAs("sun.cashier", "POST", `/billing/estates/${sun}/payments/${paid.payment_id}/reversal`, { reason: "收错金额，重新收款" });
      await apiAs("sun.supervisor", "POST", `/billing/estates/${sun}/payments/${paid.payment_id}/reversal/decision`, { decision: "approve" });
      await until("the pass back to pending", async () => (await passStatus()) === "pending");

      const page = await (await newContext(browser, { width: 1366, height: 900 })).newPage();
      await signIn(page, "sun.desk");
      await page.goto(`${BASE}/desk/${sun}/passes`);
      await page.locator("input[name=filter_unit]").fill("1-1-101");
      await page.locator("select[name=filter_status]").selectOption("pending");
      await page.locator("input[name=filter_unit]").press("Enter");
      const row = page.locator(`[data-testid=pass-register] tr[data-pass="${pass.pass_no}"]`);
      await row.waitFor();
      // The pass's number opens its trail (a button: Enter or a click).
      await row.locator(".pass-no button").focus();
      await page.keyboard.press("Enter");
      const trail = page.getByTestId("pass-trail");
      await trail.locator("tr[data-step=payment_reversed]").waitFor();
      expect(await trail.locator("tr[data-step=paid]").innerText()).toContain(paid.receipt_no);
      expect(await trail.locator("tr[data-step=paid]").innerText()).toContain("已收款");
      expect(await trail.locator("tr[data-step=payment_reversed]").innerText()).toContain("收款已冲正");
      expect(await page.getByTestId("pass-reversed").innerText()).toContain(`收据 ${paid.receipt_no} 的收款已于`);
      expect(await page.getByTestId("pass-reversed").innerText()).toContain("证件退回“待缴费”");
      await shot(page, "pass-trail-reversed");
      // Esc folds it away.
      await page.locator("h1").first().click();
      await page.keyboard.press("Escape");
      await page.waitForFunction(() => !document.querySelector("[data-testid=pass-trail]"));
      await page.context().close();
    } finally {
      // The card back, so the tenant's passes do not pile up over reruns.
      await apiAs("sun.desk", "POST", `/documents/estates/${sun}/passes/${pass.pass_id}/return`).catch(() => undefined);
    }
  });
});
