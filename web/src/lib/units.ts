import { get } from "../api/client";
import type { SearchHits } from "../api/types";

/** A typed unit number ("3-1-602") → the registry's unit id, or null when the estate has none. */
export async function findUnitId(estateId: string, label: string): Promise<string | null> {
  const want = label.trim().toUpperCase();
  if (!want) return null;
  const hits = await get<SearchHits>("/documents/search", { q: want, estate_id: estateId, limit: 20 });
  const hit = hits.items.find((h) => h.unit_label.toUpperCase() === want);
  return hit ? hit.unit_id : null;
}
