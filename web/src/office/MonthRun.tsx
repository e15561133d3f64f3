// The month's run: every unit charged its management fee and the monthly items once. The run
// can take a while on a large estate, so a progress bar shows while it works; running it again
// charges only what is new.

import { useEffect, useState, type FormEvent } from "react";
import { post } from "../api/client";
import { useAction } from "../components/useLoad";
import { useI18n } from "../i18n";
import type { DeskProps } from "../screens/DeskShell";
import { isoMonth } from "./dates";
import { OfficeError } from "./words";

export function MonthRun({ estate }: DeskProps) {
  const { t } = useI18n();
  const e = estate.estate_id;
  const [month, setMonth] = useState(() => isoMonth(new Date()));
  const [result, setResult] = useState<{ month: string; charged: number } | null>(null);
  const [elapsed, setElapsed] = useState(0);
  const act = useAction();

  // Seconds since the run started, for the progress line.
  useEffect(() => {
    if (!act.busy) return;
    const started = Date.now();
    setElapsed(0);
    const id = window.setInterval(() => setElapsed(Math.floor((Date.now() - started) / 1000)), 250);
    return () => window.clearInterval(id);
  }, [act.busy]);

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    setResult(null);
    if (!/^\d{4}-\d{2}$/.test(month)) return;
    const r = await act.run(() => post<{ charged: number }>(`/billing/estates/${e}/management-fees`, { month }));
    if (r) setResult({ month, charged: r.charged });
  };

  return (
    <form className="card" onSubmit={submit} aria-labelledby="run-title" data-testid="month-run">
      <h2 id="run-title">{t("office.run.title")}</h2>
      <p className="muted">{t("office.run.hint")}</p>
      <div className="inline-form">
        <label>
          {t("office.run.month")}
          <input type="month" name="month" required value={month} onChange={(ev) => setMonth(ev.target.value)} />
        </label>
        <button type="submit" className="primary" disabled={act.busy}>
          {t("office.run.start")} <kbd>Enter</kbd>
        </button>
      </div>
      {act.busy && (
        <div className="office-progress" role="status" aria-live="polite" data-testid="run-progress">
          <progress aria-label={t("office.run.running")} />
          <span>{t("office.run.running")} {t("office.seconds", { n: elapsed })}</span>
        </div>
      )}
      <OfficeError error={act.error} />
      {result && (
        <div className="note ok" role="status" data-testid="run-result" data-charged={result.charged}>
          <strong>{t("office.run.done", { n: result.charged, month: result.month })}</strong>
          <div>{t("office.run.again")}</div>
        </div>
      )}
    </form>
  );
}
