// Editing the address does not open another estate's records: a receptionist of 翠湖苑 (LAK)
// and one of another group get a refusal in plain words, and none of the entry's data.

import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiAs, BASE, estateId, launch, mainText, newContext, runTag, signIn } from "./helpers";

let browser: Browser;
let sun: string;
let lak: string;
let intakeId: string;
const secret = `三楼走廊灯不亮 #${runTag()}`;

beforeAll(async () => {
  browser = await launch();
  sun = await estateId("sun.desk", "SUN");
  lak = await estateId("lak.desk", "LAK");
  const i = await apiAs<{ intake_id: string }>("sun.desk", "POST", `/reception/estates/${sun}/intakes`, {
    channel: "phone",
    category: "inquiry",
    caller: { name: "王先生", phone: "13911112222" },
    request: secret,
  });
  intakeId = i.intake_id;
});
afterAll(async () => {
  await browser?.close();
});

describe("another estate's entry", () => {
  it("is refused to a receptionist of another estate who edits the URL", async () => {
    const page = await (await newContext(browser)).newPage();
    await signIn(page, "lak.desk");
    await page.goto(`${BASE}/desk/${sun}/intakes/${intakeId}`);
    const refusal = page.locator("main [role=alert]");
    await refusal.waitFor();
    expect(await refusal.innerText()).toContain("这个小区不在您的管辖范围内");
    const text = await mainText(page);
    expect(text).not.toContain(secret);
    expect(text).not.toContain("王先生");
    expect(text).not.toContain("estate_out_of_scope");
    await page.context().close();
  });

  it("is not found under the receptionist's own estate either", async () => {
    const page = await (await newContext(browser)).newPage();
    await signIn(page, "lak.desk");
    await page.goto(`${BASE}/desk/${lak}/intakes/${intakeId}`);
    const refusal = page.locator("main [role=alert]");
    await refusal.waitFor();
    expect(await refusal.innerText()).toContain("没有找到这条记录");
    expect(await mainText(page)).not.toContain(secret);
    await page.context().close();
  });

  it("is refused to staff of another group", async () => {
    const page = await (await newContext(browser)).newPage();
    await signIn(page, "oth.desk");
    await page.goto(`${BASE}/desk/${sun}/intakes/${intakeId}`);
    const refusal = page.locator("main [role=alert]");
    await refusal.waitFor();
    expect(await refusal.innerText()).toContain("这个小区不在您的管辖范围内");
    expect(await mainText(page)).not.toContain(secret);
    await page.context().close();
  });

  it("opens for the receptionist of its own estate", async () => {
    const page = await (await newContext(browser)).newPage();
    await signIn(page, "sun.desk");
    await page.goto(`${BASE}/desk/${sun}/intakes/${intakeId}`);
    await page.waitForSelector("[data-testid=intake-detail]");
    expect(await mainText(page)).toContain(secret);
    // The full number, to call back.
    expect(await page.locator(".callback").innerText()).toBe("139 1111 2222");
    await page.context().close();
  });
});
