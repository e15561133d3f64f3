// The entry's ownership (首问责任制) on its page: a desk colleague adds a note but cannot close
// another's entry and is told why in plain words; a supervisor reassigns it and the trail shows
// both owners; praise is passed to the staff record and closes only once its outcome is recorded.

import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiAs, BASE, estateId, launch, newContext, PASSWORD, runTag, shot, signIn } from "./helpers";

let browser: Browser;
let sun: string;
const tag = runTag();
// A second receptionist of 阳光花园, made for this run.
const colleague = { username: `sun.desk.${tag.toLowerCase()}`, name: `前台 许诺${tag}` };

interface Intake {
  intake_id: string;
  owner_id: string;
  status: string;
  trail?: { action: string; owner_id: string; note: string | null }[];
}

async function logged(category: string, request: string): Promise<string> {
  const i = await apiAs<Intake>("sun.desk", "POST", `/reception/estates/${sun}/intakes`, {
    channel: "phone",
    category,
    caller: { name: "王先生", phone: "13800001234", unit_label: "1-1-101" },
    request,
  });
  return i.intake_id;
}

const intake = (id: string) => apiAs<Intake>("sun.supervisor", "GET", `/reception/estates/${sun}/intakes/${id}`);

async function openEntry(username: string, id: string): Promise<Page> {
  const page = await (await newContext(browser, { height: 1400 })).newPage();
  await signIn(page, username);
  await page.goto(`${BASE}/desk/${sun}/intakes/${id}`);
  await page.getByTestId("intake-detail").waitFor();
  // The owner's name comes from the directory, a moment after the entry.
  await expect.poll(() => page.getByTestId("intake-owner").innerText()).not.toContain("不在名单上");
  return page;
}

async function tryClose(page: Page, result: string): Promise<void> {
  const form = page.getByTestId("close-form");
  await form.locator("textarea[name=result]").fill(result);
  await form.getByRole("button", { name: "注销 (Ctrl+Enter)" }).click();
}

beforeAll(async () => {
  browser = await launch();
  sun = await estateId("sun.desk", "SUN");
  await apiAs("admin", "POST", "/auth/staff", {
    username: colleague.username,
    display_name: colleague.name,
    password: PASSWORD,
    roles: ["receptionist"],
    estate_ids: [sun],
  });
});
afterAll(async () => {
  await browser?.close();
});

describe("the entry's owner (首问责任制)", () => {
  it("takes a colleague's note, refuses the colleague's closing in plain words, and passes by a supervisor's reassignment", async () => {
    const id = await logged("inquiry", `询问停车月卡怎么办理 #${tag}`);

    // A colleague at the desk: the owner is 林晓; a note is welcome, closing is not theirs.
    const desk2 = await openEntry(colleague.username, id);
    expect(await desk2.getByTestId("intake-owner").innerText()).toContain("前台 林晓");
    expect(await desk2.getByTestId("owner-hint").innerText()).toContain("这条记录由 前台 林晓 负责");
    expect(await desk2.getByTestId("reassign-form").count()).toBe(0);
    const note = desk2.getByTestId("note-form");
    await note.locator("textarea[name=note]").fill(`住户下午再来电，已告知先带行驶证 #${tag}`);
    await note.getByRole("button", { name: "添加备注" }).click();
    await expect.poll(() => desk2.getByTestId("intake-trail").innerText()).toContain(`已告知先带行驶证 #${tag}`);
    expect(await desk2.locator("[data-testid=intake-trail] tr[data-action=note]").innerText()).toContain(colleague.name);
    await tryClose(desk2, "已答复");
    const refusal = desk2.getByTestId("close-form").getByRole("alert");
    await refusal.waitFor();
    expect(await refusal.innerText()).toBe("这条记录不归您负责：只有负责人或主管可以注销。请添加备注说明情况。");
    expect(await desk2.locator("main").innerText()).not.toContain("not_entry_owner");
    await shot(desk2, "intake-ownership");
    let saved = await intake(id);
    expect(saved.status).toBe("open");

    // The supervisor gives it to the colleague, with the reason.
    const sup = await openEntry("sun.supervisor", id);
    const form = sup.getByTestId("reassign-form");
    await form.locator("select[name=owner_id]").selectOption({ label: colleague.name });
    await form.locator("input[name=reason]").fill("林晓今天调休");
    await form.getByRole("button", { name: "改派" }).click();
    await expect.poll(() => sup.getByTestId("intake-owner").innerText()).toContain(colleague.name);
    const trail = sup.getByTestId("intake-trail");
    expect(await trail.locator("tr[data-action=taken]").innerText()).toContain("前台 林晓");
    const reassigned = await trail.locator("tr[data-action=reassigned]").innerText();
    expect(reassigned).toContain("客服主管 周敏");
    expect(reassigned).toContain("林晓今天调休");
    expect(reassigned).toContain(colleague.name);
    saved = await intake(id);
    expect(saved.trail?.map((s) => s.action)).toEqual(["taken", "note", "reassigned"]);
    expect(new Set(saved.trail?.map((s) => s.owner_id)).size).toBe(2);
    await shot(sup, "intake-reassigned");

    // Now it is the colleague's: they close it.
    await desk2.reload();
    await desk2.getByTestId("intake-detail").waitFor();
    await expect.poll(() => desk2.getByTestId("intake-owner").innerText()).toContain("我");
    await tryClose(desk2, "已告知办理流程");
    await expect.poll(async () => (await intake(id)).status).toBe("closed");
    await desk2.context().close();
    await sup.context().close();
  });

  it("passes praise to the staff record and closes it only after its outcome", async () => {
    const id = await logged("praise", `表扬维修员赵强半夜修好水管 #${tag}`);
    const desk = await openEntry("sun.desk", id);

    // Not closed before something was done with it.
    await tryClose(desk, "已感谢住户");
    const refusal = desk.getByTestId("close-form").getByRole("alert");
    await refusal.waitFor();
    expect(await refusal.innerText()).toBe("表扬和建议要先有处理结果（转交并记录做了什么），才能注销。");

    // The owner passes it to the staff member's record.
    const refer = desk.getByTestId("refer-form");
    await refer.locator("input[name=staff_member]").fill("维修员 赵强");
    await refer.getByRole("button", { name: "转交" }).click();
    await expect.poll(() => desk.getByTestId("referral-to").innerText()).toContain("已转交：员工档案（维修员 赵强）");
    expect(await desk.getByTestId("referral-outcome").innerText()).toBe("等待处理结果；有结果后才能注销。");
    // The desk is not its recipient.
    expect(await desk.getByTestId("outcome-form").count()).toBe(0);

    // A supervisor verifies it and records the outcome.
    const sup = await openEntry("sun.supervisor", id);
    const outcome = sup.getByTestId("outcome-form");
    await outcome.locator("textarea[name=outcome]").fill("核实属实，已记入赵强的员工档案");
    await outcome.getByRole("button", { name: "记录处理结果" }).click();
    await expect.poll(() => sup.getByTestId("referral-outcome").innerText()).toContain("核实属实，已记入赵强的员工档案");
    expect(await sup.getByTestId("outcome-form").count()).toBe(0);

    // Then the owner closes it.
    await desk.reload();
    await desk.getByTestId("intake-detail").waitFor();
    await expect.poll(() => desk.getByTestId("referral-outcome").innerText()).toContain("客服主管 周敏");
    await shot(desk, "intake-referral");
    await tryClose(desk, "已转达住户的感谢并告知已记入档案");
    await expect.poll(() => desk.locator("#intake-title").innerText()).toContain("已注销");
    const saved = await intake(id);
    expect(saved.status).toBe("closed");
    expect(saved.trail?.map((s) => s.action)).toEqual(["taken", "referred", "outcome", "closed"]);
    await desk.context().close();
    await sup.context().close();
  });

  it("tells a colleague in English why the entry is not theirs to close", async () => {
    const id = await logged("inquiry", `Asks when the pool opens #${tag}`);
    const page = await (await newContext(browser)).newPage();
    await page.goto(`${BASE}/login`);
    await page.getByTestId("lang-switch").click();
    await signIn(page, colleague.username);
    await page.goto(`${BASE}/desk/${sun}/intakes/${id}`);
    await page.getByTestId("intake-detail").waitFor();
    await expect.poll(() => page.getByTestId("owner-hint").innerText()).toContain("This entry belongs to 前台 林晓");
    const form = page.getByTestId("close-form");
    await form.locator("textarea[name=result]").fill("Told them 6 a.m.");
    await form.getByRole("button", { name: "Close (Ctrl+Enter)" }).click();
    const refusal = form.getByRole("alert");
    await refusal.waitFor();
    expect(await refusal.innerText()).toBe("Only the entry's owner or a supervisor closes it; add a note instead.");
    expect((await intake(id)).status).toBe("open");
    await page.context().close();
  });

  it("lists only the entries I own with the queue's mine filter", async () => {
    const mineId = await logged("inquiry", `询问物业费怎么交 #${tag}`);
    const id = await logged("inquiry", `询问快递柜位置 #${tag}`);
    await apiAs("sun.supervisor", "POST", `/reception/estates/${sun}/intakes/${id}/reassign`, {
      owner_id: (await apiAs<{ items: { staff_id: string; display_name: string }[] }>("sun.desk", "GET", "/auth/directory")).items.find(
        (p) => p.display_name === colleague.name,
      )?.staff_id,
      reason: "交给许诺",
    });
    const page = await (await newContext(browser)).newPage();
    await signIn(page, "sun.desk");
    await page.goto(`${BASE}/desk/${sun}`);
    await page.locator("[data-testid=queue] tr", { hasText: `询问快递柜位置 #${tag}` }).waitFor();
    await page.getByTestId("queue-mine").click();
    await expect.poll(() => page.url()).toContain("mine=1");
    await page.locator("[data-testid=queue] tr", { hasText: `询问物业费怎么交 #${tag}` }).waitFor();
    await expect.poll(() => page.locator("[data-testid=queue] tr", { hasText: `询问快递柜位置 #${tag}` }).count()).toBe(0);
    expect(mineId).not.toBe(id);
    await page.context().close();
  });
});
