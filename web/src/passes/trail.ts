// A pass's trail as documents answers it on a single pass: the receipt that paid it (`paid`)
// and a payment reversed afterwards (`payment_reversed`), each with the status it left.

import type { PassStatus, PassView } from "./types";

export interface PassStep {
  at: string;
  /** `paid` or `payment_reversed`. */
  action: string;
  receipt_no: string | null;
  /** The pass's status once the step was taken. */
  status: string;
  note: string | null;
}

export interface PassWithTrail extends PassView {
  trail?: PassStep[] | null;
}

/** The steps, oldest first, whatever order they came in. */
export function stepsOf(p: PassWithTrail): PassStep[] {
  return [...(p.trail ?? [])].sort((a, b) => a.at.localeCompare(b.at));
}

/**
 * The reversal that put the pass back to waiting for finance's receipt, when that is why it is
 * pending now: its latest step reversed a payment and left it pending.
 */
export function reversedBack(p: PassWithTrail): PassStep | null {
  if ((p.status as PassStatus) !== "pending") return null;
  const steps = stepsOf(p);
  const last = steps[steps.length - 1];
  return last && last.action === "payment_reversed" && last.status === "pending" ? last : null;
}
