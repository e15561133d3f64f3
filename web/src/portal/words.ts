// Refusals in the portal's own plain words (portal.err.*) where a resident needs other words
// than the desk's; everything else as the desk shows it.

import { ApiError } from "../api/client";
import { hasKey, translate, type Lang } from "../i18n";
import { errorWords, type ErrorWords } from "../lib/errors";

export function portalErrorWords(err: unknown, lang: Lang): ErrorWords {
  if (err instanceof ApiError) {
    const key = `portal.err.${err.code}`;
    if (hasKey(key)) return { text: translate(lang, key) };
  }
  return errorWords(err, lang);
}

/** Fen as yuan: 12345 → "¥123.45". */
export function yuan(fen: number): string {
  const sign = fen < 0 ? "-" : "";
  const digits = String(Math.abs(Math.trunc(fen))).padStart(3, "0");
  return `${sign}¥${digits.slice(0, -2)}.${digits.slice(-2)}`;
}
