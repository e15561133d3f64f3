// The back office: the estate manager adds a monthly item to the fee schedule and runs the month
// (every unit charged once, nobody twice); the supervisor reads the Saturday receipts list and
// the arrears by age and downloads their CSV with the token; a cashier charges the meeting room
// and asks for its receipt to be reversed, and the supervisor approves it from the queue; a
// registry file is rejected line by line, then imported.

import { readFileSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiAs, BASE, estateId, launch, newContext, runTag, shot, signIn } from "./helpers";

let browser: Browser;
let sun: string;

interface Schedule {
  management_fen_per_m2: number;
  items: { code: string; name: string; kind: string; price_fen: number }[];
}

beforeAll(async () => {
  browser = await launch();
  sun = await estateId("sun.manager", "SUN");
});
afterAll(async () => {
  await browser?.close();
});

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** This month in Beijing time, "YYYY-MM". */
function thisMonth(): string {
  const d = new Date(Date.now() + 8 * 3600_000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}`;
}

/** The text of the CSV a click downloads, without the byte-order mark Excel wants. */
async function downloaded(page: Page, click: () => Promise<void>): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent("download"), click()]);
  const path = await download.path();
  const text = readFileSync(path, "utf8").replace(/^\uFEFF/, "");
  return { name: download.suggestedFilename(), text };
}

describe("the back office", () => {
  it("lets the estate manager add a monthly item and run the month once", async () => {
    const before = await apiAs<Schedule>("sun.manager", "GET", `/billing/estates/${sun}/fee-schedule`);
    const code = `lift_${runTag().toLowerCase()}`;
    const page = await (await newContext(browser, { width: 1366, height: 900 })).newPage();
    try {
      await signIn(page, "sun.manager");
      await page.goto(`${BASE}/desk/${sun}`);
      await page.waitForSelector("nav.side");
      // F opens the office; the estate manager lands on the fee schedule.
      await page.locator("h1").first().click();
      await page.keyboard.press("f");
      await page.waitForSelector("[data-testid=fee-items] tbody tr");
      expect(new URL(page.url()).pathname).toBe(`/desk/${sun}/office`);
      expect(await page.locator("input[name=management_yuan_per_m2]").inputValue()).toBe("2.50");

      // A new monthly item, its price typed in yuan.
      await page.locator("[data-testid=fee-schedule] button", { hasText: "添加项目" }).click();
      const row = page.locator("[data-testid=fee-items] tbody tr").last();
      await row.locator("input[name=code]").fill(code);
      await row.locator("input[name=name]").fill("电梯运行费");
      await row.locator("select[name=kind]").selectOption("monthly");
      await row.locator("input[name=price]").fill("0.3");
      await page.locator("input[name=management_yuan_per_m2]").press("Control+Enter");
      await page.waitForSelector("[data-testid=fee-schedule] .note.ok");
      expect(await page.locator(`[data-testid=fee-items] tr[data-code=${code}] input[name=price]`).inputValue()).toBe("0.30");
      const saved = await apiAs<Schedule>("sun.manager", "GET", `/billing/estates/${sun}/fee-schedule`);
      expect(saved.items.find((i) => i.code === code)).toEqual({ code, name: "电梯运行费", kind: "monthly", price_fen: 30 });
      await shot(page, "office-fees");

      // Key 2: the month's run. The new item is charged to every unit, once.
      await page.locator("h2").first().click();
      await page.keyboard.press("2");
      await page.waitForSelector("[data-testid=month-run]");
      await page.locator("input[name=month]").fill(thisMonth());
      await page.locator("[data-testid=month-run] button[type=submit]").click();
      await page.waitForSelector("[data-testid=run-result]");
      const charged = Number(await page.locator("[data-testid=run-result]").getAttribute("data-charged"));
      expect(charged).toBeGreaterThan(0);
      const result = await page.locator("[data-testid=run-result]").innerText();
      expect(result).toContain(`新开出 ${charged} 笔费用`);
      expect(result).toContain("不会重复收费");
      await shot(page, "office-month-run");

      // Again: nobody is charged twice.
      await page.locator("[data-testid=month-run] button[type=submit]").click();
      await page.waitForFunction(() => document.querySelector("[data-testid=run-result]")?.getAttribute("data-charged") === "0");
    } finally {
      // The schedule as it was, so that a rerun starts from the demo's items.
      await apiAs("sun.manager", "PUT", `/billing/estates/${sun}/fee-schedule`, before);
      await page.context().close();
    }
  });

  it("shows the supervisor the Saturday receipts list and the arrears by age, with their CSV", async () => {
    const page = await (await newContext(browser, { width: 1366, height: 900 })).newPage();
    await signIn(page, "sun.supervisor");
    await page.goto(`${BASE}/desk/${sun}/office/weekly`);
    await page.waitForSelector("[data-testid=receipts] tbody tr");
    // The list is of the last Saturday's week, with its summary.
    const week = await page.locator("input[name=week_ending]").inputValue();
    expect(new Date(`${week}T00:00:00Z`).getUTCDay()).toBe(6);
    const rows = await page.locator("[data-testid=receipts] tbody tr").count();
    expect(rows).toBeGreaterThan(0);
    const summary = await page.locator("[data-testid=receipts-summary]").innerText();
    expect(summary).toContain("净收款");
    expect(summary).toContain(`${rows}`);
    await shot(page, "office-weekly");

    const weekly = await downloaded(page, () => page.locator("[data-testid=download-csv]").click());
    expect(weekly.text.startsWith("receipt_no,taken_at,unit,method,amount_yuan,reversal\r\n")).toBe(true);
    expect(weekly.name).toBe(`receipts-week-${week}.csv`);
    // One line per receipt, then the total.
    expect(weekly.text.trim().split("\r\n").length).toBe(rows + 2);

    // The arrears with their ageing; D downloads the CSV.
    await page.locator("[data-testid=office-tabs] a", { hasText: "欠费账龄" }).click();
    await page.waitForSelector("[data-testid=arrears-units] tbody tr");
    const bands = await page.locator("[data-testid=arrears-ageing] [data-band]").allInnerTexts();
    expect(bands.map((b) => b.split("\n")[0])).toEqual(["0–30 天", "31–60 天", "61–90 天", "91–180 天", "180 天以上"]);
    const units = await page.locator("[data-testid=arrears-units] tbody tr").count();
    await shot(page, "office-arrears");
    await page.locator("h2").first().click();
    const arrears = await downloaded(page, () => page.keyboard.press("d"));
    expect(arrears.text.startsWith("unit,owed_yuan,0-30,31-60,61-90,91-180,180+,oldest_days\r\n")).toBe(true);
    expect(arrears.text.trim().split("\r\n").length).toBe(units + 1);

    // The month's summary: the collection rate and six months drawn as bars.
    await page.locator("[data-testid=office-tabs] a", { hasText: "月度汇总" }).click();
    await page.waitForSelector("[data-testid=office-trend] svg");
    expect(await page.locator("[data-testid=collection-rate]").innerText()).toMatch(/^\d+\.\d%$/);
    expect(await page.locator("[data-testid=office-trend] g[data-month]").count()).toBe(6);
    expect(await page.locator("[data-testid=office-trend] rect.collected").count()).toBe(6);
    await shot(page, "office-monthly");
    await page.context().close();
  });

  it("lets a cashier charge an item and ask for its receipt's reversal, which the supervisor approves", async () => {
    // A fresh receipt: the cashier's drawer open, the meeting room charged at the desk for two
    // hours, and paid in cash.
    try {
      await apiAs("sun.cashier", "POST", `/billing/estates/${sun}/cash-sessions`, { opening_float_fen: 0 });
    } catch (e) {
      if (!String(e).includes("drawer_already_open")) throw e;
    }
    const cashier = await (await newContext(browser, { width: 1366, height: 900 })).newPage();
    await signIn(cashier, "sun.cashier");
    const note = `R${runTag()}`;
    await cashier.goto(`${BASE}/desk/${sun}/office/charge`);
    await cashier.locator("input[name=unit_label]").fill("1-1-101");
    await cashier.locator("select[name=item_code]").selectOption("meeting_room");
    await cashier.locator("input[name=quantity]").fill("2");
    await cashier.locator("input[name=note]").fill(note);
    await cashier.locator("input[name=note]").press("Control+Enter");
    await cashier.waitForSelector("[data-testid=charge-done]");
    expect(await cashier.locator("[data-testid=charge-done]").innerText()).toBe(`已给 1-1-101 记入：会议室 ×2 (${note}) ¥100.00。`);
    const owed = await apiAs<{ items: { charge_id: string; description: string; amount_fen: number }[] }>(
      "sun.cashier",
      "GET",
      `/billing/estates/${sun}/charges?unit_label=1-1-101`,
    );
    const charge = owed.items.find((c) => c.description.includes(note));
    expect(charge?.amount_fen).toBe(10000);
    const paid = await apiAs<{ receipt_no: string }>("sun.cashier", "POST", `/billing/estates/${sun}/payments`, {
      unit_label: "1-1-101",
      method: "cash",
      amount_fen: 10000,
      charge_ids: [charge?.charge_id],
    });
    const no = paid.receipt_no;

    await cashier.goto(`${BASE}/desk/${sun}/office/day`);
    const row = cashier.locator(`[data-testid=receipts] tr[data-receipt="${no}"]`);
    await row.waitFor();
    expect(await row.getAttribute("data-reversal")).toBe("");
    await row.locator("button", { hasText: "申请冲正" }).click();
    await row.locator("input[name=reason]").fill("收错房号，重新收款");
    await row.locator("button[type=submit]").click();
    await cashier.waitForSelector(`[data-testid=receipts] tr[data-receipt="${no}"][data-reversal=requested]`);
    expect(await row.locator(".badge").innerText()).toBe("待审批");
    await shot(cashier, "office-reversal-asked");
    await cashier.context().close();

    const sup = await (await newContext(browser, { width: 1366, height: 900 })).newPage();
    await signIn(sup, "sun.supervisor");
    await sup.goto(`${BASE}/desk/${sun}/office/reversals`);
    const waiting = sup.locator(`[data-testid=reversal-queue] tr[data-receipt="${no}"]`);
    await waiting.waitFor();
    expect(await waiting.innerText()).toContain("收错房号，重新收款");
    await waiting.locator("button", { hasText: "批准" }).click();
    await sup.waitForSelector(`[data-testid=reversal-queue] tr[data-receipt="${no}"][data-state=approved]`);
    expect(await waiting.locator(".badge").innerText()).toBe("已批准冲正");
    await shot(sup, "office-reversal-approved");

    // The day's receipts show it reversed, and the queue no longer holds it.
    await sup.goto(`${BASE}/desk/${sun}/office/day`);
    await sup.waitForSelector(`[data-testid=receipts] tr[data-receipt="${no}"][data-reversal=approved]`);
    const queue = await apiAs<{ items: { receipt_no: string }[] }>("sun.supervisor", "GET", `/billing/estates/${sun}/reversals`);
    expect(queue.items.map((r) => r.receipt_no)).not.toContain(no);
    await sup.context().close();
  });

  it("shows the lines to fix of a rejected registry file, and what a good one added", async () => {
    const twr = await estateId("admin", "TWR");
    const tag = runTag();
    const page = await (await newContext(browser, { width: 1366, height: 900 })).newPage();
    await signIn(page, "admin");
    await page.goto(`${BASE}/desk/${twr}/office/import`);
    await page.waitForSelector("[data-testid=registry-import]");
    const send = async (name: string, text: string) => {
      await page.locator("input[type=file]").setInputFiles({ name, mimeType: "text/csv", buffer: Buffer.from(text) });
      await page.locator("[data-testid=registry-import] button[type=submit]").click();
    };

    // The example file to start from: the columns, then a unit with its owner and an empty one.
    const template = await downloaded(page, () => page.locator("[data-testid=import-template]").click());
    expect(template.name).toBe("registry-template.csv");
    expect(template.text.split("\r\n")[0]).toBe(
      "building,unit,floor,area_m2,status,resident_name,relation,phone,phone_alt,id_number,move_in_date,lease_start,lease_end",
    );

    // One bad line rejects the file: every line to fix is listed, with its column.
    await send("bad.csv", `building,unit,floor,area_m2,status\nT${tag},T${tag}-101,one,80,occupied\nT${tag},T${tag}-102,1,80,sold\n`);
    await page.waitForSelector("[data-testid=import-lines] tbody tr");
    const lines = await page.locator("[data-testid=import-lines] tbody tr").evaluateAll((rows) =>
      rows.map((r) => `${r.getAttribute("data-line")} ${r.children[1]?.textContent}`),
    );
    expect(lines).toEqual(["2 floor", "3 status"]);
    expect(await page.locator("[data-testid=registry-import] .note.error").innerText()).toContain("文件没有导入");
    await shot(page, "office-import-rejected");

    // The file fixed: imported, and the answer says what was added.
    await send("good.csv", `building,unit,floor,area_m2,status\nT${tag},T${tag}-101,1,80,vacant\nT${tag},T${tag}-102,1,80.5,vacant\n`);
    await page.waitForSelector("[data-testid=import-done]");
    expect(await page.locator("[data-testid=import-done]").innerText()).toContain("1 栋楼，2 个房号，0 位住户");
    expect(await page.locator("[data-testid=import-lines]").count()).toBe(0);
    await page.context().close();
  });

  it("refunds a returned pass's deposit only against the receipt it was paid with", async () => {
    // A tenant's pass with its deposit, paid at the cash desk, then the pass handed back.
    const unit = await apiAs<{ residents: { resident_id: string; name: string; relation: string }[] }>(
      "sun.desk",
      "GET",
      `/documents/estates/${sun}/units/${(await apiAs<{ items: { unit_id: string }[] }>("sun.desk", "GET", `/documents/search?q=1-1-101&estate_id=${sun}`)).items[0].unit_id}`,
    );
    const tenant = unit.residents.find((r) => r.relation === "tenant");
    expect(tenant).toBeTruthy();
    const pass = await apiAs<{ pass_id: string; pass_no: string }>("sun.desk", "POST", `/documents/estates/${sun}/passes`, {
      kind: "tenant",
      unit_label: "1-1-101",
      holder_name: tenant?.name,
      holder_id_number: "11010519491231002X",
      resident_id: tenant?.resident_id,
    });
    type Deposits = { items: { deposit_id: string; pass_id: string; charge_id: string; amount_fen: number; status: string; receipt_no: string | null }[] };
    const deposit = async (status: string) => {
      for (let i = 0; i < 60; i++) {
        const d = await apiAs<Deposits>("sun.cashier", "GET", `/billing/estates/${sun}/deposits?unit_label=1-1-101`);
        const mine = d.items.find((x) => x.pass_id === pass.pass_id && x.status === status);
        if (mine) return mine;
        await new Promise((r) => setTimeout(r, 250));
      }
      throw new Error(`no ${status} deposit for ${pass.pass_no}`);
    };
    const unpaid = await deposit("unpaid");
    try {
      await apiAs("sun.cashier", "POST", `/billing/estates/${sun}/cash-sessions`, { opening_float_fen: 0 });
    } catch (e) {
      if (!String(e).includes("drawer_already_open")) throw e;
    }
    await apiAs("sun.cashier", "POST", `/billing/estates/${sun}/payments`, {
      unit_label: "1-1-101",
      method: "cash",
      amount_fen: unpaid.amount_fen,
      charge_ids: [unpaid.charge_id],
    });
    const held = await deposit("held");
    await apiAs("sun.desk", "POST", `/documents/estates/${sun}/passes/${pass.pass_id}/return`);
    await deposit("refund_due");

    const page = await (await newContext(browser, { width: 1366, height: 900 })).newPage();
    await signIn(page, "sun.cashier");
    await page.goto(`${BASE}/desk/${sun}/office/deposits`);
    await page.locator("input[name=unit_label]").fill("1-1-101");
    await page.locator("select[name=status]").selectOption("refund_due");
    await page.locator("button", { hasText: "查找" }).click();
    const row = page.locator(`[data-testid=deposits] tr[data-pass="${pass.pass_no}"]`);
    await row.waitFor();
    expect(await row.getAttribute("data-state")).toBe("refund_due");

    // Another receipt is refused in plain words; the right one refunds.
    await row.locator("button", { hasText: "退押金" }).click();
    await row.locator("input[name=receipt_no]").fill("NOT-THE-RECEIPT");
    await row.locator("button[type=submit]").click();
    await page.waitForSelector("[data-testid=refund-deposit] [data-code=receipt_mismatch]");
    expect(await row.locator(".note.error").innerText()).toContain("收据号和交押金时的收据对不上");
    await row.locator("input[name=receipt_no]").fill(held.receipt_no ?? "");
    await row.locator("button[type=submit]").click();
    await page.waitForSelector("[data-testid=deposits] ~ .note.ok, .note.ok");
    expect(await page.locator(".note.ok").innerText()).toContain("退还押金");
    await shot(page, "office-deposit-refunded");
    expect((await deposit("refunded")).deposit_id).toBe(held.deposit_id);
    await page.context().close();
  });
});
