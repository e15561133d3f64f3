// Shared by the browser tests: Debian's Chromium driven by playwright-core (no browser
// download), a signed-in page per member of staff, screenshots for the README, and a few direct
// API calls to set the scene.

import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";

export const BASE = (process.env.DESK_WEB_URL ?? "http://127.0.0.1:8090").replace(/\/$/, "");
export const PASSWORD = "desk-demo-2026";
const here = dirname(fileURLToPath(import.meta.url));
export const SHOTS = resolve(process.env.DESK_SCREENSHOTS ?? join(here, "..", "..", "docs", "screenshots"));

/** Headless Debian Chromium. playwright-core gives every launch a fresh temporary --user-data-dir. */
export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

export async function newContext(browser: Browser, opts: { width?: number; height?: number } = {}): Promise<BrowserContext> {
  return browser.newContext({
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
    viewport: { width: opts.width ?? 1280, height: opts.height ?? 800 },
    deviceScaleFactor: 1,
  });
}

/** Open the desk, sign in through the form, and wait for the desk (or the estate picker). */
export async function signIn(page: Page, username: string): Promise<void> {
  await page.goto(`${BASE}/login`);
  await page.locator("input[name=username]").fill(username);
  await page.locator("input[name=password]").fill(PASSWORD);
  await page.locator("form.login button[type=submit]").click();
  await page.waitForSelector("nav.side, .picker", { timeout: 20_000 });
}

export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

/** A unique word for this run, so that reruns against the same database find their own rows. */
export function runTag(): string {
  return Date.now().toString(36).slice(-5).toUpperCase();
}

// Direct API calls (Node's fetch) for setting the scene.

export async function token(username: string): Promise<{ token: string; staff: { staff_id: string; scope: { ids?: string[] } } }> {
  const r = await fetch(`${BASE}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  if (!r.ok) throw new Error(`sign-in of ${username} failed: ${r.status}`);
  return r.json();
}

export async function apiAs<T>(username: string, method: string, path: string, body?: unknown): Promise<T> {
  const { token: tk } = await token(username);
  const r = await fetch(`${BASE}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${tk}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!r.ok) throw new Error(`${method} ${path} → ${r.status} ${await r.text()}`);
  return r.json() as Promise<T>;
}

export async function estateId(username: string, code: string): Promise<string> {
  const p = await apiAs<{ items: { estate_id: string; code: string }[] }>(username, "GET", "/documents/estates");
  const e = p.items.find((x) => x.code === code);
  if (!e) throw new Error(`${username} has no estate ${code}`);
  return e.estate_id;
}

/** The text of the page's main area, to check that nothing of a refused record shows. */
export async function mainText(page: Page): Promise<string> {
  return (await page.locator("main").innerText()).trim();
}
