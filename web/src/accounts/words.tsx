// Account refusals in plain words: the gateway's own codes for resident accounts
// (accounts.err.<code>), a field it found invalid named in plain words (accounts.invalid.<field>),
// then the desk's catalogue (err.<code>); never the raw answer.

import { ApiError } from "../api/client";
import { hasKey, translate, useI18n, type Lang } from "../i18n";
import { errorWords, type ErrorWords } from "../lib/errors";

/** The problem codes the account endpoints answer with words of their own. */
export const ACCOUNT_CODES = ["phone_taken", "not_found"] as const;
/** The fields a validation problem of the account endpoints names ("password: …"). */
export const ACCOUNT_FIELDS = ["display_name", "phone", "password", "units"] as const;

export function accountErrorWords(err: unknown, lang: Lang): ErrorWords {
  if (err instanceof ApiError) {
    const key = `accounts.err.${err.code}`;
    if (hasKey(key)) return { text: translate(lang, key) };
    if (err.code === "validation_failed") {
      const m = /^([a-z_]+):/.exec(err.detail ?? "");
      const fk = `accounts.invalid.${m?.[1]}`;
      if (m && hasKey(fk)) return { text: translate(lang, fk) };
    }
  }
  return errorWords(err, lang);
}

export function AccountError({ error }: { error: unknown }) {
  const { lang } = useI18n();
  if (!error) return null;
  const w = accountErrorWords(error, lang);
  return (
    <div className="note error" role="alert" data-code={error instanceof ApiError ? error.code : undefined}>
      <div>{w.text}</div>
      {w.more && <div className="more">{w.more}</div>}
    </div>
  );
}

/** "1-1-101, 2-1-502 3-1-602" → ["1-1-101", "2-1-502", "3-1-602"]: upper case, each once. */
export function parseUnits(typed: string): string[] {
  const out: string[] = [];
  for (const raw of typed.split(/[\s,，、;；]+/)) {
    const u = raw.trim().toUpperCase();
    if (u && !out.includes(u)) out.push(u);
  }
  return out;
}

/** Add a unit to the typed list, once. */
export function addUnit(typed: string, unit: string): string {
  const units = parseUnits(typed);
  const u = unit.trim().toUpperCase();
  if (u && !units.includes(u)) units.push(u);
  return units.join(", ");
}
