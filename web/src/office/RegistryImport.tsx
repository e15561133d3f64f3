// Importing a whole estate's registry from CSV: the file goes up with a progress bar, then either
// what was added or every line to fix (line, column, reason) — one bad line rejects the file.

import { useState, type FormEvent } from "react";
import { ApiError } from "../api/client";
import { useI18n } from "../i18n";
import type { DeskProps } from "../screens/DeskShell";
import type { Imported } from "./types";
import { uploadProblem, uploadWithProgress, type LineError } from "./transfer";
import { OfficeError } from "./words";

export const IMPORT_COLUMNS =
  "building,unit,floor,area_m2,status,resident_name,relation,phone,phone_alt,id_number,move_in_date,lease_start,lease_end";

/** A starting file: the header and two example lines (a unit with its owner, an empty unit). */
export const IMPORT_TEMPLATE =
  `${IMPORT_COLUMNS}\r\n` +
  "1栋,1-1-101,1,89.5,occupied,王伟,owner,13800000001,,,,,\r\n" +
  "1栋,1-1-102,1,75.25,vacant,,,,,,,,\r\n";

function saveTemplate() {
  // With a byte-order mark, so that Excel reads the Chinese as UTF-8.
  const blob = new Blob(["\uFEFF", IMPORT_TEMPLATE], { type: "text/csv;charset=utf-8" });
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = "registry-template.csv";
  document.body.appendChild(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

export function RegistryImport({ estate }: DeskProps) {
  const { t } = useI18n();
  const e = estate.estate_id;
  const [file, setFile] = useState<File | null>(null);
  const [sent, setSent] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<Imported | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [lines, setLines] = useState<LineError[]>([]);

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    if (!file || busy) return;
    setBusy(true);
    setDone(null);
    setError(null);
    setLines([]);
    setSent(0);
    try {
      const a = await uploadWithProgress(`/documents/estates/${e}/import`, file, "text/csv", setSent);
      if (a.status >= 200 && a.status < 300) {
        setDone(a.body as Imported);
      } else {
        const p = uploadProblem(a);
        setError(p.error);
        setLines(p.lines);
      }
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, "network", ""));
    } finally {
      setBusy(false);
    }
  };

  const pct = sent === null ? 0 : Math.round(sent * 100);
  return (
    <form className="card" onSubmit={submit} aria-labelledby="import-title" data-testid="registry-import">
      <h2 id="import-title">{t("office.import.title")}</h2>
      <p className="muted">{t("office.import.hint")}</p>
      <pre className="office-columns">{IMPORT_COLUMNS}</pre>
      <button type="button" className="link" onClick={saveTemplate} data-testid="import-template">
        {t("office.import.template")}
      </button>
      <div className="inline-form">
        <label className="grow">
          {t("office.import.file")}
          <input
            type="file"
            name="file"
            accept=".csv,text/csv"
            onChange={(ev) => {
              setFile(ev.target.files?.[0] ?? null);
              setSent(null);
              setDone(null);
              setError(null);
              setLines([]);
            }}
          />
        </label>
        <button type="submit" className="primary" disabled={!file || busy}>
          {t("office.import.send")}
        </button>
      </div>
      {sent !== null && (busy || pct < 100) && (
        <div className="office-progress" role="status" data-testid="import-progress">
          <progress max={100} value={pct} aria-label={t("office.import.progress")} />
          <span>{pct < 100 ? t("office.import.sending", { pct }) : t("office.import.checking")}</span>
        </div>
      )}
      <OfficeError error={error} />
      {lines.length > 0 && (
        <>
          <p>{t("office.import.fix", { n: lines.length })}</p>
          <table className="list" data-testid="import-lines">
            <thead>
              <tr>
                <th className="num">{t("office.import.line")}</th>
                <th>{t("office.import.field")}</th>
                <th>{t("office.import.reason")}</th>
              </tr>
            </thead>
            <tbody>
              {lines.map((l, i) => (
                <tr key={i} data-line={l.line}>
                  <td className="num">{l.line}</td>
                  <td>{l.field}</td>
                  <td>{l.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {done && (
        <div className="note ok" role="status" data-testid="import-done">
          {t("office.import.done", { buildings: done.buildings, units: done.units, residents: done.residents })}
        </div>
      )}
    </form>
  );
}
