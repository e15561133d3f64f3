// A work order at the desk: the receptionist agrees the visit with the resident and reads back
// unit, window and phone before it is saved; promises a call back by a time when nobody can take
// the order; and charges a special service when it is ordered (办理即收费), once.

import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiAs, BASE, estateId, launch, newContext, runTag, shot, signIn } from "./helpers";

let browser: Browser;
let page: Page;
let sun: string;
const tag = runTag();

interface Order {
  work_order_id: string;
  status: string;
  appointment_start: string | null;
  appointment_end: string | null;
  needs_callback: boolean;
  callback_due?: string | null;
  fee_fen: number;
  details: Record<string, unknown>;
}

/** A day in Beijing time, `days` from today: "YYYY-MM-DD". */
function beijingDay(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toLocaleDateString("sv-SE", { timeZone: "Asia/Shanghai" });
}

async function newOrder(kind: string, unit: string, problem: string): Promise<string> {
  const wo = await apiAs<{ work_order_id: string }>("sun.desk", "POST", `/repairs/estates/${sun}/work-orders`, {
    kind,
    unit_label: unit,
    contact_name: "王女士",
    contact_phone: "139 0000 1234",
    problem,
  });
  return wo.work_order_id;
}

const order = (id: string) => apiAs<Order>("sun.desk", "GET", `/repairs/estates/${sun}/work-orders/${id}`);

beforeAll(async () => {
  browser = await launch();
  sun = await estateId("sun.desk", "SUN");
  page = await (await newContext(browser)).newPage();
  await signIn(page, "sun.desk");
});
afterAll(async () => {
  await browser?.close();
});

describe("a work order at the desk", () => {
  it("agrees the visit, reads back unit, window and phone, and saves it only once confirmed", async () => {
    const id = await newOrder("repair", "4-1-501", `阳台下水道堵塞 #${tag}`);
    // From the list of work orders, by its number.
    await page.goto(`${BASE}/desk/${sun}/work-orders`);
    await page.locator("[data-testid=work-orders] tr", { hasText: tag }).getByRole("link").click();
    await page.getByTestId("work-order-detail").waitFor();
    expect(page.url()).toContain(`/work-orders/${id}`);
    const form = page.getByTestId("appointment-form");
    const day = beijingDay(1);
    // A window that ends before it starts is refused in plain words, nothing is sent.
    await form.locator("input[name=appt_date]").fill(day);
    await form.locator("input[name=appt_from]").fill("11:00");
    await form.locator("input[name=appt_to]").fill("09:00");
    await form.getByRole("button", { name: "复述给住户" }).click();
    expect(await form.getByRole("alert").innerText()).toBe("结束时间要晚于开始时间。");
    await form.locator("input[name=appt_from]").fill("09:00");
    await form.locator("input[name=appt_to]").fill("11:00");
    await form.getByRole("button", { name: "复述给住户" }).click();
    // The read-back: unit, window and phone, with the words to say.
    const rb = page.getByTestId("appointment-readback");
    await rb.waitFor();
    const [, m, d] = day.split("-").map(Number);
    expect(await rb.getByTestId("rb-unit").innerText()).toBe("4-1-501");
    expect(await rb.getByTestId("rb-window").innerText()).toMatch(new RegExp(`^${m}月${d}日 周. 09:00–11:00$`));
    expect(await rb.getByTestId("rb-phone").innerText()).toBe("139 0000 1234");
    expect(await rb.innerText()).toContain("跟您确认一下：4-1-501");
    await shot(page, "work-order-appointment-read-back");
    // Not saved before the resident confirms.
    expect((await order(id)).appointment_start).toBeNull();
    // Esc goes back to the form to change it, keeping what was typed.
    await page.keyboard.press("Escape");
    await form.waitFor();
    expect(await form.locator("input[name=appt_from]").inputValue()).toBe("09:00");
    await form.getByRole("button", { name: "复述给住户" }).click();
    await rb.getByRole("button", { name: "住户已确认，保存" }).click();
    await expect.poll(() => page.getByTestId("wo-appointment").innerText()).toMatch(/09:00–11:00$/);
    const saved = await order(id);
    expect(new Date(saved.appointment_start ?? "").toISOString()).toBe(new Date(`${day}T09:00:00+08:00`).toISOString());
    expect(new Date(saved.appointment_end ?? "").toISOString()).toBe(new Date(`${day}T11:00:00+08:00`).toISOString());
    expect(saved.details.read_back_at).toBeTruthy();
  });

  it("promises the resident a call back by a time when nobody can take the order", async () => {
    const id = await newOrder("repair", "4-1-501", `热水器不出热水 #${tag}`);
    await page.goto(`${BASE}/desk/${sun}/work-orders/${id}`);
    const form = page.getByTestId("callback-form");
    await form.waitFor();
    const day = beijingDay(1);
    await form.locator("input[name=callback_at]").fill(`${day}T10:30`);
    expect(await form.innerText()).toContain("我们在");
    await form.getByRole("button", { name: "记下回电承诺" }).click();
    await expect.poll(async () => (await order(id)).needs_callback).toBe(true);
    // The promised time is kept on the order and shown on it.
    const saved = await order(id);
    expect(new Date(saved.callback_due ?? "").toISOString()).toBe(new Date(`${day}T10:30:00+08:00`).toISOString());
    await expect.poll(() => page.getByTestId("wo-callback").innerText()).toMatch(/10:30$/);
    expect(await page.getByTestId("callback-form").getByRole("status").innerText()).toContain("前回电");
    // Marked on the order: the desk owes a call back.
    await expect.poll(() => page.locator("#wo-detail-title").innerText()).toContain("待回电约时间");
    await page.getByTestId("wo-callback").waitFor();
    await shot(page, "work-order-callback");
  });

  it("charges a special service when it is ordered, once, and sends the payer to the cash desk", async () => {
    const id = await newOrder("special_service", "4-1-502", `上门开锁 #${tag}`);
    await page.goto(`${BASE}/desk/${sun}/work-orders/${id}`);
    const form = page.getByTestId("charge-form");
    await form.waitFor();
    await form.locator("input[name=item_name_0]").fill("开锁");
    await form.locator("input[name=item_yuan_0]").fill("50");
    await form.getByRole("button", { name: "+ 再加一项" }).click();
    await form.locator("input[name=item_name_1]").fill("换锁芯");
    await form.locator("input[name=item_yuan_1]").fill("80.5");
    expect(await form.getByTestId("charge-total").innerText()).toBe("合计 ¥130.50");
    await shot(page, "work-order-charge-on-order");
    await form.getByRole("button", { name: "开单收费" }).click();
    // Charged: the form goes (no second charge from this page), the fee shows as charged when ordered.
    await form.waitFor({ state: "detached" });
    expect(await page.getByTestId("wo-fee").innerText()).toContain("¥130.50");
    expect(await page.getByTestId("wo-fee").innerText()).toContain("下单即收费");
    const saved = await order(id);
    expect(saved.fee_fen).toBe(13050);
    expect(saved.details.charged_when_ordered).toBeTruthy();
    // Billing raises the charge against the unit, keyed by the work order; the cash desk link names it.
    const cash = page.getByRole("link", { name: "到收银台收这笔费用" });
    expect(await cash.getAttribute("href")).toBe(`/desk/${sun}/cash?unit=4-1-502&for=${id}`);
    await expect
      .poll(
        async () => {
          const c = await apiAs<{ items: { source_id: string; amount_fen: number }[] }>(
            "sun.desk",
            "GET",
            `/billing/estates/${sun}/charges?unit_label=4-1-502`,
          );
          return c.items.filter((x) => x.source_id === id).map((x) => x.amount_fen);
        },
        { timeout: 20_000 },
      )
      .toEqual([13050]);
    // A second charge of the same order is refused.
    await expect(
      apiAs("sun.desk", "POST", `/repairs/estates/${sun}/work-orders/${id}/charge`, { items: [{ name: "开锁", amount_fen: 5000 }] }),
    ).rejects.toThrow(/fee_already_charged/);
  });

  it("goes from a paid service logged at the desk straight to its order, to charge it", async () => {
    await page.goto(`${BASE}/desk/${sun}/log`);
    await page.waitForSelector("#log-title");
    await page.locator("input[name=phone]").fill("139 0000 4321");
    await page.locator("input[name=name]").fill("钱先生");
    await page.locator("input[name=unit]").fill("4-1-602");
    await page.keyboard.press("Alt+4"); // 有偿服务
    await page.locator("textarea[name=request]").fill(`上门清洗油烟机 #${tag}`);
    await page.keyboard.press("Control+Enter");
    const open = page.getByRole("link", { name: "打开工单：约上门时间、特约服务收费" });
    await open.waitFor({ timeout: 20_000 });
    await open.click();
    await page.getByTestId("work-order-detail").waitFor();
    expect(await page.locator("#wo-detail-title").innerText()).toContain("特约服务");
    await page.getByTestId("charge-form").waitFor();
  });

  it("logs a repair the unit pays for as paid repair work, with no charge before the work", async () => {
    await page.goto(`${BASE}/desk/${sun}/log`);
    await page.waitForSelector("#log-title");
    await page.locator("input[name=phone]").fill("139 0000 4322");
    await page.locator("input[name=name]").fill("孙女士");
    await page.locator("input[name=unit]").fill("4-1-602");
    await page.keyboard.press("Alt+3"); // 报修
    await page.getByTestId("paid-repair").getByRole("checkbox").check();
    await page.locator("textarea[name=request]").fill(`更换厨房水龙头 #${tag}`);
    await page.keyboard.press("Control+Enter");
    const open = page.getByRole("link", { name: "打开工单：约上门时间、特约服务收费" });
    await open.waitFor({ timeout: 20_000 });
    await open.click();
    await page.getByTestId("work-order-detail").waitFor();
    expect(await page.locator("#wo-detail-title").innerText()).toContain("有偿维修");
    // Paid repair work is charged at completion, so nothing is charged when it is ordered.
    expect(await page.getByTestId("charge-form").count()).toBe(0);
  });

  it("offers no charge on order for an ordinary repair", async () => {
    const id = await newOrder("repair", "4-1-501", `门铃不响 #${tag}`);
    await page.goto(`${BASE}/desk/${sun}/work-orders/${id}`);
    await page.getByTestId("appointment-form").waitFor();
    expect(await page.getByTestId("charge-form").count()).toBe(0);
  });
});
