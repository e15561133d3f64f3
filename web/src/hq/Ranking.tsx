// Every estate of the group on one page, ranked (by default on the mean of its rates), sortable
// by any column with a click or the keys 1–7, and the sorted column as a bar chart.

import { useState } from "react";
import type { Estate } from "../api/types";
import { ErrorNote } from "../components/ErrorNote";
import { Link } from "../components/Link";
import { useLoad } from "../components/useLoad";
import { useI18n, type MessageKey } from "../i18n";
import { digitOf, plain, useKeys } from "../lib/keys";
import { Bars } from "./Charts";
import { formatRate, sortFigures, type SortKey } from "./figures";
import { hqPaths } from "./route";
import { loadMonth } from "./load";

const COLUMNS: { key: SortKey; label: MessageKey }[] = [
  { key: "name", label: "hq.col.name" },
  { key: "score", label: "hq.col.score" },
  { key: "onTime", label: "hq.col.onTime" },
  { key: "validity", label: "hq.col.validity" },
  { key: "followUp", label: "hq.col.followUp" },
  { key: "satisfaction", label: "hq.col.satisfaction" },
  { key: "collection", label: "hq.col.collection" },
];

/** How many estates the chart shows. */
const CHART_ROWS = 20;

export function Ranking({ estates, month }: { estates: Estate[]; month: string }) {
  const { t } = useI18n();
  const [sort, setSort] = useState<{ key: SortKey; dir: "asc" | "desc" }>({ key: "score", dir: "desc" });
  const loaded = useLoad(() => loadMonth(month, estates), [month, estates.map((e) => e.estate_id).join()]);

  const sortBy = (key: SortKey) =>
    setSort((s) => (s.key === key ? { key, dir: s.dir === "asc" ? "desc" : "asc" } : { key, dir: key === "name" ? "asc" : "desc" }));

  useKeys((e, typing) => {
    if (typing || !plain(e)) return false;
    const d = digitOf(e);
    if (d !== null && d >= 1 && d <= COLUMNS.length) {
      sortBy(COLUMNS[d - 1].key);
      return true;
    }
    return false;
  });

  const rows = loaded.data ? sortFigures(loaded.data.rows, sort.key, sort.dir) : [];
  // The rank is always the combined one, whatever the order shown.
  const rankOf = new Map(
    sortFigures(loaded.data?.rows ?? [], "score", "desc").map((f, i) => [f.estate.estate_id, f.score === null ? null : i + 1]),
  );
  const chartKey = sort.key === "name" ? "score" : sort.key;
  const chartLabel = COLUMNS.find((c) => c.key === chartKey)?.label ?? "hq.col.score";
  const empty = loaded.data !== null && loaded.data.rows.every((r) => r.score === null);

  return (
    <section aria-labelledby="hq-title">
      <div className="page-head">
        <h1 id="hq-title">
          {t("hq.ranking.title")} <span className="muted small">{month}</span>
        </h1>
      </div>
      <ErrorNote error={loaded.error} />
      {loaded.data?.missing.map((s) => (
        <div key={s} className="note warn" role="status">
          {t(s === "billing" ? "hq.missing.billing" : "hq.missing.complaints")}
        </div>
      ))}
      {loaded.loading && !loaded.data && <p className="muted">{t("common.loading")}</p>}
      {empty && <p className="empty">{t("hq.none")}</p>}
      {loaded.data && (
        <>
          <table className="list hq-table" data-testid="hq-ranking">
            <thead>
              <tr>
                <th scope="col">{t("hq.col.rank")}</th>
                {COLUMNS.map((c, i) => (
                  <th
                    key={c.key}
                    scope="col"
                    aria-sort={sort.key === c.key ? (sort.dir === "asc" ? "ascending" : "descending") : "none"}
                    className={c.key === "name" ? undefined : "num"}
                  >
                    <button
                      type="button"
                      className="hq-sort"
                      data-sort={c.key}
                      title={t("hq.sortBy", { column: t(c.label) })}
                      onClick={() => sortBy(c.key)}
                    >
                      {t(c.label)} <kbd>{i + 1}</kbd>
                      {sort.key === c.key && <span aria-hidden="true">{sort.dir === "asc" ? " ▲" : " ▼"}</span>}
                    </button>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((f) => (
                <tr key={f.estate.estate_id} data-estate={f.estate.code}>
                  <td data-label={t("hq.col.rank")}>{rankOf.get(f.estate.estate_id) ?? "—"}</td>
                  <td data-label={t("hq.col.name")}>
                    <Link to={hqPaths.estate(f.estate.estate_id, month)}>{f.estate.name}</Link>{" "}
                    <span className="muted small">{f.estate.code}</span>
                  </td>
                  <td className="num" data-label={t("hq.col.score")}>
                    <strong>{formatRate(f.score)}</strong>
                  </td>
                  <td className="num" data-label={t("hq.col.onTime")}>{formatRate(f.onTime)}</td>
                  <td className="num" data-label={t("hq.col.validity")}>{formatRate(f.validity)}</td>
                  <td className={`num${f.repairs?.below_follow_up_floor ? " hq-low" : ""}`} data-label={t("hq.col.followUp")}>
                    {formatRate(f.followUp)}
                  </td>
                  <td className="num" data-label={t("hq.col.satisfaction")}>{formatRate(f.satisfaction)}</td>
                  <td className="num" data-label={t("hq.col.collection")}>{formatRate(f.collection)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted small">{t("hq.keys")}</p>
          <p className="muted small hq-legend">{t("hq.legend")}</p>
          <Bars
            testId="hq-chart"
            title={t("hq.chart", { column: t(chartLabel), n: Math.min(CHART_ROWS, rows.length) })}
            bars={rows.slice(0, CHART_ROWS).map((f) => ({ label: f.estate.name, value: f[chartKey] }))}
            floor={chartKey === "followUp" ? 0.6 : undefined}
          />
        </>
      )}
    </section>
  );
}
