// 主管工作台: a work order whose appointment has passed shows as overdue, and the supervisor
// dispatches it to a technician from the roster; a new complaint waits to be assigned, and the
// supervisor gives it to a department.

import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiAs, estateId, launch, newContext, runTag, shot, signIn, token } from "./helpers";

let browser: Browser;
let page: Page;
let sun: string;
let techId: string;
let orderId: string;
let complaintId: string;
let resolvedId: string;
const tag = runTag();

beforeAll(async () => {
  browser = await launch();
  sun = await estateId("sun.supervisor", "SUN");
  techId = (await token("sun.tech")).staff.staff_id;
  // The technician on the estate's roster, with room for the orders reruns leave.
  await apiAs("sun.supervisor", "PUT", `/repairs/estates/${sun}/technicians/${techId}`, {
    name: "赵强",
    skills: ["plumbing", "electrical"],
    max_open: 50,
  });
  // A repair promised for this morning that nobody went to.
  const wo = await apiAs<{ work_order_id: string }>("sun.desk", "POST", `/repairs/estates/${sun}/work-orders`, {
    kind: "repair",
    unit_label: "3-1-201",
    contact_name: "李女士",
    problem: `卫生间漏水 #${tag}`,
  });
  orderId = wo.work_order_id;
  const now = Date.now();
  await apiAs("sun.desk", "POST", `/repairs/estates/${sun}/work-orders/${orderId}/appointment`, {
    start: new Date(now - 3 * 3600_000).toISOString(),
    end: new Date(now - 3600_000).toISOString(),
    read_back: true,
  });
  const c = await apiAs<{ complaint_id: string }>("sun.desk", "POST", `/complaints/estates/${sun}/complaints`, {
    channel: "phone",
    complainant_name: "陈先生",
    unit_label: "3-1-202",
    description: `夜间装修噪音 #${tag}`,
  });
  complaintId = c.complaint_id;
  // A complaint the department has dealt with: the desk owes the person a reply, then the call.
  const r = await apiAs<{ complaint_id: string }>("sun.desk", "POST", `/complaints/estates/${sun}/complaints`, {
    channel: "phone",
    complainant_name: "刘女士",
    unit_label: "3-1-203",
    description: `楼道灯不亮 #${tag}`,
  });
  resolvedId = r.complaint_id;
  await apiAs("sun.supervisor", "POST", `/complaints/estates/${sun}/complaints/${resolvedId}/assign`, { department: "engineering" });
  await apiAs("sun.supervisor", "POST", `/complaints/estates/${sun}/complaints/${resolvedId}/resolve`, { result: "已更换灯泡" });
  page = await (await newContext(browser)).newPage();
  await signIn(page, "sun.supervisor");
});
afterAll(async () => {
  // The technician gives the order back, so reruns do not pile orders on them.
  try {
    await apiAs("sun.tech", "POST", `/repairs/estates/${sun}/work-orders/${orderId}/return`, { reason: "测试结束退回" });
  } catch {
    // Not dispatched (the test failed before): nothing to give back.
  }
  await browser?.close();
});

describe("the supervisor's desk", () => {
  it("shows the overdue work order and dispatches it to a technician from the roster", async () => {
    await page.goto(`${new URL(page.url()).origin}/desk/${sun}`);
    await page.waitForSelector("nav.side");
    await page.locator("body").press("s");
    await page.waitForSelector("#sup-title");
    const late = page.getByTestId("sup-late");
    const row = late.locator(`[data-testid=work-order-row][data-id="${orderId}"]`);
    await row.waitFor();
    const text = await row.innerText();
    expect(text).toContain(`卫生间漏水 #${tag}`);
    expect(text).toContain("逾期");
    expect(text).toContain("待派工");
    // Why it is late, as repairs' late list says.
    expect(await row.getByTestId("late-why").allInnerTexts()).toContain("预约时段已过");
    await row.scrollIntoViewIfNeeded();
    await shot(page, "supervisor-late");
    await row.getByRole("button", { name: "派工" }).click();
    await row.locator("select[name=technician]").selectOption(techId);
    await row.getByRole("button", { name: "确认派工" }).click();
    await expect.poll(() => row.innerText()).toContain("已派工");
    expect(await row.innerText()).toContain("维修员：赵强");
    const saved = await apiAs<{ status: string; technician_id: string }>(
      "sun.supervisor",
      "GET",
      `/repairs/estates/${sun}/work-orders/${orderId}`,
    );
    expect(saved.status).toBe("dispatched");
    expect(saved.technician_id).toBe(techId);
  });

  it("assigns a new complaint to a department", async () => {
    await page.locator("body").press("2");
    const waiting = page.getByTestId("sup-assign");
    const row = waiting.locator(`[data-testid=complaint-row][data-id="${complaintId}"]`);
    await row.waitFor();
    expect(await row.innerText()).toContain(`夜间装修噪音 #${tag}`);
    // First its type: decoration noise is decoration management's.
    await row.getByRole("button", { name: "定类型与级别" }).click();
    await row.locator("select[name=type]").selectOption("decoration");
    await row.locator("select[name=validity]").selectOption("valid");
    await row.locator("input[name=reason]").fill("装修时间外施工");
    await row.getByRole("button", { name: "保存" }).click();
    // Saved, the form closes and the row shows what was decided.
    await row.locator("form").waitFor({ state: "detached" });
    await expect.poll(() => row.getByTestId("complaint-type").innerText()).toBe("装修管理");
    await expect.poll(() => row.getByTestId("complaint-validity").innerText()).toBe("有效投诉");
    await row.getByRole("button", { name: "分派" }).click();
    await row.locator("select[name=department]").selectOption("engineering");
    await row.getByRole("button", { name: "确认分派" }).click();
    // Assigned, it leaves the list of what waits.
    await row.waitFor({ state: "detached" });
    const saved = await apiAs<{ status: string; department: string; deadline_at: string | null; type: string }>(
      "sun.supervisor",
      "GET",
      `/complaints/estates/${sun}/complaints/${complaintId}`,
    );
    expect(saved.status).toBe("assigned");
    expect(saved.department).toBe("engineering");
    expect(saved.type).toBe("decoration");
    expect(saved.deadline_at).not.toBeNull();
  });

  it("replies to a resolved complaint, records the follow-up call, and it closes", async () => {
    await page.locator("body").press("3");
    const queue = page.getByTestId("sup-follow-up");
    // Repairs' follow-ups owed, the ones past their seven days first and marked (the demo's older orders).
    const firstOrder = queue.locator("[data-testid=work-order-row]").first();
    await firstOrder.waitFor();
    expect(await firstOrder.getByTestId("late-why").allInnerTexts()).toContain("回访逾期");
    const row = queue.locator(`[data-testid=complaint-row][data-id="${resolvedId}"]`);
    await row.waitFor();
    expect(await row.innerText()).toContain("已处理");
    await row.locator("input").first().fill("已更换灯泡，请您查看");
    await row.getByRole("button", { name: "答复住户" }).click();
    await expect.poll(() => row.innerText()).toContain("已回复");
    await row.locator("select").last().selectOption("satisfied");
    await row.getByRole("button", { name: "保存回访" }).click();
    // Closed, it leaves the queue.
    await row.waitFor({ state: "detached" });
    const saved = await apiAs<{ status: string; satisfaction: string }>(
      "sun.supervisor",
      "GET",
      `/complaints/estates/${sun}/complaints/${resolvedId}`,
    );
    expect(saved.status).toBe("closed");
    expect(saved.satisfaction).toBe("satisfied");
  });

  it("approves last week's followed-up orders on the Monday", async () => {
    await page.locator("body").press("4");
    const weekly = page.getByTestId("sup-weekly");
    await weekly.waitFor();
    await weekly.getByRole("button", { name: "审核这一周" }).click();
    await weekly.getByRole("status").filter({ hasText: /已审核 \d{4}-\d{2}-\d{2} 起一周的 \d+ 张工单/ }).waitFor();
    await weekly.getByTestId("follow-up-rate").waitFor();
  });

  it("shows the month's figures of complaints, repairs and fees, with their CSV", async () => {
    await page.locator("body").press("5");
    const stats = page.getByTestId("sup-stats");
    await stats.waitFor();
    await stats.getByTestId("complaints-received").waitFor();
    expect(Number(await stats.getByTestId("complaints-received").innerText())).toBeGreaterThan(0);
    // The month's fees and who owes how long, from billing.
    await stats.getByTestId("fee-stats").waitFor();
    await stats.getByTestId("arrears").waitFor();
    const download = page.waitForEvent("download");
    await stats.getByRole("link", { name: "下载 CSV" }).first().click();
    expect((await download).suggestedFilename()).toMatch(/\.csv$/);
    await shot(page, "supervisor-stats");
  });
});
