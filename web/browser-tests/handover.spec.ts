// 交接班: the day shift writes in the duty log and hands over; the next person sees the log and
// the open entries, and acknowledges, which opens their shift. One person cannot acknowledge
// their own handover.

import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiAs, estateId, launch, newContext, runTag, shot, signIn, token } from "./helpers";

interface Current {
  shift: { shift_id: string } | null;
  previous: { shift_id: string; status: string; handed_over_by: string | null } | null;
}

let browser: Browser;
let desk: Page;
let sun: string;
const tag = runTag();
const note = `3栋电梯异响,已报工程部 #${tag}`;

/**
 * Whatever earlier runs left, bring the estate to "nothing on duty", or "a handover by someone
 * other than sun.desk waits": both let sun.desk start a shift in the browser.
 */
async function settle(): Promise<void> {
  const path = `/reception/estates/${sun}/shifts`;
  const deskId = (await token("sun.desk")).staff.staff_id;
  let c = await apiAs<Current>("sun.supervisor", "GET", `${path}/current`);
  if (c.shift) {
    await apiAs("sun.supervisor", "POST", `${path}/${c.shift.shift_id}/handover`);
    c = await apiAs<Current>("sun.supervisor", "GET", `${path}/current`);
  }
  if (!c.shift && c.previous?.status === "handed_over" && c.previous.handed_over_by === deskId) {
    const taken = await apiAs<{ shift: { shift_id: string } }>("sun.supervisor", "POST", `${path}/${c.previous.shift_id}/acknowledge`, {
      kind: "day",
    });
    await apiAs("sun.supervisor", "POST", `${path}/${taken.shift.shift_id}/handover`);
  }
}

beforeAll(async () => {
  browser = await launch();
  sun = await estateId("sun.desk", "SUN");
  await settle();
  desk = await (await newContext(browser)).newPage();
  await signIn(desk, "sun.desk");
});
afterAll(async () => {
  await browser?.close();
});

describe("the shift handover", () => {
  it("opens (or takes over) the receptionist's shift and writes in the duty log", async () => {
    await desk.locator("body").press("h");
    await desk.waitForSelector("#handover-title");
    const waiting = desk.getByTestId("waiting-handover");
    const onDuty = desk.getByTestId("on-duty");
    await desk.waitForSelector("[data-testid=waiting-handover], [data-testid=on-duty], button:has-text('开班')");
    if (await waiting.count()) {
      await waiting.getByRole("button", { name: "确认接班" }).click();
    } else if (!(await onDuty.count())) {
      await desk.getByRole("button", { name: "开班" }).click();
    }
    await onDuty.waitFor();
    await desk.locator("input[name=note]").fill(note);
    await desk.getByLabel("重要").check();
    await desk.getByRole("button", { name: "记下" }).click();
    await expect.poll(() => onDuty.innerText()).toContain(note);
  });

  it("hands over, and cannot acknowledge its own handover", async () => {
    await desk.getByRole("button", { name: "交班" }).click();
    const waiting = desk.getByTestId("waiting-handover");
    await waiting.waitFor();
    expect(await waiting.innerText()).toContain(note);
    await waiting.getByRole("button", { name: "确认接班" }).click();
    await desk.getByRole("alert").filter({ hasText: "不能确认自己的交班" }).waitFor();
  });

  it("is acknowledged by the next shift, who sees the duty log and the open entries", async () => {
    const next = await (await newContext(browser)).newPage();
    await signIn(next, "sun.supervisor");
    await next.goto(`${new URL(next.url()).origin}/desk/${sun}/handover`);
    const waiting = next.getByTestId("waiting-handover");
    await waiting.waitFor();
    const text = await waiting.innerText();
    expect(text).toContain(note);
    expect(text).toMatch(/移交的未结事项（\d+）/);
    await shot(next, "handover");
    await next.getByLabel("接班班次").selectOption("night");
    await waiting.getByRole("button", { name: "确认接班" }).click();
    const onDuty = next.getByTestId("on-duty");
    await onDuty.waitFor();
    expect(await onDuty.innerText()).toContain("夜班");
    // The night shift still reads what the day shift handed over.
    expect(await next.locator("main").innerText()).toContain(note);
    await next.context().close();
  });
});
