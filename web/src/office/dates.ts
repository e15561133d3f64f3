// Days and months as the back office picks them, in the desk's own time zone (Beijing).

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** 2026-11-24 */
export function isoDay(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** 2026-11 */
export function isoMonth(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}`;
}

/** The Saturday a receipts week (Sunday to Saturday) ends on: the last one on or before `d`. */
export function lastSaturday(d: Date): string {
  const back = (d.getDay() + 1) % 7;
  return isoDay(new Date(d.getFullYear(), d.getMonth(), d.getDate() - back));
}

/** Whether "YYYY-MM-DD" is a Saturday. */
export function isSaturday(day: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return false;
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])).getDay() === 6;
}

/** The month before "YYYY-MM". */
export function previousMonth(month: string): string {
  const [y, m] = month.split("-").map(Number);
  return isoMonth(new Date(y, m - 2, 1));
}
