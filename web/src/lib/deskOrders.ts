// What the desk types on a work order (the appointment window agreed with the resident, the time
// it promised to call back, the items charged when a special service is ordered), checked before
// anything is sent. Pure functions: the screens show the refusal's key from the catalogue.

import { yuanToFen } from "./format";

/** An appointment window: a day and two clock times, as the desk agrees it on the phone. */
export interface WindowInput {
  /** "YYYY-MM-DD" from <input type=date>. */
  date: string;
  /** "HH:mm" from <input type=time>. */
  from: string;
  to: string;
}

export type WindowProblem = "appt.needWindow" | "appt.endBeforeStart" | "appt.passed";

/** The window as two instants, or why it cannot be one. */
export function appointmentWindow(
  w: WindowInput,
  now: Date,
): { start: Date; end: Date } | { problem: WindowProblem } {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(w.date) || !/^\d{2}:\d{2}$/.test(w.from) || !/^\d{2}:\d{2}$/.test(w.to)) {
    return { problem: "appt.needWindow" };
  }
  // Read as the desk's local time (the estate's, on a desk in the estate).
  const start = new Date(`${w.date}T${w.from}`);
  const end = new Date(`${w.date}T${w.to}`);
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) return { problem: "appt.needWindow" };
  if (end <= start) return { problem: "appt.endBeforeStart" };
  // A window already over cannot be what the resident just agreed to.
  if (end <= now) return { problem: "appt.passed" };
  return { start, end };
}

const WEEKDAY_ZH = ["周日", "周一", "周二", "周三", "周四", "周五", "周六"];
const WEEKDAY_EN = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTH_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** The day as it is read back aloud: "12月3日 周四" / "Thu 3 Dec". */
export function dayAloud(d: Date, lang: "zh" | "en"): string {
  return lang === "zh"
    ? `${d.getMonth() + 1}月${d.getDate()}日 ${WEEKDAY_ZH[d.getDay()]}`
    : `${WEEKDAY_EN[d.getDay()]} ${d.getDate()} ${MONTH_EN[d.getMonth()]}`;
}

function hm(d: Date): string {
  return `${String(d.getHours()).padStart(2, "0")}:${String(d.getMinutes()).padStart(2, "0")}`;
}

/** The window read back aloud: "12月3日 周四 09:00–11:00". */
export function windowAloud(start: Date, end: Date, lang: "zh" | "en"): string {
  return `${dayAloud(start, lang)} ${hm(start)}–${hm(end)}`;
}

export type CallbackProblem = "callback.needTime" | "callback.past";

/** The promised call-back time ("YYYY-MM-DDTHH:mm" from <input type=datetime-local>). */
export function callbackTime(typed: string, now: Date): Date | { problem: CallbackProblem } {
  if (!typed) return { problem: "callback.needTime" };
  const at = new Date(typed);
  if (Number.isNaN(at.getTime())) return { problem: "callback.needTime" };
  if (at <= now) return { problem: "callback.past" };
  return at;
}

/** One line of a charge as typed: what it is and how much, in yuan. */
export interface ChargeLine {
  name: string;
  yuan: string;
}

export type ChargeProblem = "charge.needItem" | "charge.badAmount" | "charge.needName" | "charge.noUnit";

/**
 * The items to charge when a special service is ordered (办理即收费): blank lines are dropped,
 * every other line needs a name and a positive amount in yuan (to the fen), and billing needs
 * the unit to charge.
 */
export function chargeItems(
  lines: ChargeLine[],
  unitLabel: string | null,
): { items: { name: string; amount_fen: number }[]; total_fen: number } | { problem: ChargeProblem } {
  if (!unitLabel?.trim()) return { problem: "charge.noUnit" };
  const items: { name: string; amount_fen: number }[] = [];
  for (const l of lines) {
    const name = l.name.trim();
    const yuan = l.yuan.trim();
    if (!name && !yuan) continue;
    if (!name) return { problem: "charge.needName" };
    const fen = yuanToFen(yuan);
    if (fen === null || fen <= 0) return { problem: "charge.badAmount" };
    items.push({ name, amount_fen: fen });
  }
  if (items.length === 0) return { problem: "charge.needItem" };
  return { items, total_fen: items.reduce((s, i) => s + i.amount_fen, 0) };
}

/** Whether the desk may still charge this order when ordered: a special service not yet charged, work not done. */
export function mayChargeOnOrder(w: { kind: string; status: string; details: Record<string, unknown> }): boolean {
  return (
    w.kind === "special_service" &&
    !("charged_when_ordered" in (w.details ?? {})) &&
    !["completed", "closed"].includes(w.status)
  );
}

/** Whether a new appointment may be set: the work is not done. */
export function mayAppoint(w: { status: string }): boolean {
  return !["completed", "closed"].includes(w.status);
}

/** Whether the desk may promise a call back: nobody has the order yet. */
export function mayPromiseCallback(w: { status: string }): boolean {
  return ["awaiting_dispatch", "reopened"].includes(w.status);
}
