// Downloads and uploads that carry the staff token: a plain link would go without it, and the
// registry import shows its upload's progress, which fetch cannot.

import { ApiError, loadSession, problemOf, withQuery } from "../api/client";

/** Fetch a CSV of the API with the token and save it under the name the service gives. */
export async function downloadCsv(path: string, query: Record<string, string>, fallbackName: string): Promise<void> {
  const session = loadSession();
  const headers: Record<string, string> = { accept: "text/csv" };
  if (session) headers.authorization = `Bearer ${session.token}`;
  let res: Response;
  try {
    res = await fetch(withQuery(`/api/v1${path}`, query), { headers });
  } catch {
    throw new ApiError(0, "network", "");
  }
  if (!res.ok) throw await problemOf(res);
  const blob = await res.blob();
  const named = /filename="?([^";]+)"?/.exec(res.headers.get("content-disposition") ?? "");
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = named ? named[1] : fallbackName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

/** One thing wrong with one line of an import (the header is line 1). */
export interface LineError {
  line: number;
  field: string;
  reason: string;
}

export interface UploadAnswer {
  status: number;
  body: unknown;
}

/**
 * POST a file's bytes with XMLHttpRequest, reporting the share sent (0–1) as it goes. Resolves
 * with the status and the parsed JSON body whatever the status; rejects only when the server
 * could not be reached.
 */
export function uploadWithProgress(
  path: string,
  body: Blob,
  contentType: string,
  onProgress: (sent: number) => void,
): Promise<UploadAnswer> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/api/v1${path}`);
    const session = loadSession();
    if (session) xhr.setRequestHeader("authorization", `Bearer ${session.token}`);
    xhr.setRequestHeader("content-type", contentType);
    xhr.setRequestHeader("accept", "application/json");
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.upload.onload = () => onProgress(1);
    xhr.onerror = () => reject(new ApiError(0, "network", ""));
    xhr.onload = () => {
      let parsed: unknown = null;
      try {
        parsed = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        parsed = null;
      }
      resolve({ status: xhr.status, body: parsed });
    };
    xhr.send(body);
  });
}

/** The ApiError of a failed upload's answer, and its list of lines to fix, if any. */
export function uploadProblem(a: UploadAnswer): { error: ApiError; lines: LineError[] } {
  const b = (a.body ?? {}) as { code?: unknown; title?: unknown; detail?: unknown; errors?: unknown };
  const error = new ApiError(
    a.status,
    typeof b.code === "string" ? b.code : `http_${a.status}`,
    typeof b.title === "string" ? b.title : "",
    typeof b.detail === "string" ? b.detail : undefined,
  );
  const lines = Array.isArray(b.errors)
    ? (b.errors as LineError[]).filter((l) => typeof l?.line === "number")
    : [];
  return { error, lines };
}

/** PUT a JSON body (the desk's client speaks GET, POST and PATCH only). */
export async function putJson<T>(path: string, body: unknown): Promise<T> {
  const session = loadSession();
  const headers: Record<string, string> = { accept: "application/json", "content-type": "application/json" };
  if (session) headers.authorization = `Bearer ${session.token}`;
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, { method: "PUT", headers, body: JSON.stringify(body) });
  } catch {
    throw new ApiError(0, "network", "");
  }
  if (!res.ok) throw await problemOf(res);
  return (await res.json()) as T;
}
