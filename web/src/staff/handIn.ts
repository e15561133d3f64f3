// The month's complaints report once handed in (frozen): its figures stay as handed in, and what
// moved since is shown beside them, figure by figure and in one plain sentence.

import type { MessageKey, Vars } from "../i18n";
import type { ComplaintStats } from "./types";

type Translate = (key: MessageKey, vars?: Vars) => string;

/** The counts shown for a handed-in month, in the report's order. */
export const HANDED_IN_FIGURES = [
  "received",
  "valid",
  "invalid",
  "resolved",
  "on_time",
  "replied",
  "followed_up",
  "satisfied",
  "basically_satisfied",
  "dissatisfied",
  "extended",
] as const;
export type Figure = (typeof HANDED_IN_FIGURES)[number];

export interface FigureLine {
  figure: Figure;
  label: string;
  handed: number;
  live: number;
  movement: number;
}

/** One line per figure of a handed-in month (none for a month not handed in). */
export function handedInLines(c: ComplaintStats, t: Translate): FigureLine[] {
  if (!c.frozen) return [];
  return HANDED_IN_FIGURES.map((figure) => {
    const handed = c.totals[figure] ?? 0;
    const live = c.live?.totals[figure] ?? handed;
    const movement = c.movement?.[figure] ?? live - handed;
    return { figure, label: t(`sup.fig.${figure}`), handed, live, movement };
  });
}

/** A signed change: "+2", "−1" (a real minus sign), "0". */
export function signed(n: number): string {
  return n > 0 ? `+${n}` : n < 0 ? `−${-n}` : "0";
}

/** What moved since the month was handed in, in plain words; "" for a month not handed in. */
export function movementSentence(c: ComplaintStats, t: Translate): string {
  if (!c.frozen) return "";
  const moved = handedInLines(c, t).filter((l) => l.movement !== 0);
  if (moved.length === 0) return t("sup.handIn.noMovement");
  const changes = moved
    .map((l) => t("sup.handIn.change", { label: l.label, sign: l.movement > 0 ? "+" : "−", n: Math.abs(l.movement) }))
    .join(t("sup.handIn.sep"));
  return t("sup.handIn.moved", { changes });
}
