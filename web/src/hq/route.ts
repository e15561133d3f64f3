// Head office's addresses: /hq (the ranking) and /hq/estates/{id} (one estate), each with
// ?month=YYYY-MM.

export type HqRoute = { page: "ranking" } | { page: "estate"; id: string } | { page: "unknown" };

/** "/hq" → ranking, "/hq/estates/{id}" → one estate. */
export function parseHqRoute(address: string): HqRoute {
  const parts = address.split("?")[0].split("/").filter(Boolean).map(decodeURIComponent);
  if (parts[0] !== "hq") return { page: "unknown" };
  if (parts.length === 1) return { page: "ranking" };
  if (parts.length === 3 && parts[1] === "estates") return { page: "estate", id: parts[2] };
  return { page: "unknown" };
}

export const hqPaths = {
  ranking: (month: string) => `/hq?month=${month}`,
  estate: (id: string, month: string) => `/hq/estates/${id}?month=${month}`,
};
