// The desk's complaint form (投诉内容登记): where and when it happened, what happened, and what
// the person asks for (the seeds: 事情发生的地点、时间、经过、内容及要求). The ledger's entry
// takes one request text, so the four parts are written into it under fixed Chinese headings
// that anyone reading the entry (or a later reader program) finds in the same place.

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

/** "2026-12-01T23:10" → "2026-12-01 23:10"; what is not a local date-time stays as typed. */
function whenText(when: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(when.trim());
  return m ? `${m[1]} ${m[2]}` : when.trim();
}

export const HEADINGS: Record<ComplaintField, string> = {
  where: "地点",
  when: "时间",
  what: "经过",
  asks: "诉求",
};

/** The entry's request text: one line per part, "地点：…". */
export function complaintRequest(f: ComplaintFields): string {
  return [
    `${HEADINGS.where}：${f.where.trim()}`,
    `${HEADINGS.when}：${whenText(f.when)}`,
    `${HEADINGS.what}：${f.what.trim()}`,
    `${HEADINGS.asks}：${f.asks.trim()}`,
  ].join("\n");
}

/** Whether the time given is later than now (a complaint is about something that happened). */
export function whenInFuture(when: string, now: Date): boolean {
  const d = new Date(when);
  return !Number.isNaN(d.getTime()) && d.getTime() > now.getTime() + 5 * 60_000;
}
