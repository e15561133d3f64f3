// The resident portal's own way to the gateway: the resident's token (never a staff one) in
// the Authorization header, kept under its own key so a desk session in the same browser is
// never mixed with it. Refusals become the same ApiError as the desk's.

import { ApiError, problemOf, withQuery } from "../api/client";
import type { ResidentSignedIn } from "./types";

const SESSION_KEY = "portal.session";

export function loadResident(now: Date = new Date()): ResidentSignedIn | null {
  try {
    const raw = localStorage.getItem(SESSION_KEY);
    if (!raw) return null;
    const s = JSON.parse(raw) as ResidentSignedIn;
    if (!s.token || new Date(s.expires_at) <= now) return null;
    return s;
  } catch {
    return null;
  }
}

export function saveResident(s: ResidentSignedIn | null): void {
  try {
    if (s) localStorage.setItem(SESSION_KEY, JSON.stringify(s));
    else localStorage.removeItem(SESSION_KEY);
  } catch {
    // Private mode: signed in for this page only.
  }
}

let onSignedOut: () => void = () => {};

/** Called when the token is refused: the portal signs out. */
export function setPortalSignedOut(f: () => void): void {
  onSignedOut = f;
}

export async function portalApi<T>(
  method: "GET" | "POST",
  path: string,
  opts: { body?: unknown; raw?: Blob; query?: Record<string, string | number | undefined>; idempotencyKey?: string } = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (opts.idempotencyKey) headers["idempotency-key"] = opts.idempotencyKey;
  const session = loadResident();
  if (session) headers.authorization = `Bearer ${session.token}`;
  let body: BodyInit | undefined;
  if (opts.raw) {
    headers["content-type"] = opts.raw.type;
    body = opts.raw;
  } else if (opts.body !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(opts.body);
  }
  let res: Response;
  try {
    res = await fetch(withQuery(`/api/v1${path}`, opts.query), { method, headers, body });
  } catch {
    throw new ApiError(0, "network", "");
  }
  if (!res.ok) {
    const err = await problemOf(res);
    if (res.status === 401 && session) onSignedOut();
    throw err;
  }
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

export const pget = <T>(path: string) => portalApi<T>("GET", path);
export const ppost = <T>(path: string, body: unknown, idempotencyKey?: string) =>
  portalApi<T>("POST", path, { body, idempotencyKey });

/** A key for one report, so that sending it again (a phone on a poor network) keeps it once. */
export function newKey(): string {
  if (typeof crypto !== "undefined" && typeof crypto.randomUUID === "function") return crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

/** A photo of the resident's order, as an object URL for an <img> (the token travels in a header). */
export async function photoUrl(estate: string, order: string, photo: string): Promise<string> {
  const session = loadResident();
  const res = await fetch(`/api/v1/repairs/resident/estates/${estate}/work-orders/${order}/photos/${photo}`, {
    headers: session ? { authorization: `Bearer ${session.token}` } : {},
  });
  if (!res.ok) throw await problemOf(res);
  return URL.createObjectURL(await res.blob());
}
