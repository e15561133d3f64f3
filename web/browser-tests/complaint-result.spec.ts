// A complaint's department result (处理结果): the department (here its technician) records what
// it did from the complaint's page, and so does a supervisor, in English; the desk then owes the
// person the reply.

import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiAs, BASE, estateId, launch, newContext, runTag, shot, signIn } from "./helpers";

let browser: Browser;
let sun: string;
const tag = runTag();

interface Complaint {
  complaint_id: string;
  status: string;
  details: Record<string, unknown>;
}

async function assignedComplaint(description: string): Promise<string> {
  const c = await apiAs<{ complaint_id: string }>("sun.desk", "POST", `/complaints/estates/${sun}/complaints`, {
    channel: "phone",
    complainant_name: "周先生",
    unit_label: "4-1-601",
    description,
    location: "4栋电梯",
  });
  await apiAs("sun.supervisor", "POST", `/complaints/estates/${sun}/complaints/${c.complaint_id}/assign`, {
    department: "engineering",
  });
  return c.complaint_id;
}

const complaint = (id: string) => apiAs<Complaint>("sun.supervisor", "GET", `/complaints/estates/${sun}/complaints/${id}`);

beforeAll(async () => {
  browser = await launch();
  sun = await estateId("sun.desk", "SUN");
});
afterAll(async () => {
  await browser?.close();
});

describe("the department's result of a complaint", () => {
  it("is recorded by the department from the complaint's page", async () => {
    const id = await assignedComplaint(`电梯按钮失灵 #${tag}`);
    const page: Page = await (await newContext(browser)).newPage();
    await signIn(page, "sun.tech");
    await page.goto(`${BASE}/desk/${sun}/complaints/${id}`);
    const detail = page.getByTestId("complaint-detail");
    await detail.waitFor();
    expect(await detail.innerText()).toContain(`电梯按钮失灵 #${tag}`);
    expect(await detail.innerText()).toContain("工程部");
    expect(await detail.innerText()).toContain("4栋电梯");
    const form = page.getByTestId("resolve-form");
    // An empty result is refused before anything is sent.
    await form.getByRole("button", { name: "登记处理结果" }).click();
    expect(await form.getByRole("alert").innerText()).toBe("请写下部门是怎么处理的。");
    // "A" jumps to the result.
    await page.locator("body").click({ position: { x: 5, y: 700 } });
    await page.keyboard.press("a");
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute("name"))).toBe("result");
    await page.keyboard.type("已更换4栋电梯按钮面板，试运行正常");
    await shot(page, "complaint-result");
    await form.getByRole("button", { name: "登记处理结果" }).click();
    await expect.poll(() => page.getByTestId("cd-status").innerText()).toBe("已处理");
    expect(await page.getByTestId("cd-result").innerText()).toContain("已更换4栋电梯按钮面板");
    // Recorded once: the form is gone.
    expect(await page.getByTestId("resolve-form").count()).toBe(0);
    const saved = await complaint(id);
    expect(saved.status).toBe("resolved");
    expect(saved.details.result).toBe("已更换4栋电梯按钮面板，试运行正常");
    await page.context().close();
  });

  it("is recorded by a supervisor, reached from the complaints list, in English", async () => {
    const id = await assignedComplaint(`Lobby door does not lock #${tag}`);
    const page: Page = await (await newContext(browser)).newPage();
    await page.goto(`${BASE}/login`);
    await page.getByTestId("lang-switch").click();
    await signIn(page, "sun.supervisor");
    await page.goto(`${BASE}/desk/${sun}/complaints`);
    await page.locator("[data-testid=complaints] tr", { hasText: `Lobby door does not lock #${tag}` }).getByRole("link").click();
    const form = page.getByTestId("resolve-form");
    await form.waitFor();
    expect(await page.locator("#cd-title").innerText()).toContain("Complaint");
    await form.locator("textarea[name=result]").fill("Lock replaced by engineering");
    await form.getByRole("button", { name: "Record the result" }).click();
    await expect.poll(() => page.getByTestId("cd-status").innerText()).toBe("Resolved");
    expect((await complaint(id)).status).toBe("resolved");
    await page.context().close();
  });

  it("is not offered to the desk, which only takes complaints in", async () => {
    const id = await assignedComplaint(`楼道堆放杂物 #${tag}`);
    const page: Page = await (await newContext(browser)).newPage();
    await signIn(page, "sun.desk");
    await page.goto(`${BASE}/desk/${sun}/complaints/${id}`);
    await page.getByTestId("complaint-detail").waitFor();
    expect(await page.getByTestId("resolve-form").count()).toBe(0);
    await page.context().close();
  });
});
