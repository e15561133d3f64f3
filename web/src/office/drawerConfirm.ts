// Finance's confirmation of a drawer's hand-over: who may confirm (as billing checks it), what the
// confirmation sends, and how a drawer's hand-over reads (late, due by, confirmed).

import type { Role } from "../api/types";
import type { CashSessionRow } from "./types";

/** Who confirms a hand-over for finance (as billing checks it; never the cashier role alone). */
export const FINANCE_ROLES: Role[] = ["supervisor", "estate_manager", "hq", "admin"];

export type Resolution = "settled" | "explained";
export const RESOLUTIONS: Resolution[] = ["settled", "explained"];

/** A drawer handed over and not yet confirmed: finance can confirm it. */
export function awaitingConfirmation(s: CashSessionRow): boolean {
  return s.handed_over_at !== null && !s.confirmed_at;
}

/** A drawer over or short: finance says whether the difference was settled or explains it. */
export function needsResolution(s: CashSessionRow): boolean {
  return (s.difference_fen ?? 0) !== 0;
}

/**
 * The body of the confirmation: a resolution and note only for a drawer over or short (billing
 * refuses a difference left unresolved in its own words, so nothing is checked here).
 */
export function confirmBody(s: CashSessionRow, resolution: Resolution | "", note: string): { resolution?: Resolution; note?: string } {
  if (!needsResolution(s)) return {};
  const out: { resolution?: Resolution; note?: string } = {};
  if (resolution) out.resolution = resolution;
  if (note.trim()) out.note = note.trim();
  return out;
}

/** How a drawer's hand-over reads: late (the flag billing reads from the clock), or not. */
export function isLate(s: CashSessionRow): boolean {
  return s.late ?? s.handed_over_late ?? false;
}
