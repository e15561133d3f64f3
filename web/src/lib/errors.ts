// Every failure shown to a person is plain words from the catalogue: the problem's stable
// `code` picks the message; the problem's own `title` (plain English from the service) is used
// when the catalogue has no message for the code, and shown as is in English.

import { ApiError } from "../api/client";
import { hasKey, translate, type Lang } from "../i18n";

export interface ErrorWords {
  /** The message to show. */
  text: string;
  /** A second line: the service's own words, when they add something. */
  more?: string;
}

export function errorWords(err: unknown, lang: Lang): ErrorWords {
  if (!(err instanceof ApiError)) return { text: translate(lang, "err.generic") };
  const key = `err.${err.code}`;
  const known = hasKey(key);
  let text: string;
  if (known && (lang === "zh" || !err.title)) text = translate(lang, key);
  else if (err.title) text = err.title;
  else if (err.status >= 500) text = translate(lang, "err.internal_error");
  else text = translate(lang, "err.generic");
  // A validation problem names the field in its detail ("caller: needs a phone or a unit").
  const more = err.code === "validation_failed" && err.detail ? err.detail : undefined;
  return { text, more };
}
