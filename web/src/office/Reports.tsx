// The reports: the Saturday receipts list, a day's receipts, the month's fee summary with its
// six-month trend, arrears by age, and the drawers of a day. Each with its CSV, downloaded with
// the staff token. Keys: R reads again, D downloads the CSV.

import { useState, type FormEvent, type ReactNode } from "react";
import { get, post } from "../api/client";
import { useAction, useLoad } from "../components/useLoad";
import { useI18n } from "../i18n";
import { formatTime } from "../lib/format";
import { plain, useKeys } from "../lib/keys";
import { hasAnyRole } from "../lib/roles";
import type { DeskProps } from "../screens/DeskShell";
import { TrendBars } from "./Bars";
import { isoDay, isoMonth, isSaturday, lastSaturday } from "./dates";
import { percentBp, yuan } from "./money";
import { CASH_DESK_ROLES } from "./Office";
import { MethodName, ReceiptsSummaryView, ReceiptsTable } from "./Receipts";
import { awaitingConfirmation, confirmBody, FINANCE_ROLES, isLate, needsResolution, RESOLUTIONS, type Resolution } from "./drawerConfirm";
import { usePeople } from "./people";
import { downloadCsv } from "./transfer";
import {
  AGE_BANDS,
  type ArrearsReport,
  type CashSessionRow,
  type MonthlyReport,
  type ReceiptsList,
} from "./types";
import { OfficeError } from "./words";

/** R reads the report again, D downloads its CSV (outside text fields). */
function useReportKeys(reload: () => void, download: () => void) {
  useKeys((ev, typing) => {
    if (typing || !plain(ev) || ev.shiftKey) return false;
    const k = ev.key.toLowerCase();
    if (k === "r") {
      reload();
      return true;
    }
    if (k === "d") {
      download();
      return true;
    }
    return false;
  });
}

function CsvButton({ onClick, busy }: { onClick: () => void; busy: boolean }) {
  const { t } = useI18n();
  return (
    <button type="button" onClick={onClick} disabled={busy} data-testid="download-csv">
      {busy ? t("office.csv.busy") : t("office.csv.download")} <kbd>D</kbd>
    </button>
  );
}

function ReportCard({ title, tools, children }: { title: string; tools: ReactNode; children: ReactNode }) {
  return (
    <section className="card">
      <div className="page-head">
        <h2>{title}</h2>
        <div className="inline-form office-tools">{tools}</div>
      </div>
      {children}
    </section>
  );
}

function useCsv(path: string, query: Record<string, string>, name: string) {
  const act = useAction();
  const run = () => void act.run(() => downloadCsv(path, query, name));
  return { run, busy: act.busy, error: act.error };
}

export function Weekly({ estate, session }: DeskProps) {
  const { t } = useI18n();
  const e = estate.estate_id;
  const [week, setWeek] = useState(() => lastSaturday(new Date()));
  const ok = isSaturday(week);
  const list = useLoad(
    () => (ok ? get<ReceiptsList>(`/billing/estates/${e}/reports/weekly`, { week_ending: week }) : Promise.resolve(null)),
    [e, week],
  );
  const csv = useCsv(`/billing/estates/${e}/reports/weekly.csv`, { week_ending: week }, `receipts-week-${week}.csv`);
  useReportKeys(() => void list.reload(), csv.run);
  return (
    <ReportCard
      title={t("office.weekly.title")}
      tools={
        <>
          <label>
            {t("office.weekly.ending")}
            <input type="date" name="week_ending" value={week} onChange={(ev) => setWeek(ev.target.value)} />
          </label>
          <CsvButton onClick={csv.run} busy={csv.busy} />
        </>
      }
    >
      {!ok && <div className="note warn">{t("office.weekly.notSaturday")}</div>}
      <OfficeError error={list.error ?? csv.error} />
      {list.data && (
        <>
          <p className="muted small">{t("office.weekly.span", { from: list.data.summary.from, to: list.data.summary.to })}</p>
          <ReceiptsSummaryView s={list.data.summary} />
          <ReceiptsTable e={e} items={list.data.items} canAsk={hasAnyRole(session.staff, CASH_DESK_ROLES)} onAsked={() => void list.reload()} />
        </>
      )}
      {list.loading && !list.data && <p className="muted">{t("common.loading")}</p>}
    </ReportCard>
  );
}

export function DayReceipts({ estate, session }: DeskProps) {
  const { t } = useI18n();
  const e = estate.estate_id;
  const [day, setDay] = useState(() => isoDay(new Date()));
  const list = useLoad(() => get<ReceiptsList>(`/billing/estates/${e}/payments`, { from: day, to: day }), [e, day]);
  const csv = useCsv(`/billing/estates/${e}/receipts.csv`, { from: day, to: day }, `receipts-${day}-${day}.csv`);
  useReportKeys(() => void list.reload(), csv.run);
  return (
    <ReportCard
      title={t("office.day.title")}
      tools={
        <>
          <label>
            {t("office.day.day")}
            <input type="date" name="day" value={day} onChange={(ev) => setDay(ev.target.value)} />
          </label>
          <CsvButton onClick={csv.run} busy={csv.busy} />
        </>
      }
    >
      <OfficeError error={list.error ?? csv.error} />
      {list.data && (
        <>
          <ReceiptsSummaryView s={list.data.summary} />
          <ReceiptsTable e={e} items={list.data.items} canAsk={hasAnyRole(session.staff, CASH_DESK_ROLES)} onAsked={() => void list.reload()} />
        </>
      )}
      {list.loading && !list.data && <p className="muted">{t("common.loading")}</p>}
    </ReportCard>
  );
}

export function Monthly({ estate }: DeskProps) {
  const { t, tv } = useI18n();
  const e = estate.estate_id;
  const [month, setMonth] = useState(() => isoMonth(new Date()));
  const ok = /^\d{4}-\d{2}$/.test(month);
  const report = useLoad(
    () => (ok ? get<MonthlyReport>(`/billing/estates/${e}/reports/monthly`, { month }) : Promise.resolve(null)),
    [e, month],
  );
  const csv = useCsv(`/billing/estates/${e}/reports/monthly.csv`, { month }, `fees-${month}.csv`);
  useReportKeys(() => void report.reload(), csv.run);
  const r = report.data;
  return (
    <ReportCard
      title={t("office.monthly.title")}
      tools={
        <>
          <label>
            {t("office.monthly.month")}
            <input type="month" name="month" value={month} onChange={(ev) => setMonth(ev.target.value)} />
          </label>
          <CsvButton onClick={csv.run} busy={csv.busy} />
        </>
      }
    >
      <OfficeError error={report.error ?? csv.error} />
      {r && (
        <>
          <dl className="office-tiles" data-testid="monthly-totals">
            <div>
              <dt>{t("office.monthly.charged")}</dt>
              <dd>{yuan(r.totals?.charged_fen ?? 0)}</dd>
            </div>
            <div>
              <dt>{t("office.monthly.collected")}</dt>
              <dd>{yuan(r.totals?.collected_fen ?? 0)}</dd>
            </div>
            <div>
              <dt>{t("office.monthly.rate")}</dt>
              <dd data-testid="collection-rate">{percentBp(r.totals?.collection_rate_bp)}</dd>
            </div>
            <div>
              <dt>{t("office.monthly.arrears")}</dt>
              <dd>{yuan(r.totals?.arrears_fen ?? 0)}</dd>
            </div>
          </dl>
          <h3>{t("office.monthly.byKind")}</h3>
          {r.by_kind.length === 0 ? (
            <p className="empty">{t("office.monthly.none")}</p>
          ) : (
            <table className="list" data-testid="monthly-kinds">
              <thead>
                <tr>
                  <th>{t("office.monthly.kind")}</th>
                  <th className="num">{t("office.monthly.charges")}</th>
                  <th className="num">{t("office.monthly.charged")}</th>
                  <th className="num">{t("office.monthly.collected")}</th>
                  <th className="num">{t("office.monthly.owed")}</th>
                </tr>
              </thead>
              <tbody>
                {r.by_kind.map((k) => (
                  <tr key={k.source}>
                    <td data-label={t("office.monthly.kind")}>{tv("office.source", k.source)}</td>
                    <td data-label={t("office.monthly.charges")} className="num">{k.charges}</td>
                    <td data-label={t("office.monthly.charged")} className="num money">{yuan(k.charged_fen)}</td>
                    <td data-label={t("office.monthly.collected")} className="num money">{yuan(k.collected_fen)}</td>
                    <td data-label={t("office.monthly.owed")} className="num money">{yuan(k.charged_fen - k.collected_fen)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <h3>{t("office.monthly.payments")}</h3>
          <ReceiptsSummaryView s={r.payments} />
          <h3>{t("office.monthly.trend")}</h3>
          <TrendBars months={r.trend} />
        </>
      )}
      {report.loading && !r && <p className="muted">{t("common.loading")}</p>}
    </ReportCard>
  );
}

export function Arrears({ estate }: DeskProps) {
  const { t } = useI18n();
  const e = estate.estate_id;
  const [asOf, setAsOf] = useState(() => isoDay(new Date()));
  const report = useLoad(() => get<ArrearsReport>(`/billing/estates/${e}/reports/arrears`, { as_of: asOf }), [e, asOf]);
  const csv = useCsv(`/billing/estates/${e}/reports/arrears.csv`, { as_of: asOf }, `arrears-${asOf}.csv`);
  useReportKeys(() => void report.reload(), csv.run);
  const r = report.data;
  return (
    <ReportCard
      title={t("office.arrears.title")}
      tools={
        <>
          <label>
            {t("office.arrears.asOf")}
            <input type="date" name="as_of" value={asOf} onChange={(ev) => setAsOf(ev.target.value)} />
          </label>
          <CsvButton onClick={csv.run} busy={csv.busy} />
        </>
      }
    >
      <OfficeError error={report.error ?? csv.error} />
      {r && (
        <>
          <dl className="office-tiles" data-testid="arrears-ageing">
            <div>
              <dt>{t("office.arrears.total")}</dt>
              <dd>{yuan(r.owed_fen)}</dd>
            </div>
            {AGE_BANDS.map((b) => (
              <div key={b} data-band={b}>
                <dt>{t(`office.age.${b}`)}</dt>
                <dd>{yuan(r.ageing[b])}</dd>
              </div>
            ))}
          </dl>
          <p className="muted small">{t("office.arrears.units", { n: r.units.length })}</p>
          {r.units.length === 0 ? (
            <p className="empty">{t("office.arrears.none")}</p>
          ) : (
            <div className="office-scroll">
              <table className="list" data-testid="arrears-units">
                <thead>
                  <tr>
                    <th>{t("office.receipts.unit")}</th>
                    <th className="num">{t("office.arrears.owed")}</th>
                    {AGE_BANDS.map((b) => (
                      <th key={b} className="num">
                        {t(`office.age.${b}`)}
                      </th>
                    ))}
                    <th className="num">{t("office.arrears.oldest")}</th>
                  </tr>
                </thead>
                <tbody>
                  {r.units.map((u) => (
                    <tr key={u.unit_label} data-unit={u.unit_label}>
                      <td data-label={t("office.receipts.unit")}>{u.unit_label}</td>
                      <td data-label={t("office.arrears.owed")} className="num money">
                        <strong>{yuan(u.owed_fen)}</strong>
                      </td>
                      {AGE_BANDS.map((b) => (
                        <td key={b} data-label={t(`office.age.${b}`)} className={`num money${u.ageing[b] ? "" : " muted"}`}>
                          {u.ageing[b] ? yuan(u.ageing[b]) : "—"}
                        </td>
                      ))}
                      <td data-label={t("office.arrears.oldest")} className="num">
                        {t("office.days", { n: u.oldest_days })}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
      {report.loading && !r && <p className="muted">{t("common.loading")}</p>}
    </ReportCard>
  );
}

function perMethod(m: Record<string, number> | null): ReactNode {
  if (!m) return "—";
  const entries = Object.entries(m).filter(([, v]) => v !== 0);
  if (entries.length === 0) return yuan(0);
  return entries.map(([k, v]) => (
    <div key={k}>
      <MethodName method={k} /> {yuan(v)}
    </div>
  ));
}

export function Drawers({ estate, session }: DeskProps) {
  const { t } = useI18n();
  const e = estate.estate_id;
  const [day, setDay] = useState(() => isoDay(new Date()));
  const list = useLoad(
    () => get<{ day: string; items: CashSessionRow[] }>(`/billing/estates/${e}/cash-sessions`, { day }),
    [e, day],
  );
  const late = useLoad(() => get<{ items: CashSessionRow[] }>(`/billing/estates/${e}/cash-sessions/late`), [e]);
  const reload = () => {
    void list.reload();
    void late.reload();
  };
  useReportKeys(reload, () => {});
  const people = usePeople();
  const finance = hasAnyRole(session.staff, FINANCE_ROLES);
  const items = list.data?.items ?? [];
  const lateNow = late.data?.items ?? [];
  return (
    <ReportCard
      title={t("office.drawers.title")}
      tools={
        <label>
          {t("office.day.day")}
          <input type="date" name="day" value={day} onChange={(ev) => setDay(ev.target.value)} />
        </label>
      }
    >
      {lateNow.length > 0 && (
        <div className="note error" data-testid="drawers-late">
          <strong>{t("office.drawers.lateNow")}</strong>
          <ul>
            {lateNow.map((s) => (
              <li key={s.session_id} data-session={s.session_id}>
                {t("office.drawers.lateLine", {
                  cashier: people.get(s.cashier) ?? "—",
                  opened: formatTime(s.opened_at),
                  at: formatTime(s.hand_over_due),
                })}
              </li>
            ))}
          </ul>
        </div>
      )}
      <OfficeError error={list.error} />
      {list.data && items.length === 0 && <p className="empty">{t("office.drawers.none")}</p>}
      {items.length > 0 && (
        <table className="list" data-testid="drawers">
          <thead>
            <tr>
              <th>{t("office.drawers.cashier")}</th>
              <th>{t("office.drawers.opened")}</th>
              <th>{t("office.drawers.closed")}</th>
              <th>{t("office.drawers.expected")}</th>
              <th>{t("office.drawers.counted")}</th>
              <th className="num">{t("office.drawers.difference")}</th>
              <th>{t("office.drawers.handOver")}</th>
              <th>{t("office.drawers.confirmation")}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((s) => (
              <tr key={s.session_id} data-session={s.session_id} data-late={isLate(s) ? "yes" : "no"}>
                <td data-label={t("office.drawers.cashier")}>{people.get(s.cashier) ?? "—"}</td>
                <td data-label={t("office.drawers.opened")}>
                  {formatTime(s.opened_at)}
                  <div className="muted small">{t("office.drawers.float", { amount: yuan(s.opening_float_fen) })}</div>
                </td>
                <td data-label={t("office.drawers.closed")}>{s.closed_at ? formatTime(s.closed_at) : <span className="badge">{t("office.drawers.open")}</span>}</td>
                <td data-label={t("office.drawers.expected")}>{perMethod(s.expected)}</td>
                <td data-label={t("office.drawers.counted")}>{perMethod(s.counted)}</td>
                <td data-label={t("office.drawers.difference")} className={`num money${s.difference_fen ? " office-off" : ""}`}>
                  {s.difference_fen === null ? "—" : yuan(s.difference_fen)}
                </td>
                <td data-label={t("office.drawers.handOver")} data-testid="hand-over">
                  {s.handed_over_at ? formatTime(s.handed_over_at) : null}
                  {isLate(s) && <span className="badge urg-overdue">{t("office.drawers.late")}</span>}
                  {s.hand_over_due && (
                    <div className="muted small">
                      {s.handed_over_at ? t("office.drawers.deadline", { at: formatTime(s.hand_over_due) }) : t("office.drawers.due", { at: formatTime(s.hand_over_due) })}
                    </div>
                  )}
                  {!s.handed_over_at && !s.hand_over_due && "—"}
                </td>
                <td data-label={t("office.drawers.confirmation")} data-testid="confirmation">
                  <Confirmation e={e} s={s} finance={finance} people={people} onDone={reload} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </ReportCard>
  );
}

/** Finance's confirmation of one drawer: as confirmed (with the difference's resolution), or the form. */
function Confirmation({
  e,
  s,
  finance,
  people,
  onDone,
}: {
  e: string;
  s: CashSessionRow;
  finance: boolean;
  people: Map<string, string>;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const act = useAction();
  const [open, setOpen] = useState(false);
  const [resolution, setResolution] = useState<Resolution | "">("");
  const [note, setNote] = useState("");
  if (s.confirmed_at) {
    return (
      <div data-testid="confirmed">
        {t("office.drawers.confirmed", { who: people.get(s.confirmed_by ?? "") ?? "—", at: formatTime(s.confirmed_at) })}
        {s.resolution && (
          <div className="small" data-testid="resolution">
            {s.resolution_note
              ? t("office.drawers.resNote", { res: t(`office.drawers.res.${s.resolution}`), note: s.resolution_note })
              : t(`office.drawers.res.${s.resolution}`)}
          </div>
        )}
      </div>
    );
  }
  if (!awaitingConfirmation(s)) return <>—</>;
  if (!finance) return <span className="muted">{t("office.drawers.waiting")}</span>;
  if (!open) {
    return (
      <>
        <span className="muted small">{t("office.drawers.waiting")} </span>
        <button type="button" data-testid="confirm-open" onClick={() => setOpen(true)}>
          {t("office.drawers.confirm")}
        </button>
      </>
    );
  }
  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    void act
      .run(() => post<CashSessionRow>(`/billing/estates/${e}/cash-sessions/${s.session_id}/confirm`, confirmBody(s, resolution, note)))
      .then((r) => {
        if (r) onDone();
      });
  };
  return (
    <form className="inline-form" data-testid="confirm-form" onSubmit={submit}>
      {needsResolution(s) && (
        <>
          <label>
            {t("office.drawers.resolution")}
            <select name="resolution" value={resolution} onChange={(ev) => setResolution(ev.target.value as Resolution | "")}>
              <option value="">{t("office.drawers.choose")}</option>
              {RESOLUTIONS.map((r) => (
                <option key={r} value={r}>
                  {t(`office.drawers.res.${r}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("office.drawers.note")}
            <input name="note" value={note} maxLength={500} onChange={(ev) => setNote(ev.target.value)} />
          </label>
        </>
      )}
      <button type="submit" disabled={act.busy}>
        {t("office.drawers.save")}
      </button>
      <button type="button" onClick={() => setOpen(false)}>
        {t("office.drawers.cancel")}
      </button>
      <OfficeError error={act.error} />
    </form>
  );
}
