// Pass refusals in plain words: the pass register's own rules first (passes.err.<code>), a
// field the service found invalid named in plain words (passes.invalid.<field>), then the desk's
// catalogue (err.<code>); never the raw answer.

import { ApiError } from "../api/client";
import { hasKey, translate, useI18n, type Lang } from "../i18n";
import { errorWords, type ErrorWords } from "../lib/errors";

/** Every problem code the pass register answers with a rule of its own. */
export const PASS_CODES = [
  "no_tenant_lease",
  "lease_ended",
  "pass_beyond_lease_end",
  "tenant_pass_too_long",
  "temporary_pass_too_long",
  "pass_ends_in_the_past",
  "pass_not_renewable",
  "pass_returned",
  "nothing_to_renew",
  "unknown_unit",
  "unit_inactive",
  "holder_not_in_unit",
  "owner_not_in_unit",
  "holder_is_tenant",
  "no_owner",
  "holder_not_tenant",
  "not_an_owner",
  "not_found",
] as const;

/** The fields a validation problem of the pass register can name ("id_number: …"). */
export const PASS_FIELDS = [
  "kind",
  "holder_name",
  "holder_phone",
  "id_number",
  "label",
  "unit",
  "owner_resident_id",
  "status",
  "expiring_within_days",
] as const;

/** "id_number: does not pass …" → "id_number". */
export function fieldOf(detail: string | undefined): string | null {
  const m = /^([A-Za-z_-]+):/.exec(detail ?? "");
  return m ? m[1] : null;
}

export function passErrorWords(err: unknown, lang: Lang): ErrorWords {
  if (err instanceof ApiError) {
    const key = `passes.err.${err.code}`;
    if (hasKey(key)) return { text: translate(lang, key) };
    if (err.code === "validation_failed") {
      const f = fieldOf(err.detail);
      const fk = `passes.invalid.${f}`;
      if (f && hasKey(fk)) return { text: translate(lang, fk) };
    }
  }
  return errorWords(err, lang);
}

export function PassError({ error }: { error: unknown }) {
  const { lang } = useI18n();
  if (!error) return null;
  const w = passErrorWords(error, lang);
  return (
    <div className="note error" role="alert" data-code={error instanceof ApiError ? error.code : undefined}>
      <div>{w.text}</div>
      {w.more && <div className="more">{w.more}</div>}
    </div>
  );
}

export type PassKind = "resident" | "tenant" | "temporary";
export const PASS_KINDS: PassKind[] = ["resident", "tenant", "temporary"];

/** What the holder pays before the pass is handed over, in fen. */
export function feesOf(kind: PassKind): { deposit: number; card: number; total: number } {
  if (kind === "resident") return { deposit: 0, card: 0, total: 0 };
  return { deposit: 1_000, card: 500, total: 1_500 };
}

/** The renewal fee of a tenant pass, in fen. */
export const RENEWAL_FEE_FEN = 200;

/** The longest a pass of `kind` may run from `today` (YYYY-MM-DD), as the rules give it. */
export function longestUntil(kind: PassKind, today: string, leaseEnd: string | null): string | null {
  const months = kind === "tenant" ? 12 : kind === "temporary" ? 3 : 0;
  if (!months) return null;
  const [y, m, d] = today.split("-").map(Number);
  // The same day `months` later, clamped to the month's end, less one day.
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastOfMonth = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastOfMonth));
  target.setUTCDate(target.getUTCDate() - 1);
  const until = target.toISOString().slice(0, 10);
  if (kind === "tenant" && leaseEnd && leaseEnd < until) return leaseEnd;
  return until;
}

/** Today at the estates (China Standard Time), YYYY-MM-DD. */
export function estateToday(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** A fresh Idempotency-Key for one issue form (works over plain http too). */
export function newIssueKey(): string {
  const rand = Math.random().toString(36).slice(2, 12);
  return `pass-${Date.now().toString(36)}-${rand}`;
}
