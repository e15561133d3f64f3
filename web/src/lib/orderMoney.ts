// A work order's money at the desk and the supervisor's (repairs' `…/kind`, `…/fee-approval`,
// `…/settlement-waiver`, `…/settings`): which actions the order allows now, and what the order
// carries of them. Pure functions; repairs decides, these only keep a button from being offered
// where it would surely be refused.

import { parseYuan } from "../staff/money";

/** The order's statuses after the work is done: kind and fee are settled. */
const DONE = ["completed", "awaiting_settlement", "closed"];

interface Order {
  kind: string;
  status: string;
  fee_fen: number;
  details?: Record<string, unknown> | null;
}

/** The kind an order may be turned into (a free repair found to be paid work, and back). */
export function kindTarget(w: Order): "paid_repair" | "repair" | null {
  if (DONE.includes(w.status) || w.fee_fen > 0) return null;
  if (w.kind === "repair" || w.kind === "special_service") return "paid_repair";
  if (w.kind === "paid_repair") return "repair";
  return null;
}

/** A supervisor approves a paid repair's fee above the ceiling before the work is done. */
export function mayApproveFee(w: Order): boolean {
  return w.kind === "paid_repair" && !DONE.includes(w.status);
}

/** Paid work waiting for its charge may be closed on a supervisor's written waiver. */
export function mayWaive(w: Order): boolean {
  return w.status === "awaiting_settlement";
}

export interface FeeApproval {
  up_to_fen: number;
  reason: string;
  at: string;
}

export interface Waiver {
  reason: string;
  at: string;
}

export interface KindChange {
  from: string;
  to: string;
  reason: string;
  at: string;
}

function obj(v: unknown): Record<string, unknown> | null {
  return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

export function feeApproval(w: Order): FeeApproval | null {
  const a = obj(w.details?.fee_approval);
  if (!a || typeof a.up_to_fen !== "number") return null;
  return { up_to_fen: a.up_to_fen, reason: String(a.reason ?? ""), at: String(a.at ?? "") };
}

export function waiver(w: Order): Waiver | null {
  const a = obj(w.details?.settlement_waiver);
  if (!a) return null;
  return { reason: String(a.reason ?? ""), at: String(a.at ?? "") };
}

export function kindChanges(w: Order): KindChange[] {
  const list = w.details?.kind_changes;
  if (!Array.isArray(list)) return [];
  return list
    .map(obj)
    .filter((c): c is Record<string, unknown> => c !== null)
    .map((c) => ({ from: String(c.from ?? ""), to: String(c.to ?? ""), reason: String(c.reason ?? ""), at: String(c.at ?? "") }));
}

/** What billing's payments have paid on the order, as repairs keeps it. */
export function paidFen(w: Order): number {
  const p = w.details?.paid_fen;
  return typeof p === "number" ? p : 0;
}

export type MoneyProblem = "money.needReason" | "money.badAmount" | "money.reasonTooLong";

/** A reason as repairs takes it: some words, at most 500 characters. */
export function reasonProblem(reason: string): MoneyProblem | null {
  const r = reason.trim();
  if (!r) return "money.needReason";
  if ([...r].length > 500) return "money.reasonTooLong";
  return null;
}

/** An amount in yuan for an approval (more than nothing) or a ceiling (nothing allowed), in fen. */
export function amountFen(typed: string, allowZero: boolean): number | { problem: MoneyProblem } {
  const fen = parseYuan(typed);
  if (fen === null || fen > 100_000_000 || (!allowZero && fen <= 0)) return { problem: "money.badAmount" };
  return fen;
}
