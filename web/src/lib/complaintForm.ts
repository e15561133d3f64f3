// The desk's complaint form (投诉内容登记): where and when it happened, what happened, and what
// the person asks for (the seeds: 事情发生的地点、时间、经过、内容及要求). The four parts go to
// reception apart (what happened as the entry's request, the rest as `complaint`); reception
// writes them into the ledger's entry under fixed headings and passes them on to complaints apart.

import { localInputToIso } from "./format";

export interface ComplaintFields {
  where: string;
  /** "YYYY-MM-DDTHH:mm" from <input type=datetime-local>. */
  when: string;
  what: string;
  asks: string;
}

export const EMPTY_COMPLAINT: ComplaintFields = { where: "", when: "", what: "", asks: "" };

export type ComplaintField = keyof ComplaintFields;

/** The fields still empty, in the order the form asks them. */
export function complaintMissing(f: ComplaintFields): ComplaintField[] {
  return (["where", "when", "what", "asks"] as const).filter((k) => !f[k].trim());
}

/** What the intake API takes of the form: the request is what happened. */
export function complaintBody(f: ComplaintFields): {
  request: string;
  complaint: { location: string; occurred_at: string | undefined; demand: string };
} {
  return {
    request: f.what.trim(),
    complaint: { location: f.where.trim(), occurred_at: localInputToIso(f.when), demand: f.asks.trim() },
  };
}

/** Whether the time given is later than now (a complaint is about something that happened). */
export function whenInFuture(when: string, now: Date): boolean {
  const d = new Date(when);
  return !Number.isNaN(d.getTime()) && d.getTime() > now.getTime() + 5 * 60_000;
}
