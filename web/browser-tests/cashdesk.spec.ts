// 收银: the cashier opens the drawer with a float, finds a unit with a charge, takes its payment
// in cash, gets the receipt with its number and prints it (the second print is marked as a
// copy), then closes the drawer counting exactly what it should hold and hands over to finance.

import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiAs, estateId, launch, newContext, runTag, shot, signIn } from "./helpers";

interface Session {
  session_id: string;
  opening_float_fen: number;
  takings?: Record<string, number>;
}

let browser: Browser;
let page: Page;
let sun: string;
const tag = runTag();
const unit = "2-1-302";
const item = `上门疏通下水道 #${tag}`;
/** Ordered first, so the oldest-first rule would pay it before the service the payer chose. */
const older = `配制钥匙 #${tag}`;
let owedFen = 0;

function yuan(fen: number): string {
  const s = String(fen).padStart(3, "0");
  return `${s.slice(0, -2)}.${s.slice(-2)}`;
}

/** Whatever an earlier run left: close and hand over the cashier's open drawer. */
async function settle(): Promise<void> {
  const base = `/billing/estates/${sun}/cash-sessions`;
  let open: Session | null = null;
  try {
    open = await apiAs<Session>("sun.cashier", "GET", `${base}/current`);
  } catch {
    open = null;
  }
  if (!open) return;
  const counted: Record<string, number> = { ...(open.takings ?? {}) };
  counted.cash = (counted.cash ?? 0) + open.opening_float_fen;
  await apiAs("sun.cashier", "POST", `${base}/${open.session_id}/close`, { counted });
  await apiAs("sun.cashier", "POST", `${base}/${open.session_id}/hand-over`);
}

/** A special service ordered for the unit: charged when ordered, so the unit owes for it. */
async function orderService(name: string, fen: number): Promise<void> {
  const wo = await apiAs<{ work_order_id: string }>("sun.desk", "POST", `/repairs/estates/${sun}/work-orders`, {
    kind: "special_service",
    unit_label: unit,
    contact_name: "王先生",
    problem: name,
  });
  await apiAs("sun.desk", "POST", `/repairs/estates/${sun}/work-orders/${wo.work_order_id}/charge`, {
    items: [{ name, amount_fen: fen }],
  });
}

async function chargeTheUnit(): Promise<void> {
  await orderService(older, 1200);
  await waitForCharge(older);
  await orderService(item, 6850);
  await waitForCharge(item);
}

async function waitForCharge(what: string): Promise<void> {
  // Billing hears of it from the event: wait until the charge is on the unit.
  for (let i = 0; i < 60; i++) {
    const c = await apiAs<{ items: { description: string }[]; owed_fen: number }>(
      "sun.cashier",
      "GET",
      `/billing/estates/${sun}/charges?unit_label=${unit}`,
    );
    owedFen = c.owed_fen;
    if (c.items.some((x) => x.description === what)) return;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`billing never charged ${unit} for ${what}`);
}

beforeAll(async () => {
  browser = await launch();
  sun = await estateId("sun.cashier", "SUN");
  await settle();
  await chargeTheUnit();
  page = await (await newContext(browser)).newPage();
  await signIn(page, "sun.cashier");
});
afterAll(async () => {
  await browser?.close();
});

describe("the cash desk", () => {
  it("opens the drawer with a float", async () => {
    await page.goto(`${new URL(page.url()).origin}/desk/${sun}`);
    await page.waitForSelector("nav.side");
    await page.locator("body").press("b");
    await page.waitForSelector("#cash-title");
    const open = page.getByTestId("open-drawer");
    await open.waitFor();
    await page.locator("input[name=opening_float]").fill("200");
    await open.getByRole("button", { name: "开钱箱" }).click();
    await page.getByTestId("drawer-open").waitFor();
    expect(await page.getByTestId("drawer-open").innerText()).toContain("备用金 200.00 元");
    // "?" lists the cash desk's keys with the rest.
    await page.locator("body").press("?");
    const help = page.getByRole("dialog");
    await help.waitFor();
    expect(await help.innerText()).toContain("打印收据（再打为副本）");
    await page.locator("body").press("Escape");
    await help.waitFor({ state: "detached" });
  });

  it("finds the unit with the search box, sees what it owes, and takes the payment", async () => {
    // The header's search box: at the cash desk, the unit picked is the one paying.
    await page.locator("body").press("/");
    await page.locator("#desk-search").fill(unit);
    await page.locator("#search-results li", { hasText: unit }).first().waitFor();
    await page.locator("#desk-search").press("Enter");
    const charges = page.getByTestId("charges");
    await charges.waitFor();
    expect(await page.locator("#cash-unit").inputValue()).toBe(unit);
    expect(await charges.innerText()).toContain(item);
    // The unit box finds it again by its label, as typed.
    await page.locator("body").press("u");
    await page.locator("#cash-unit").fill(unit.toLowerCase());
    await page.locator("#cash-unit").press("Enter");
    await charges.waitFor();
    expect(await page.getByTestId("owed").innerText()).toBe(yuan(owedFen));
    // The amount starts at all that is owed; the payer pays this service only.
    expect(await page.locator("#cash-amount").inputValue()).toBe(yuan(owedFen));
    await page.getByRole("checkbox", { name: `付这一项：${item}` }).check();
    expect(await page.locator("#cash-amount").inputValue()).toBe("68.50");
    await page.locator("#cash-amount").fill("68.5");
    await page.getByRole("radio", { name: /现金/ }).click();
    await shot(page, "cash-desk");
    await page.locator("#cash-amount").press("Control+Enter");
    await page.getByTestId("receipt").waitFor();
  });

  it("shows the receipt with its number and prints it, the reprint marked as a copy", async () => {
    const receipt = page.getByTestId("receipt");
    const no = (await page.getByTestId("receipt-no").innerText()).trim();
    expect(no).toMatch(/\d{4}/);
    const text = await receipt.innerText();
    expect(text).toContain("收款收据");
    expect(text).toContain("阳光花园");
    expect(text).toContain(unit);
    expect(text).toContain(item);
    expect(text).not.toContain(older);
    expect(text).toContain("现金");
    expect(text).toContain("68.50");
    expect(text).toContain("陆拾捌元伍角整");
    expect(text).toContain("收银员 吴芳");
    expect(await page.getByTestId("copy-mark").count()).toBe(0);

    await page.evaluate(() => {
      const w = window as unknown as { printed: number; print: () => void };
      w.printed = 0;
      w.print = () => {
        w.printed += 1;
      };
    });
    await page.getByRole("button", { name: /打印收据/ }).click();
    await expect.poll(() => page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
    expect(await page.getByTestId("copy-mark").count()).toBe(0);
    await shot(page, "cash-receipt");

    await page.getByRole("button", { name: /补打/ }).click();
    await expect.poll(() => page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(2);
    await page.getByTestId("copy-mark").waitFor();
    expect(await page.getByTestId("copy-mark").innerText()).toContain("副本");

    // On paper: only the receipt, the desk's header and menu left out.
    await page.emulateMedia({ media: "print" });
    expect(await page.locator("nav.side").isVisible()).toBe(false);
    expect(await page.locator("header.top").isVisible()).toBe(false);
    expect(await receipt.isVisible()).toBe(true);
    await shot(page, "cash-receipt-print");
    await page.emulateMedia({ media: "screen" });

    // Billing counted both prints.
    const paymentId = new URL(page.url()).pathname.split("/").pop();
    const r = await apiAs<{ prints: number; payment: { receipt_no: string; amount_fen: number } }>(
      "sun.cashier",
      "GET",
      `/billing/estates/${sun}/payments/${paymentId}`,
    );
    expect(r.prints).toBe(2);
    expect(r.payment.receipt_no).toBe(no);
    expect(r.payment.amount_fen).toBe(6850);
    // What the payer did not choose is still owed.
    const left = await apiAs<{ items: { description: string; amount_fen: number; paid_fen: number }[] }>(
      "sun.cashier",
      "GET",
      `/billing/estates/${sun}/charges?unit_label=${unit}`,
    );
    const key = left.items.find((x) => x.description === older);
    expect(key?.paid_fen).toBe(0);
  });

  it("closes the drawer with the count matching, and hands the takings to finance", async () => {
    await page.locator("body").press("Escape");
    await page.waitForSelector("#cash-title");
    await page.getByTestId("drawer-open").waitFor();
    await page.locator("body").press("x");
    const close = page.getByTestId("close-drawer");
    await close.waitFor();
    await page.locator("#count-cash").fill(yuan(20_000 + 6850));
    expect(await close.locator("tfoot").innerText()).toContain("0.00");
    await close.getByRole("button", { name: "确认结账" }).click();
    const closed = page.getByTestId("drawer-closed");
    await closed.waitFor();
    expect(await page.getByTestId("difference").innerText()).toBe("0.00");
    expect(await closed.innerText()).toContain("账实相符");
    await closed.getByRole("button", { name: "交款给财务" }).click();
    await closed.getByRole("status").filter({ hasText: "已交款给财务" }).waitFor();
    await shot(page, "cash-close");
  });
});
