// The month's fees for the supervisor: charged, collected and the collection rate by kind, the
// payments of the month, and who owes how long (ageing), each with its CSV.

import { get } from "../api/client";
import { ErrorNote } from "../components/ErrorNote";
import { Link } from "../components/Link";
import { useAction, useLoad } from "../components/useLoad";
import { useI18n, type MessageKey } from "../i18n";
import { paths } from "../lib/router";
import { downloadCsv } from "./download";
import { formatFen } from "./money";
import type { AgeingBuckets, Arrears, FeesMonth } from "./types";

const BUCKETS: (keyof AgeingBuckets)[] = ["d0_30", "d31_60", "d61_90", "d91_180", "d180_plus"];

/** Basis points as a percentage with two decimals, in integers only: 8780 → "87.80%". */
export function basisPoints(bp: number | null | undefined): string {
  if (bp === null || bp === undefined) return "—";
  return `${Math.trunc(bp / 100)}.${String(bp % 100).padStart(2, "0")}%`;
}

function CsvLink({ path, query, name, onError }: { path: string; query: Record<string, string>; name: string; onError: (f: () => Promise<void>) => void }) {
  const { t } = useI18n();
  const href = `/api/v1${path}?${new URLSearchParams(query).toString()}`;
  return (
    <a
      href={href}
      onClick={(ev) => {
        ev.preventDefault();
        onError(() => downloadCsv(path, query, name));
      }}
    >
      {t("sup.csv")}
    </a>
  );
}

export function Fees({ e, month, valid }: { e: string; month: string; valid: boolean }) {
  const { t, tv } = useI18n();
  const fees = useLoad(
    () => (valid ? get<FeesMonth>(`/billing/estates/${e}/reports/monthly`, { month }) : Promise.resolve(null)),
    [e, month],
  );
  const arrears = useLoad(() => get<Arrears>(`/billing/estates/${e}/reports/arrears`), [e]);
  const dl = useAction();
  const run = (f: () => Promise<void>) => void dl.run(f);
  const f = fees.data;
  const a = arrears.data;
  return (
    <>
      <div className="card" data-testid="fee-stats">
        <div className="page-head">
          <h2>{t("sup.feeStats")}</h2>
          <CsvLink path={`/billing/estates/${e}/reports/monthly.csv`} query={{ month }} name={`fees-${month}.csv`} onError={run} />
        </div>
        <ErrorNote error={fees.error ?? dl.error} />
        {f && !f.totals && <p className="empty">{t("sup.noFigures")}</p>}
        {f?.totals && (
          <dl className="facts inline">
            <div>
              <dt>{t("sup.fee.charged")}</dt>
              <dd className="money">{formatFen(f.totals.charged_fen)}</dd>
            </div>
            <div>
              <dt>{t("sup.fee.collected")}</dt>
              <dd className="money">{formatFen(f.totals.collected_fen)}</dd>
            </div>
            <div>
              <dt>{t("sup.fee.rate")}</dt>
              <dd data-testid="collection-rate">{basisPoints(f.totals.collection_rate_bp)}</dd>
            </div>
            <div>
              <dt>{t("sup.fee.arrears")}</dt>
              <dd className="money">{formatFen(f.totals.arrears_fen)}</dd>
            </div>
            <div>
              <dt>{t("sup.fee.receipts")}</dt>
              <dd>{t("cash.receiptsSummary", { n: f.payments.receipts, net: formatFen(f.payments.net_fen) })}</dd>
            </div>
          </dl>
        )}
        {f && f.by_kind.length > 0 && (
          <table className="list">
            <thead>
              <tr>
                <th>{t("cash.item")}</th>
                <th>{t("sup.fee.count")}</th>
                <th>{t("sup.fee.charged")}</th>
                <th>{t("sup.fee.collected")}</th>
                <th>{t("cash.toPay")}</th>
              </tr>
            </thead>
            <tbody>
              {f.by_kind.map((k) => (
                <tr key={k.source}>
                  <td data-label={t("cash.item")}>{tv("cash.source", k.source)}</td>
                  <td data-label={t("sup.fee.count")}>{k.charges}</td>
                  <td data-label={t("sup.fee.charged")} className="money">
                    {formatFen(k.charged_fen)}
                  </td>
                  <td data-label={t("sup.fee.collected")} className="money">
                    {formatFen(k.collected_fen)}
                  </td>
                  <td data-label={t("cash.toPay")} className="money">
                    {formatFen(k.charged_fen - k.collected_fen)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <div className="card" data-testid="arrears">
        <div className="page-head">
          <h2>{a ? t("sup.arrearsAsOf", { day: a.as_of }) : t("sup.arrears")}</h2>
          <CsvLink path={`/billing/estates/${e}/reports/arrears.csv`} query={{}} name="arrears.csv" onError={run} />
        </div>
        <ErrorNote error={arrears.error} />
        {a && (
          <>
            <dl className="facts inline">
              {BUCKETS.map((b) => (
                <div key={b}>
                  <dt>{t(`sup.age.${b}` as MessageKey)}</dt>
                  <dd className="money">{formatFen(a.ageing[b])}</dd>
                </div>
              ))}
              <div>
                <dt>{t("sup.fee.arrears")}</dt>
                <dd className="money">{formatFen(a.owed_fen)}</dd>
              </div>
            </dl>
            {a.units.length === 0 && <p className="empty">{t("sup.noArrears")}</p>}
            {a.units.length > 0 && (
              <table className="list">
                <thead>
                  <tr>
                    <th>{t("cash.unit")}</th>
                    <th>{t("cash.toPay")}</th>
                    <th>{t("sup.oldestDays")}</th>
                  </tr>
                </thead>
                <tbody>
                  {a.units.slice(0, 50).map((u) => (
                    <tr key={u.unit_label}>
                      <td data-label={t("cash.unit")}>
                        <Link to={`${paths.cash(e)}?unit=${encodeURIComponent(u.unit_label)}`}>
                          <span className="unit">{u.unit_label}</span>
                        </Link>
                      </td>
                      <td data-label={t("cash.toPay")} className="money">
                        {formatFen(u.owed_fen)}
                      </td>
                      <td data-label={t("sup.oldestDays")}>{u.oldest_days}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </>
        )}
      </div>
    </>
  );
}
