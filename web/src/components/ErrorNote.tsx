import { useI18n } from "../i18n";
import { errorWords } from "../lib/errors";

/** A refusal or failure in plain words; never the raw answer. */
export function ErrorNote({ error }: { error: unknown }) {
  const { lang } = useI18n();
  if (!error) return null;
  const w = errorWords(error, lang);
  return (
    <div className="note error" role="alert">
      <div>{w.text}</div>
      {w.more && <div className="more">{w.more}</div>}
    </div>
  );
}

export function OkNote({ text }: { text: string | null }) {
  if (!text) return null;
  return (
    <div className="note ok" role="status">
      {text}
    </div>
  );
}
