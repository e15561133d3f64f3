// Refusals in plain words: the back office's own rules first (office.err.<code>), then the
// desk's catalogue (err.<code>), never the raw answer.

import { ApiError } from "../api/client";
import { hasKey, translate, useI18n, type Lang } from "../i18n";
import { errorWords, type ErrorWords } from "../lib/errors";

export function officeErrorWords(err: unknown, lang: Lang): ErrorWords {
  if (err instanceof ApiError) {
    const key = `office.err.${err.code}`;
    if (hasKey(key)) return { text: translate(lang, key) };
  }
  return errorWords(err, lang);
}

export function OfficeError({ error }: { error: unknown }) {
  const { lang } = useI18n();
  if (!error) return null;
  const w = officeErrorWords(error, lang);
  return (
    <div className="note error" role="alert" data-code={error instanceof ApiError ? error.code : undefined}>
      <div>{w.text}</div>
      {w.more && <div className="more">{w.more}</div>}
    </div>
  );
}
