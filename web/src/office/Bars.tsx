// A small bar chart in plain SVG: for each month, what was charged and what of it was collected,
// with the collection rate written above.

import { useI18n } from "../i18n";
import { percentBp, yuan } from "./money";
import type { MonthFigures } from "./types";

/** Bar heights in whole pixels for `values`, the largest filling `height`. */
export function barHeights(values: number[], height: number): number[] {
  const top = Math.max(0, ...values);
  if (top <= 0) return values.map(() => 0);
  return values.map((v) => Math.round((Math.max(0, v) * height) / top));
}

export function TrendBars({ months }: { months: MonthFigures[] }) {
  const { t } = useI18n();
  const H = 120;
  const slot = 64;
  const bar = 20;
  const top = 18;
  const width = Math.max(1, months.length) * slot;
  // One scale for both bars, so that collected never looks taller than charged.
  const both = barHeights([...months.map((m) => m.charged_fen), ...months.map((m) => m.collected_fen)], H);
  const charged = both.slice(0, months.length);
  const collected = both.slice(months.length);
  return (
    <figure className="office-trend" data-testid="office-trend">
      <svg width={width} height={H + top + 22} viewBox={`0 0 ${width} ${H + top + 22}`} role="img" aria-label={t("office.monthly.trend")}>
        {months.map((m, i) => {
          const x = i * slot + 8;
          return (
            <g key={m.period} data-month={m.period}>
              <rect className="charged" x={x} y={top + H - charged[i]} width={bar} height={charged[i]}>
                <title>{`${m.period} ${t("office.monthly.charged")} ${yuan(m.charged_fen)}`}</title>
              </rect>
              <rect className="collected" x={x + bar + 2} y={top + H - collected[i]} width={bar} height={collected[i]}>
                <title>{`${m.period} ${t("office.monthly.collected")} ${yuan(m.collected_fen)}`}</title>
              </rect>
              <text x={x + bar} y={top + H - Math.max(charged[i], collected[i]) - 4} textAnchor="middle" className="rate">
                {percentBp(m.collection_rate_bp)}
              </text>
              <text x={x + bar} y={top + H + 16} textAnchor="middle">
                {m.period.slice(2)}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="muted small">
        <span className="swatch charged" /> {t("office.monthly.charged")} <span className="swatch collected" /> {t("office.monthly.collected")}
      </figcaption>
    </figure>
  );
}
