// Bar charts in plain SVG: a horizontal bar per estate (the ranking), and a column per month
// (an estate's trend). Rates run from 0 to 1; an estate or month without the figure gets no bar
// and "—".

import { formatRate } from "./figures";

export interface Bar {
  label: string;
  value: number | null;
}

const ROW = 22;
const LABEL = 150;
const WIDTH = 620;
const PLOT = WIDTH - LABEL - 60;

/** One horizontal bar per row; `floor` draws a dashed line (the 60 % follow-up floor). */
export function Bars({ title, bars, floor, testId }: { title: string; bars: Bar[]; floor?: number; testId?: string }) {
  const height = bars.length * ROW + 8;
  return (
    <figure className="hq-chart" data-testid={testId}>
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${height}`} width="100%" role="img" aria-label={title}>
        {bars.map((b, i) => {
          const y = i * ROW + 4;
          const w = b.value === null ? 0 : Math.max(0, Math.min(1, b.value)) * PLOT;
          return (
            <g key={`${b.label}-${i}`}>
              <text x={LABEL - 8} y={y + ROW / 2 + 4} textAnchor="end" className="hq-chart-label">
                {b.label}
              </text>
              <rect x={LABEL} y={y + 3} width={w} height={ROW - 8} rx={3} className="hq-bar" />
              <text x={LABEL + w + 6} y={y + ROW / 2 + 4} className="hq-chart-value">
                {formatRate(b.value)}
              </text>
            </g>
          );
        })}
        {floor !== undefined && (
          <line x1={LABEL + floor * PLOT} x2={LABEL + floor * PLOT} y1={0} y2={height} className="hq-floor" />
        )}
      </svg>
    </figure>
  );
}

const C_HEIGHT = 120;
const C_WIDTH = 260;

/** One column per month, oldest first. */
export function Columns({ title, points, floor }: { title: string; points: Bar[]; floor?: number }) {
  const slot = C_WIDTH / Math.max(1, points.length);
  const plot = C_HEIGHT - 34;
  return (
    <figure className="hq-chart hq-columns">
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${C_WIDTH} ${C_HEIGHT}`} width="100%" role="img" aria-label={title}>
        {points.map((p, i) => {
          const h = p.value === null ? 0 : Math.max(0, Math.min(1, p.value)) * plot;
          const x = i * slot;
          return (
            <g key={p.label}>
              <rect x={x + slot * 0.2} y={16 + plot - h} width={slot * 0.6} height={h} rx={2} className="hq-bar" />
              <text x={x + slot / 2} y={12 + plot - h} textAnchor="middle" className="hq-chart-value">
                {formatRate(p.value)}
              </text>
              <text x={x + slot / 2} y={C_HEIGHT - 4} textAnchor="middle" className="hq-chart-label">
                {p.label}
              </text>
            </g>
          );
        })}
        {floor !== undefined && <line x1={0} x2={C_WIDTH} y1={16 + plot - floor * plot} y2={16 + plot - floor * plot} className="hq-floor" />}
      </svg>
    </figure>
  );
}
