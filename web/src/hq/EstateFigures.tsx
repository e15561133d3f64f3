// One estate for head office: the month's five rates, what they are made of (repairs,
// complaints, fees), and the last six months as columns.

import type { ReactNode } from "react";
import { get } from "../api/client";
import type { Estate } from "../api/types";
import { ErrorNote } from "../components/ErrorNote";
import { Link } from "../components/Link";
import { useLoad } from "../components/useLoad";
import { useI18n, type MessageKey } from "../i18n";
import { fenToYuan } from "../lib/format";
import { Columns } from "./Charts";
import { formatRate, RATE_KEYS, type Figures, type RateKey } from "./figures";
import { loadTrend } from "./load";
import { hqPaths } from "./route";

const RATE_LABEL: Record<RateKey | "score", MessageKey> = {
  score: "hq.col.score",
  onTime: "hq.col.onTime",
  validity: "hq.col.validity",
  followUp: "hq.col.followUp",
  satisfaction: "hq.col.satisfaction",
  collection: "hq.col.collection",
};

function Pair({ a, b }: { a: number | undefined; b: number | undefined }) {
  return a === undefined || b === undefined ? <>—</> : <>{`${a} / ${b}`}</>;
}

function Facts({ title, rows, testId }: { title: string; rows: [MessageKey, ReactNode][]; testId: string }) {
  const { t } = useI18n();
  return (
    <div className="card hq-facts" data-testid={testId}>
      <h2>{title}</h2>
      <dl>
        {rows.map(([k, v]) => (
          <div key={k}>
            <dt>{t(k)}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

/** A line of the estate's month by kind of order (`/repairs/estates/{e}/stats`). */
interface KindLine {
  by: string;
  key: string;
  orders: number;
  completed: number;
  with_appointment: number;
  arrived_on_time: number;
  followed_up: number;
  avg_overall: number | null;
  revenue_fen: number;
}

function ByKind({ estate, month }: { estate: Estate; month: string }) {
  const { t, tv } = useI18n();
  const lines = useLoad(
    () => get<{ rows: KindLine[] }>(`/repairs/estates/${estate.estate_id}/stats`, { month }),
    [estate.estate_id, month],
  );
  const kinds = (lines.data?.rows ?? []).filter((l) => l.by === "kind");
  if (kinds.length === 0) return null;
  return (
    <>
      <h2>{t("hq.byKind")}</h2>
      <table className="list hq-table" data-testid="hq-by-kind">
        <thead>
          <tr>
            <th scope="col">{t("workOrders.kind")}</th>
            <th scope="col" className="num">{t("hq.r.opened")}</th>
            <th scope="col" className="num">{t("hq.r.completed")}</th>
            <th scope="col" className="num">{t("hq.r.onTime")}</th>
            <th scope="col" className="num">{t("hq.r.visited")}</th>
            <th scope="col" className="num">{t("hq.r.avgOverall")}</th>
            <th scope="col" className="num">{t("hq.r.revenue")}</th>
          </tr>
        </thead>
        <tbody>
          {kinds.map((k) => (
            <tr key={k.key}>
              <td data-label={t("workOrders.kind")}>{tv("workOrders.kind", k.key)}</td>
              <td className="num" data-label={t("hq.r.opened")}>{k.orders}</td>
              <td className="num" data-label={t("hq.r.completed")}>{k.completed}</td>
              <td className="num" data-label={t("hq.r.onTime")}>{`${k.arrived_on_time} / ${k.with_appointment}`}</td>
              <td className="num" data-label={t("hq.r.visited")}>{k.followed_up}</td>
              <td className="num" data-label={t("hq.r.avgOverall")}>{k.avg_overall === null ? "—" : k.avg_overall.toFixed(2)}</td>
              <td className="num" data-label={t("hq.r.revenue")}>{fenToYuan(k.revenue_fen)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export function EstateFigures({ estate, month }: { estate: Estate; month: string }) {
  const { t } = useI18n();
  const trend = useLoad(() => loadTrend(month, estate), [estate.estate_id, month]);
  const now: Figures | undefined = trend.data?.rows[trend.data.rows.length - 1];
  const r = now?.repairs ?? null;
  const c = now?.complaints?.totals ?? null;
  const b = now?.billing ?? null;

  return (
    <section aria-labelledby="hq-estate-title">
      <p>
        <Link to={hqPaths.ranking(month)}>{t("hq.estate.back")}</Link>
      </p>
      <div className="page-head">
        <h1 id="hq-estate-title">
          {estate.name} <span className="muted small">{estate.code} · {month}</span>
        </h1>
      </div>
      <ErrorNote error={trend.error} />
      {trend.loading && !trend.data && <p className="muted">{t("common.loading")}</p>}
      {now && (
        <>
          <div className="hq-tiles" data-testid="hq-estate-rates">
            {(["score", ...RATE_KEYS] as const).map((k) => (
              <div key={k} className={`hq-tile${k === "followUp" && r?.below_follow_up_floor ? " hq-low" : ""}`} data-rate={k}>
                <div className="muted small">{t(RATE_LABEL[k])}</div>
                <div className="hq-tile-value">{formatRate(now[k])}</div>
              </div>
            ))}
          </div>
          <div className="hq-sources">
            <Facts
              testId="hq-repairs"
              title={t("hq.estate.repairs")}
              rows={[
                ["hq.r.opened", r?.opened ?? 0],
                ["hq.r.completed", r?.completed ?? 0],
                ["hq.r.onTime", <Pair a={r?.arrived_on_time ?? 0} b={r?.with_appointment ?? 0} />],
                ["hq.r.followUp", <Pair a={r?.done_followed_up ?? 0} b={r?.done ?? 0} />],
                ["hq.r.satisfied", <Pair a={r?.satisfied ?? 0} b={r?.followed_up ?? 0} />],
                ["hq.r.avgOverall", r?.avg_overall == null ? "—" : r.avg_overall.toFixed(2)],
                ["hq.r.revenue", fenToYuan(r?.revenue_fen ?? 0)],
              ]}
            />
            <Facts
              testId="hq-complaints"
              title={t("hq.estate.complaints")}
              rows={[
                ["hq.c.received", c ? c.received : "—"],
                ["hq.c.valid", <Pair a={c?.valid} b={c ? c.valid + c.invalid : undefined} />],
                ["hq.c.onTime", <Pair a={c?.on_time} b={c?.resolved} />],
                ["hq.c.followUp", <Pair a={c?.followed_up} b={c?.replied} />],
                ["hq.c.satisfied", <Pair a={c ? c.satisfied + c.basically_satisfied : undefined} b={c?.followed_up} />],
              ]}
            />
            <Facts
              testId="hq-billing"
              title={t("hq.estate.billing")}
              rows={[
                ["hq.b.charged", b ? fenToYuan(b.charged_fen) : "—"],
                ["hq.b.collected", b ? fenToYuan(b.collected_fen) : "—"],
                ["hq.b.arrears", b ? fenToYuan(b.arrears_fen) : "—"],
                ["hq.col.collection", formatRate(now.collection)],
              ]}
            />
          </div>
          {r?.below_follow_up_floor && <div className="note warn">{t("hq.r.belowFloor")}</div>}
          <ByKind estate={estate} month={month} />
          <h2>{t("hq.estate.trend")}</h2>
          <div className="hq-trend" data-testid="hq-trend">
            {(["score", ...RATE_KEYS] as const).map((k) => (
              <Columns
                key={k}
                title={t(RATE_LABEL[k])}
                points={(trend.data?.rows ?? []).map((f, i) => ({ label: trend.data?.months[i].slice(5) ?? "", value: f[k] }))}
                floor={k === "followUp" ? 0.6 : undefined}
              />
            ))}
          </div>
        </>
      )}
    </section>
  );
}
