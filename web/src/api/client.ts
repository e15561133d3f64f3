// The one way the desk talks to the gateway: JSON in and out, the staff token in the
// Authorization header, and every refusal turned into an ApiError carrying the problem's
// stable `code` and plain-words `title` (never the raw body).

import type { SignedIn } from "./types";

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail?: string;

  constructor(status: number, code: string, title: string, detail?: string) {
    super(title);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.title = title;
    this.detail = detail;
  }
}

const SESSION_KEY = "desk.session";

/** The signed-in member of staff, kept for the browser tab (sessionStorage). */
export function loadSession(now: Date = new Date()): SignedIn | null {
  try {
    const raw = sessionStorage.getItem(SESSION_KEY);
    if (!raw) return null;
    const s = JSON.parse(raw) as SignedIn;
    if (!s.token || new Date(s.expires_at) <= now) return null;
    return s;
  } catch {
    return null;
  }
}

export function saveSession(s: SignedIn | null): void {
  if (s) sessionStorage.setItem(SESSION_KEY, JSON.stringify(s));
  else sessionStorage.removeItem(SESSION_KEY);
}

let onUnauthenticated: () => void = () => {};

/** Called when a token is refused (expired or revoked): the app signs out. */
export function setUnauthenticatedHandler(f: () => void): void {
  onUnauthenticated = f;
}

/** Turn any failed answer into an ApiError; the body is read only for its problem fields. */
export async function problemOf(res: Response): Promise<ApiError> {
  let code = `http_${res.status}`;
  let title = "";
  let detail: string | undefined;
  try {
    const body = (await res.json()) as { code?: unknown; title?: unknown; detail?: unknown };
    if (typeof body.code === "string") code = body.code;
    if (typeof body.title === "string") title = body.title;
    if (typeof body.detail === "string") detail = body.detail;
  } catch {
    // Not a problem document (a proxy's error page, say): the status code speaks for it.
  }
  return new ApiError(res.status, code, title, detail);
}

type Query = Record<string, string | number | boolean | undefined | null>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null && v !== "") p.set(k, String(v));
  }
  const s = p.toString();
  return s ? `${path}?${s}` : path;
}

export async function api<T>(
  method: "GET" | "POST" | "PATCH",
  path: string,
  opts: { body?: unknown; query?: Query; idempotencyKey?: string } = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  const session = loadSession();
  if (session) headers.authorization = `Bearer ${session.token}`;
  if (opts.body !== undefined) headers["content-type"] = "application/json";
  if (opts.idempotencyKey) headers["idempotency-key"] = opts.idempotencyKey;
  let res: Response;
  try {
    res = await fetch(withQuery(`/api/v1${path}`, opts.query), {
      method,
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    });
  } catch {
    throw new ApiError(0, "network", "");
  }
  if (!res.ok) {
    const err = await problemOf(res);
    if (res.status === 401 && session) onUnauthenticated();
    throw err;
  }
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

export const get = <T>(path: string, query?: Query) => api<T>("GET", path, { query });
export const post = <T>(path: string, body?: unknown, idempotencyKey?: string) =>
  api<T>("POST", path, { body: body ?? {}, idempotencyKey });
export const patch = <T>(path: string, body: unknown) => api<T>("PATCH", path, { body });
