// Reading head office's figures through the gateway: repairs', billing's and complaints'
// month of every estate, one request each, one row per estate, all from read models.
// Repairs is required; complaints and billing may be missing (their figures then show "—" and
// the page says which source it could not read).

import { get } from "../api/client";
import type { Estate } from "../api/types";
import {
  figuresOf,
  lastMonths,
  type BillingStats,
  type ComplaintsMonth,
  type Figures,
  type RepairsStats,
} from "./figures";

export type Source = "complaints" | "billing";

export interface Loaded {
  rows: Figures[];
  /** Sources that did not answer. */
  missing: Source[];
}

async function optional<T>(p: Promise<T>): Promise<T | null> {
  try {
    return await p;
  } catch {
    return null;
  }
}

/** `f` over `items`, at most `width` at a time. */
async function limited<A, B>(items: A[], width: number, f: (a: A) => Promise<B>): Promise<B[]> {
  const out: B[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await f(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
  return out;
}

const complaintsOf = (estateId: string, month: string) =>
  optional(get<ComplaintsMonth>(`/complaints/estates/${estateId}/stats`, { month }));

/** An estate's month with no complaints. */
function noComplaints(month: string, estateId: string): ComplaintsMonth {
  const totals = {
    received: 0,
    valid: 0,
    invalid: 0,
    resolved: 0,
    on_time: 0,
    replied: 0,
    followed_up: 0,
    satisfied: 0,
    basically_satisfied: 0,
    dissatisfied: 0,
  };
  return { month, estate_id: estateId, totals, rates: { validity: null, on_time: null, satisfaction: null, follow_up: null } };
}

/** Every estate's figures for `month`. */
export async function loadMonth(month: string, estates: Estate[]): Promise<Loaded> {
  const [repairs, billing, complaints] = await Promise.all([
    get<RepairsStats>("/repairs/stats", { month }),
    optional(get<BillingStats>("/billing/stats", { month })),
    optional(get<{ month: string; items: ComplaintsMonth[] }>("/complaints/stats/estates", { month })),
  ]);
  const missing: Source[] = [];
  if (!billing) missing.push("billing");
  if (estates.length > 0 && !complaints) missing.push("complaints");
  const rows = estates.map((e) =>
    figuresOf(
      e,
      repairs.items.find((r) => r.estate_id === e.estate_id) ?? null,
      complaints ? (complaints.items.find((c) => c.estate_id === e.estate_id) ?? noComplaints(month, e.estate_id)) : null,
      billing?.items.find((b) => b.estate_id === e.estate_id) ?? null,
    ),
  );
  return { rows, missing };
}

export interface Trend {
  months: string[];
  /** One estate's figures, month by month (oldest first). */
  rows: Figures[];
  missing: Source[];
}

/** One estate's figures over the `n` months to `month`. */
export async function loadTrend(month: string, estate: Estate, n = 6): Promise<Trend> {
  const months = lastMonths(month, n);
  const [repairs, billing, complaints] = await Promise.all([
    get<RepairsStats>("/repairs/stats", { month, months: n, estate_id: estate.estate_id }),
    limited(months, 3, (m) => optional(get<BillingStats>("/billing/stats", { month: m }))),
    limited(months, 3, (m) => complaintsOf(estate.estate_id, m)),
  ]);
  const missing: Source[] = [];
  if (billing.every((b) => b === null)) missing.push("billing");
  if (complaints.every((c) => c === null)) missing.push("complaints");
  const rows = months.map((m, i) =>
    figuresOf(
      estate,
      repairs.items.find((r) => r.month === m) ?? null,
      complaints[i],
      billing[i]?.items.find((b) => b.estate_id === estate.estate_id) ?? null,
    ),
  );
  return { months, rows, missing };
}
