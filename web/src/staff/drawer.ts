// The drawer's count, as billing reckons it (services/billing/src/domain/drawer.rs): what the
// drawer should hold is its takings per method plus the opening float in the cash; the
// difference is counted minus expected, per method and in all.

import { parseYuan } from "./money";
import { METHODS, type CashSession } from "./types";

/** What the drawer should hold per method: the takings, and the float in the cash. */
export function expectedOf(s: Pick<CashSession, "takings" | "opening_float_fen">): Record<string, number> {
  const out: Record<string, number> = { ...(s.takings ?? {}) };
  out.cash = (out.cash ?? 0) + s.opening_float_fen;
  return out;
}

export interface Count {
  /** Fen per method, or null where what was typed is not an amount (blank counts as nothing). */
  counted: Record<string, number | null>;
  /** Counted minus expected, per method. */
  difference: Record<string, number>;
  /** The sum of the differences; null while any count is not an amount. */
  total: number | null;
}

export function countOf(expected: Record<string, number>, typed: Record<string, string>): Count {
  const counted: Record<string, number | null> = {};
  const difference: Record<string, number> = {};
  let total: number | null = 0;
  for (const m of METHODS) {
    const raw = (typed[m] ?? "").trim();
    const fen = raw === "" ? 0 : parseYuan(raw);
    counted[m] = fen;
    difference[m] = (fen ?? 0) - (expected[m] ?? 0);
    total = fen === null || total === null ? null : total + difference[m];
  }
  return { counted, difference, total };
}

/** The body of the close: every method counted or expected, in fen. */
export function closeBody(expected: Record<string, number>, count: Count): Record<string, number> {
  const body: Record<string, number> = {};
  for (const m of METHODS) {
    const fen = count.counted[m] ?? 0;
    if (fen !== 0 || expected[m]) body[m] = fen;
  }
  return body;
}
