// 维修员: on a phone, the technician sees today's order, accepts and starts it, pauses it with
// a reason, resumes, and completes it with the work done, the fee of the paid repair and the
// resident's sign-off.

import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiAs, estateId, launch, newContext, runTag, shot, signIn, token } from "./helpers";

let browser: Browser;
let page: Page;
let sun: string;
let orderId: string;
let wrongSkillId: string;
const tag = runTag();

beforeAll(async () => {
  browser = await launch();
  sun = await estateId("sun.supervisor", "SUN");
  const techId = (await token("sun.tech")).staff.staff_id;
  await apiAs("sun.supervisor", "PUT", `/repairs/estates/${sun}/technicians/${techId}`, {
    name: "赵强",
    skills: ["plumbing", "electrical"],
    max_open: 50,
  });
  const wo = await apiAs<{ work_order_id: string }>("sun.desk", "POST", `/repairs/estates/${sun}/work-orders`, {
    kind: "paid_repair",
    unit_label: "2-1-402",
    contact_name: "孙阿姨",
    contact_phone: "13900001203",
    problem: `更换厨房水龙头 #${tag}`,
  });
  orderId = wo.work_order_id;
  await apiAs("sun.supervisor", "POST", `/repairs/estates/${sun}/work-orders/${orderId}/dispatch`, { technician_id: techId });
  const other = await apiAs<{ work_order_id: string }>("sun.desk", "POST", `/repairs/estates/${sun}/work-orders`, {
    kind: "repair",
    unit_label: "2-1-401",
    problem: `防盗门锁芯损坏 #${tag}`,
  });
  wrongSkillId = other.work_order_id;
  await apiAs("sun.supervisor", "POST", `/repairs/estates/${sun}/work-orders/${wrongSkillId}/dispatch`, { technician_id: techId });
  page = await (await newContext(browser, { width: 390, height: 844 })).newPage();
  await signIn(page, "sun.tech");
});
afterAll(async () => {
  await browser?.close();
});

async function status(): Promise<string> {
  const w = await apiAs<{ status: string }>("sun.supervisor", "GET", `/repairs/estates/${sun}/work-orders/${orderId}`);
  return w.status;
}

describe("the technician's phone", () => {
  it("lists today's order and takes it from accepted to started, paused and resumed", async () => {
    await page.getByRole("link", { name: /我的工单/ }).click();
    await page.waitForSelector("#tech-title");
    const card = page.locator(`[data-testid=tech-order][data-id="${orderId}"]`);
    await card.waitFor();
    expect(await card.innerText()).toContain(`更换厨房水龙头 #${tag}`);
    expect(await card.innerText()).toContain("139 0000 1203");
    // Nothing sticks out sideways on a phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    await card.getByRole("button", { name: "接单" }).click();
    await expect.poll(() => card.getByTestId("tech-status").innerText()).toBe("已接单");
    await card.getByRole("button", { name: "开工" }).click();
    await expect.poll(() => card.getByTestId("tech-status").innerText()).toBe("维修中");
    // A photo of the job, from the phone's camera (here a file), kept with the order.
    const png = Buffer.from(
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
      "base64",
    );
    await card.locator("input[name=photo]").setInputFiles({ name: "before.png", mimeType: "image/png", buffer: png });
    await card.getByTestId("photos-sent").filter({ hasText: "已上传 1 张照片" }).waitFor();
    const kept = await apiAs<{ items: unknown[] } | unknown[]>("sun.supervisor", "GET", `/repairs/estates/${sun}/work-orders/${orderId}/photos`);
    expect(Array.isArray(kept) ? kept.length : kept.items.length).toBe(1);
    await card.scrollIntoViewIfNeeded();
    await shot(page, "technician");

    await card.getByRole("button", { name: "暂停" }).click();
    await card.locator("input[name=reason]").fill("等配件");
    await card.getByRole("button", { name: "确认暂停" }).click();
    await expect.poll(() => card.getByTestId("tech-status").innerText()).toBe("暂停");
    expect(await status()).toBe("paused");
    await card.getByRole("button", { name: "继续维修" }).click();
    await expect.poll(() => card.getByTestId("tech-status").innerText()).toBe("维修中");
  });

  it("completes it with the fee and the resident's sign-off", async () => {
    const card = page.locator(`[data-testid=tech-order][data-id="${orderId}"]`);
    await card.getByRole("button", { name: "完工" }).click();
    await card.locator("textarea[name=work_done]").fill("更换水龙头一个，试水无渗漏");
    await card.locator("input[name=materials]").fill("水龙头");
    await card.locator("input[name=labour_minutes]").fill("40");
    await card.locator("input[name=fee]").fill("35.5");
    await card.locator("input[name=signoff_name]").fill("孙阿姨");
    const pad = card.locator("canvas");
    await pad.scrollIntoViewIfNeeded();
    const box = await pad.boundingBox();
    if (box) {
      await page.mouse.move(box.x + 20, box.y + 30);
      await page.mouse.down();
      await page.mouse.move(box.x + 120, box.y + 70, { steps: 8 });
      await page.mouse.move(box.x + 200, box.y + 40, { steps: 8 });
      await page.mouse.up();
    }
    await shot(page, "technician-complete");
    await card.getByRole("button", { name: "确认完工" }).click();
    await expect.poll(status).toBe("completed");
    const w = await apiAs<{ fee_fen: number; details: { signoff?: { name: string; signature: string | null }; materials?: string } }>(
      "sun.supervisor",
      "GET",
      `/repairs/estates/${sun}/work-orders/${orderId}`,
    );
    expect(w.fee_fen).toBe(3550);
    expect(w.details.signoff?.name).toBe("孙阿姨");
    expect(w.details.signoff?.signature).toMatch(/^data:image\/png;base64,/);
    expect(w.details.materials).toBe("水龙头");
  });

  it("gives back an order it cannot do, with the reason", async () => {
    const card = page.locator(`[data-testid=tech-order][data-id="${wrongSkillId}"]`);
    await card.waitFor();
    await card.getByRole("button", { name: "退单" }).click();
    await card.locator("input[name=reason]").fill("需要锁匠，不是水电");
    await card.getByRole("button", { name: "确认退单" }).click();
    // Back with the desk for another technician: it leaves the technician's list.
    await card.waitFor({ state: "detached" });
    const w = await apiAs<{ status: string; technician_id: string | null }>(
      "sun.supervisor",
      "GET",
      `/repairs/estates/${sun}/work-orders/${wrongSkillId}`,
    );
    expect(w.status).toBe("awaiting_dispatch");
    expect(w.technician_id).toBeNull();
  });
});
