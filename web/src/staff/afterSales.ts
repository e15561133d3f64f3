// 售后未返单汇总表: the week's list of after-sales defects the developer has not returned, signed
// by the developer's after-sales lead with the next repair date agreed for each, then frozen.
// Pure helpers for the supervisor's tab.

import { isoDay } from "./dates";

/** A defect on the live list (`…/after-sales/unreturned`). */
export interface Unreturned {
  work_order_id: string;
  order_no: string;
  unit_label: string | null;
  problem: string;
  deadline: string;
  overdue: boolean;
}

/** A defect on a signed list, as frozen. */
export interface SignedItem extends Unreturned {
  next_repair: string | null;
}

/** A signed week (`…/after-sales/weekly-lists`). */
export interface SignedWeek {
  estate_id: string;
  week_start: string;
  items: SignedItem[];
  lead_name: string;
  signature: string | null;
  signed_at: string;
  recorded_by: string;
}

/** The Monday of the week a local day falls in, "YYYY-MM-DD". */
export function mondayOf(now: Date): string {
  const d = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  d.setDate(d.getDate() - ((d.getDay() + 6) % 7));
  return isoDay(d);
}

/** The Sunday that ends the week starting on a Monday "YYYY-MM-DD". */
export function weekEnd(monday: string): string {
  const [y, m, d] = monday.split("-").map(Number);
  return isoDay(new Date(y, m - 1, d + 6));
}

export type SignProblem = "as.needLead" | "as.leadTooLong" | "as.notMonday" | "as.badDate";

/**
 * What is sent to sign the week: the lead's name, and the next repair dates that were typed
 * (only for defects on the list, only real days), or why it cannot be sent.
 */
export function signBody(
  week: string,
  lead: string,
  dates: Record<string, string>,
  items: Unreturned[],
): { week_start: string; lead_name: string; next_repair: Record<string, string> } | { problem: SignProblem } {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(week);
  if (!m || new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])).getDay() !== 1) return { problem: "as.notMonday" };
  const name = lead.trim();
  if (!name) return { problem: "as.needLead" };
  if ([...name].length > 50) return { problem: "as.leadTooLong" };
  const next_repair: Record<string, string> = {};
  for (const it of items) {
    const d = (dates[it.work_order_id] ?? "").trim();
    if (!d) continue;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) return { problem: "as.badDate" };
    next_repair[it.work_order_id] = d;
  }
  return { week_start: week, lead_name: name, next_repair };
}
