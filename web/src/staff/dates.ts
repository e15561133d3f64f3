// Days as the desk counts them (the browser's local day, which at the desk is Beijing time).

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** "YYYY-MM-DD" of a local day. */
export function isoDay(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** "YYYY-MM" of a local day. */
export function isoMonth(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}`;
}

/** The Monday of last week: the week the supervisor approves on a Monday. */
export function lastMonday(now: Date): string {
  const d = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  const sinceMonday = (d.getDay() + 6) % 7;
  d.setDate(d.getDate() - sinceMonday - 7);
  return isoDay(d);
}

/** Whether "YYYY-MM-DD" is a Monday. */
export function isMonday(day: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return false;
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])).getDay() === 1;
}

/**
 * An open work order whose appointment window has passed, that waited over a day for a
 * technician, or whose promised call back is past its time.
 */
export function workOrderLate(
  w: {
    status: string;
    appointment_end: string | null;
    created_at: string;
    technician_id: string | null;
    needs_callback?: boolean;
    callback_due?: string | null;
  },
  now: Date,
): boolean {
  if (!["awaiting_dispatch", "reopened", "dispatched", "accepted", "paused"].includes(w.status)) return false;
  if (w.needs_callback && w.callback_due && new Date(w.callback_due) <= now) return true;
  if (w.appointment_end) return new Date(w.appointment_end) < now;
  if (!w.technician_id) return now.getTime() - new Date(w.created_at).getTime() > 24 * 3600 * 1000;
  return false;
}
