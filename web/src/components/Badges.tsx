import type { Intake } from "../api/types";
import { useI18n } from "../i18n";

export function UrgencyBadge({ intake }: { intake: Intake }) {
  const { tv } = useI18n();
  if (intake.status === "closed" || !intake.urgency) return null;
  return <span className={`badge urg-${intake.urgency}`}>{tv("urgency", intake.urgency)}</span>;
}

export function StatusBadge({ intake }: { intake: Intake }) {
  const { tv } = useI18n();
  return <span className={`badge st-${intake.status}`}>{tv("status", intake.status)}</span>;
}

export function CategoryBadge({ category }: { category: string }) {
  const { tv } = useI18n();
  return <span className={`badge cat cat-${category}`}>{tv("cat", category)}</span>;
}
