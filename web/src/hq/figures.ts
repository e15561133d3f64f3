// Head office's figures of an estate for a month, put together from three services' read models
// (repairs' and complaints' monthly statistics, billing's month), and how estates are ranked.
//
// The five rates HQ compares:
// - on-time: repairs started by the end of the agreed window, and complaints resolved by their
//   deadline, over the repairs with an appointment and the complaints resolved;
// - validity: valid complaints over those judged (投诉有效率);
// - follow-up: repairs done and complaints replied to that got a follow-up visit (回访率; repairs
//   must reach 60 %);
// - satisfaction: residents visited who were satisfied or basically satisfied, repairs and
//   complaints together;
// - collection: what was collected of the month's charges (billing).
// The combined rank is the mean of the rates an estate has (a rate with nothing to count is left
// out, not taken as zero); estates with none come last.

import type { Estate } from "../api/types";

export interface RepairsMonth {
  estate_id: string;
  month: string;
  opened: number;
  completed: number;
  with_appointment: number;
  arrived_on_time: number;
  followed_up: number;
  satisfied: number;
  avg_overall: number | null;
  avg_minutes_to_complete: number | null;
  revenue_fen: number;
  done: number;
  done_followed_up: number;
  rates: { on_time: number | null; follow_up: number | null; satisfaction: number | null };
  below_follow_up_floor: boolean;
}

export interface RepairsStats {
  month: string;
  months: number;
  items: RepairsMonth[];
}

export interface ComplaintTotals {
  received: number;
  valid: number;
  invalid: number;
  resolved: number;
  on_time: number;
  replied: number;
  followed_up: number;
  satisfied: number;
  basically_satisfied: number;
  dissatisfied: number;
}

export interface ComplaintsMonth {
  month: string;
  estate_id: string | null;
  totals: ComplaintTotals;
  rates: { validity: number | null; on_time: number | null; satisfaction: number | null; follow_up: number | null };
}

export interface BillingEstate {
  estate_id: string;
  charged_fen: number;
  collected_fen: number;
  arrears_fen: number;
  collection_rate: number | null;
}

export interface BillingStats {
  month: string;
  items: BillingEstate[];
}

export type RateKey = "onTime" | "validity" | "followUp" | "satisfaction" | "collection";
export const RATE_KEYS: RateKey[] = ["onTime", "validity", "followUp", "satisfaction", "collection"];
export type SortKey = "score" | "name" | RateKey;

export interface Figures {
  estate: Estate;
  repairs: RepairsMonth | null;
  complaints: ComplaintsMonth | null;
  billing: BillingEstate | null;
  onTime: number | null;
  validity: number | null;
  followUp: number | null;
  satisfaction: number | null;
  collection: number | null;
  /** The mean of the rates there are. */
  score: number | null;
}

export function rateOf(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

export function figuresOf(
  estate: Estate,
  repairs: RepairsMonth | null,
  complaints: ComplaintsMonth | null,
  billing: BillingEstate | null,
): Figures {
  const r = repairs;
  const c = complaints?.totals ?? null;
  const onTime = rateOf((r?.arrived_on_time ?? 0) + (c?.on_time ?? 0), (r?.with_appointment ?? 0) + (c?.resolved ?? 0));
  const validity = c ? rateOf(c.valid, c.valid + c.invalid) : null;
  const followUp = rateOf((r?.done_followed_up ?? 0) + (c?.followed_up ?? 0), (r?.done ?? 0) + (c?.replied ?? 0));
  const satisfaction = rateOf(
    (r?.satisfied ?? 0) + (c ? c.satisfied + c.basically_satisfied : 0),
    (r?.followed_up ?? 0) + (c?.followed_up ?? 0),
  );
  const collection =
    billing === null ? null : (billing.collection_rate ?? rateOf(billing.collected_fen, billing.charged_fen));
  const rates = [onTime, validity, followUp, satisfaction, collection].filter((x): x is number => x !== null);
  const score = rates.length > 0 ? rates.reduce((a, b) => a + b, 0) / rates.length : null;
  return { estate, repairs, complaints, billing, onTime, validity, followUp, satisfaction, collection, score };
}

/** Sorted by `key`; an estate without the figure always comes after those with it; ties by name. */
export function sortFigures(rows: Figures[], key: SortKey, dir: "asc" | "desc"): Figures[] {
  const sign = dir === "asc" ? 1 : -1;
  const byName = (a: Figures, b: Figures) => a.estate.name.localeCompare(b.estate.name, "zh-CN") || a.estate.code.localeCompare(b.estate.code);
  return [...rows].sort((a, b) => {
    if (key === "name") return sign * byName(a, b);
    const x = a[key];
    const y = b[key];
    if (x === null && y === null) return byName(a, b);
    if (x === null) return 1;
    if (y === null) return -1;
    return sign * (x - y) || byName(a, b);
  });
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** The month (YYYY-MM) it is in Beijing at `now`. */
export function monthOf(now: Date): string {
  const b = new Date(now.getTime() + 8 * 3600_000);
  return `${b.getUTCFullYear()}-${pad(b.getUTCMonth() + 1)}`;
}

/** `n` months ending with `month`, oldest first. */
export function lastMonths(month: string, n: number): string[] {
  const [y, m] = month.split("-").map(Number);
  const out: string[] = [];
  for (let i = n - 1; i >= 0; i--) {
    const d = new Date(Date.UTC(y, m - 1 - i, 1));
    out.push(`${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}`);
  }
  return out;
}

export function isMonth(s: string | null): s is string {
  return s !== null && /^\d{4}-(0[1-9]|1[0-2])$/.test(s);
}

/** 0.8765 → "87.7%"; nothing to count → "—". */
export function formatRate(r: number | null | undefined): string {
  return r === null || r === undefined ? "—" : `${(r * 100).toFixed(1)}%`;
}
