// The estate calendar as the back office edits it (documents' `…/calendar`): working weekdays,
// holidays, make-up working days (调休), close of business; and finance's own exceptions
// (billing's `…/calendar`). Pure functions: checked here before anything is sent, with the same
// rules documents applies, so the person is told at once; the service's refusal still wins.

/** Documents' answer: the estate's calendar, in its time zone. */
export interface EstateCalendar {
  estate_id: string;
  time_zone: string;
  working_weekdays: number[];
  holidays: string[];
  make_up_days: string[];
  /** "HH:MM". */
  close_of_business: string;
  /** 0 while the estate keeps the default calendar. */
  version: number;
}

/** Billing's answer and body: finance's days (holidays, make-up days). */
export interface FinanceDays {
  holidays: string[];
  make_up_days: string[];
}

/** Monday = 1 … Sunday = 7, as documents counts them. */
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

/** A few zones a Chinese estate group uses; any IANA name may be typed. */
export const COMMON_ZONES = ["Asia/Shanghai", "Asia/Urumqi", "Asia/Hong_Kong", "Asia/Macau", "Asia/Taipei"];

/** A real calendar day written "YYYY-MM-DD". */
export function isDay(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** The ISO weekday of a day, Monday = 1. */
export function weekdayOf(day: string): number {
  const w = new Date(`${day}T00:00:00Z`).getUTCDay();
  return w === 0 ? 7 : w;
}

/** A list of days with one more, sorted and without repeats. */
export function withDay(days: string[], day: string): string[] {
  return [...new Set([...days, day])].sort();
}

export function withoutDay(days: string[], day: string): string[] {
  return days.filter((d) => d !== day);
}

export type CalendarProblem =
  | "cal.bad.weekdays"
  | "cal.bad.day"
  | "cal.bad.both"
  | "cal.bad.makeUpWorked"
  | "cal.bad.close";

/** What documents would refuse in a calendar, first problem only; null when it can be sent. */
export function calendarProblem(c: Pick<EstateCalendar, "working_weekdays" | "holidays" | "make_up_days" | "close_of_business">): CalendarProblem | null {
  if (c.working_weekdays.length === 0 || c.working_weekdays.some((d) => d < 1 || d > 7)) return "cal.bad.weekdays";
  if ([...c.holidays, ...c.make_up_days].some((d) => !isDay(d))) return "cal.bad.day";
  if (c.make_up_days.some((d) => c.holidays.includes(d))) return "cal.bad.both";
  if (c.make_up_days.some((d) => c.working_weekdays.includes(weekdayOf(d)))) return "cal.bad.makeUpWorked";
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(c.close_of_business.trim())) return "cal.bad.close";
  return null;
}

/** Whether the estate works on a day by its calendar. */
export function isWorkingDay(c: Pick<EstateCalendar, "working_weekdays" | "holidays" | "make_up_days">, day: string): boolean {
  if (c.make_up_days.includes(day)) return true;
  if (c.holidays.includes(day)) return false;
  return c.working_weekdays.includes(weekdayOf(day));
}

/**
 * Finance's own exceptions, read back from finance's days as billing answers them (the estate's
 * days with the exceptions on top): days finance is closed that the estate's calendar does not
 * close, and days finance works that the estate's calendar does not open.
 */
export function financeExceptions(estate: Pick<EstateCalendar, "holidays" | "make_up_days">, finance: FinanceDays): FinanceDays {
  return {
    holidays: finance.holidays.filter((d) => !estate.holidays.includes(d)).sort(),
    make_up_days: finance.make_up_days.filter((d) => !estate.make_up_days.includes(d)).sort(),
  };
}

/** Finance's exceptions cannot both close and open one day. */
export function financeProblem(f: FinanceDays): CalendarProblem | null {
  if ([...f.holidays, ...f.make_up_days].some((d) => !isDay(d))) return "cal.bad.day";
  if (f.make_up_days.some((d) => f.holidays.includes(d))) return "cal.bad.both";
  return null;
}
