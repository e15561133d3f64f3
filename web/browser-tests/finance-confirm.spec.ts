// Finance confirms a drawer's hand-over (交款确认): the cashier opens a drawer, takes a payment,
// closes it 0.50 short and hands it over; on the back office's day's drawers the cashier sees it
// awaiting finance with its deadline and cannot confirm it; the supervisor cannot confirm their
// own drawer, is told in plain words that a difference needs settling or explaining, and confirms
// the cashier's drawer as explained with a note.

import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BASE, apiAs, estateId, launch, newContext, runTag, shot, signIn } from "./helpers";

interface Session {
  session_id: string;
  opening_float_fen: number;
  takings?: Record<string, number>;
}

let browser: Browser;
let sun: string;
const tag = runTag();
const note = `找零多找了五毛 #${tag}`;
let cashierDrawer = "";
let ownDrawer = "";

const base = () => `/billing/estates/${sun}/cash-sessions`;

/** Whatever an earlier run left: close and hand over this person's open drawer. */
async function settle(who: string): Promise<void> {
  let open: Session | null = null;
  try {
    open = await apiAs<Session>(who, "GET", `${base()}/current`);
  } catch {
    open = null;
  }
  if (!open) return;
  const counted: Record<string, number> = { ...(open.takings ?? {}) };
  counted.cash = (counted.cash ?? 0) + open.opening_float_fen;
  await apiAs(who, "POST", `${base()}/${open.session_id}/close`, { counted });
  await apiAs(who, "POST", `${base()}/${open.session_id}/hand-over`);
}

/** Open a drawer, optionally take a payment, close it `offFen` away from what it should hold, hand over. */
async function drawerHandedOver(who: string, floatFen: number, offFen: number, pay: boolean): Promise<string> {
  const s = await apiAs<Session>(who, "POST", base(), { opening_float_fen: floatFen });
  if (pay) {
    const charge = await apiAs<{ charge_id: string; amount_fen: number }>(who, "POST", `/billing/estates/${sun}/charges`, {
      unit_label: "1-1-101",
      item_code: "meeting_room",
      quantity: 1,
      note: `F${tag}`,
    });
    await apiAs(who, "POST", `/billing/estates/${sun}/payments`, {
      unit_label: "1-1-101",
      method: "cash",
      amount_fen: charge.amount_fen,
      charge_ids: [charge.charge_id],
    });
  }
  const now = await apiAs<Session>(who, "GET", `${base()}/current`);
  const counted: Record<string, number> = { ...(now.takings ?? {}) };
  counted.cash = (counted.cash ?? 0) + floatFen + offFen;
  await apiAs(who, "POST", `${base()}/${s.session_id}/close`, { counted });
  await apiAs(who, "POST", `${base()}/${s.session_id}/hand-over`);
  return s.session_id;
}

async function drawersAs(who: string): Promise<Page> {
  const page = await (await newContext(browser, { width: 1500, height: 900 })).newPage();
  await signIn(page, who);
  await page.goto(`${BASE}/desk/${sun}/office/drawers`);
  await page.getByTestId("drawers").waitFor();
  return page;
}

beforeAll(async () => {
  browser = await launch();
  sun = await estateId("sun.cashier", "SUN");
  await settle("sun.cashier");
  await settle("sun.supervisor");
  cashierDrawer = await drawerHandedOver("sun.cashier", 10000, -50, true);
  ownDrawer = await drawerHandedOver("sun.supervisor", 5000, 20, false);
});
afterAll(async () => {
  // The supervisor's own drawer is confirmed by the estate manager, so no run leaves it waiting.
  if (ownDrawer) {
    await apiAs("sun.manager", "POST", `${base()}/${ownDrawer}/confirm`, { resolution: "settled" }).catch(() => undefined);
  }
  await browser?.close();
});

describe("finance's confirmation of a hand-over", () => {
  it("shows the cashier the drawer handed over with its deadline, awaiting finance, with nothing to confirm", async () => {
    const page = await drawersAs("sun.cashier");
    const row = page.locator(`[data-testid=drawers] tr[data-session="${cashierDrawer}"]`);
    await row.waitFor();
    expect(await row.getAttribute("data-late")).toBe("no");
    expect(await row.getByTestId("hand-over").innerText()).toContain("截止");
    expect(await row.getByTestId("confirmation").innerText()).toBe("待财务确认");
    expect(await row.getByTestId("confirm-open").count()).toBe(0);
    // Nor through the API: finance confirms, not the cashier.
    await expect(apiAs("sun.cashier", "POST", `${base()}/${cashierDrawer}/confirm`, { resolution: "explained", note })).rejects.toThrow(
      /403/,
    );
    // The late list answers the cashier too (what is owed and late now).
    const late = await apiAs<{ items: { session_id: string }[] }>("sun.cashier", "GET", `${base()}/late`);
    expect(late.items.some((s) => s.session_id === cashierDrawer)).toBe(false);
    await page.context().close();
  });

  it("refuses the supervisor's own drawer and an unexplained difference in plain words, then confirms it as explained", async () => {
    const page = await drawersAs("sun.supervisor");

    // Their own drawer: someone else confirms it.
    const own = page.locator(`[data-testid=drawers] tr[data-session="${ownDrawer}"]`);
    await own.getByTestId("confirm-open").click();
    await own.locator("select[name=resolution]").selectOption("settled");
    await own.locator("[data-testid=confirm-form] button[type=submit]").click();
    const refused = own.locator("[data-code=own_hand_over]");
    await refused.waitFor();
    expect(await refused.innerText()).toBe("财务确认要由收银员和交款人以外的人来做，不能确认自己交的款。");

    // The cashier's drawer, 0.50 short: neither settled nor explained is refused.
    const row = page.locator(`[data-testid=drawers] tr[data-session="${cashierDrawer}"]`);
    expect(await row.locator("td.money").innerText()).toContain("0.50");
    await row.getByTestId("confirm-open").click();
    await row.locator("[data-testid=confirm-form] button[type=submit]").click();
    const unresolved = row.locator("[data-code=difference_unresolved]");
    await unresolved.waitFor();
    expect(await unresolved.innerText()).toBe("钱箱有长短款：请选择已补平，或选择已说明并写明原因。");

    // Explained, with the note: confirmed, by whom and when, with the explanation.
    await row.locator("select[name=resolution]").selectOption("explained");
    await row.locator("input[name=note]").fill(note);
    await row.locator("[data-testid=confirm-form] button[type=submit]").click();
    await row.getByTestId("confirmed").waitFor();
    expect(await row.getByTestId("confirmed").innerText()).toMatch(/确认/);
    expect(await row.getByTestId("resolution").innerText()).toBe(`已说明：${note}`);
    await shot(page, "office-drawers-confirm");

    const after = await apiAs<{ items: { session_id: string; resolution: string; resolution_note: string; confirmed_by: string }[] }>(
      "sun.supervisor",
      "GET",
      `${base()}?day=${new Date().toISOString().slice(0, 10)}`,
    );
    const mine = after.items.find((s) => s.session_id === cashierDrawer);
    expect(mine?.resolution).toBe("explained");
    expect(mine?.resolution_note).toBe(note);

    await page.context().close();
  });
});
