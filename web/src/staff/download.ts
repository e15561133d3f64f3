import { ApiError, loadSession, problemOf, withQuery } from "../api/client";

/**
 * Download a CSV of the API with the staff token (a plain link would go without it): fetched,
 * then saved under the name the service gives.
 */
export async function downloadCsv(path: string, query: Record<string, string>, fallbackName: string): Promise<void> {
  const session = loadSession();
  let res: Response;
  try {
    res = await fetch(withQuery(`/api/v1${path}`, query), {
      headers: session ? { authorization: `Bearer ${session.token}`, accept: "text/csv" } : { accept: "text/csv" },
    });
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
