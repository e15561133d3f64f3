import { useEffect, useState } from "react";
import { get } from "../api/client";
import type { Intake, Page } from "../api/types";
import { CategoryBadge, StatusBadge, UrgencyBadge } from "../components/Badges";
import { ErrorNote } from "../components/ErrorNote";
import { useLoad } from "../components/useLoad";
import { useI18n } from "../i18n";
import { formatTime } from "../lib/format";
import { plain, useKeys } from "../lib/keys";
import { navigate, paths, queryParam } from "../lib/router";
import type { DeskProps } from "./DeskShell";

const VIEWS = ["open", "due", "overdue"] as const;
type View = (typeof VIEWS)[number];
const VIEW_KEYS: Record<string, View> = { o: "open", d: "due", x: "overdue" };

/** Today's queue: what is open, due within a day, or overdue; refreshes every 10 seconds. */
export function Queue({ estate, session }: DeskProps) {
  const { t, tv } = useI18n();
  const initial = queryParam("view");
  const [view, setView] = useState<View>(VIEWS.includes(initial as View) ? (initial as View) : "open");
  const [older, setOlder] = useState<Intake[]>([]);
  const [olderNext, setOlderNext] = useState<string | null | undefined>(undefined);
  const [moreError, setMoreError] = useState<unknown>(null);
  const [active, setActive] = useState(0);
  const [updatedAt, setUpdatedAt] = useState<Date | null>(null);
  // Only the entries the one signed in owns (首问责任制).
  const [mine, setMine] = useState(queryParam("mine") === "1");
  const owner = mine ? session.staff.staff_id : undefined;

  const first = useLoad(
    async () => {
      const p = await get<Page<Intake>>(`/reception/estates/${estate.estate_id}/intakes`, { view, limit: 50, owner_id: owner });
      setUpdatedAt(new Date());
      return p;
    },
    [estate.estate_id, view, owner],
    10_000,
  );

  useEffect(() => {
    setOlder([]);
    setOlderNext(undefined);
    setActive(0);
    const q = [view === "open" ? "" : `view=${view}`, mine ? "mine=1" : ""].filter(Boolean).join("&");
    history.replaceState(null, "", `${paths.queue(estate.estate_id)}${q ? `?${q}` : ""}`);
  }, [view, mine, estate.estate_id]);

  const items = [...(first.data?.items ?? []), ...older.filter((o) => !first.data?.items.some((i) => i.intake_id === o.intake_id))];
  const next = olderNext === undefined ? first.data?.next_before : olderNext;

  const loadMore = async () => {
    if (!next) return;
    try {
      const p = await get<Page<Intake>>(`/reception/estates/${estate.estate_id}/intakes`, { view, limit: 50, before: next, owner_id: owner });
      setOlder((o) => [...o, ...p.items]);
      setOlderNext(p.next_before ?? null);
      setMoreError(null);
    } catch (e) {
      setMoreError(e);
    }
  };

  useKeys((e, typing) => {
    if (typing || !plain(e) || e.shiftKey) return false;
    const k = e.key.toLowerCase();
    if (VIEW_KEYS[k]) {
      setView(VIEW_KEYS[k]);
      return true;
    }
    if (k === "m") {
      setMine((m) => !m);
      return true;
    }
    if (k === "r") {
      void first.reload();
      return true;
    }
    if (e.key === "ArrowDown" || e.key === "j") {
      setActive((a) => Math.min(a + 1, items.length - 1));
      return true;
    }
    if (e.key === "ArrowUp") {
      setActive((a) => Math.max(a - 1, 0));
      return true;
    }
    const onControl = e.target instanceof HTMLButtonElement || e.target instanceof HTMLAnchorElement;
    if (e.key === "Enter" && !onControl && items[active]) {
      navigate(paths.intake(estate.estate_id, items[active].intake_id));
      return true;
    }
    return false;
  });

  return (
    <section aria-labelledby="queue-title">
      <div className="page-head">
        <h1 id="queue-title">{t("queue.title")}</h1>
        <div className="tabs" role="tablist">
          {VIEWS.map((v) => (
            <button
              key={v}
              type="button"
              role="tab"
              aria-selected={view === v}
              className={view === v ? "tab current" : "tab"}
              onClick={() => setView(v)}
            >
              {t(`queue.view.${v}`)} <kbd>{v === "open" ? "O" : v === "due" ? "D" : "X"}</kbd>
            </button>
          ))}
          <button
            type="button"
            aria-pressed={mine}
            className={mine ? "tab current" : "tab"}
            data-testid="queue-mine"
            onClick={() => setMine((m) => !m)}
          >
            {t("queue.mine")} <kbd>M</kbd>
          </button>
        </div>
      </div>
      <p className="muted small" aria-live="polite">
        {updatedAt && t("queue.updated", { time: formatTime(updatedAt.toISOString()) })}{" "}
        <button type="button" className="link" onClick={() => void first.reload()}>
          {t("queue.refresh")} <kbd>R</kbd>
        </button>
      </p>
      <ErrorNote error={first.error} />
      {first.data && items.length === 0 && <p className="empty">{t("queue.empty")}</p>}
      {items.length > 0 && (
        <table className="list queue" data-testid="queue">
          <thead>
            <tr>
              <th>{t("queue.col.time")}</th>
              <th>{t("queue.col.category")}</th>
              <th>{t("queue.col.caller")}</th>
              <th>{t("queue.col.request")}</th>
              <th>{t("queue.col.due")}</th>
              <th>{t("queue.col.status")}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((i, n) => (
              <tr
                key={i.intake_id}
                className={`${n === active ? "active " : ""}row-${i.urgency ?? "none"}`}
                onClick={() => navigate(paths.intake(estate.estate_id, i.intake_id))}
                data-intake={i.intake_id}
              >
                <td data-label={t("queue.col.time")}>{formatTime(i.created_at)}</td>
                <td data-label={t("queue.col.category")}>
                  <CategoryBadge category={i.category} /> <span className="muted small">{tv("ch", i.channel)}</span>
                </td>
                <td data-label={t("queue.col.caller")}>
                  {i.caller.name ?? ""} <span className="unit">{i.caller.unit_label ?? ""}</span>
                </td>
                <td data-label={t("queue.col.request")} className="request">
                  <a
                    href={paths.intake(estate.estate_id, i.intake_id)}
                    onClick={(e) => {
                      e.preventDefault();
                    }}
                  >
                    {i.request}
                  </a>
                </td>
                <td data-label={t("queue.col.due")}>
                  {formatTime(i.due_at)} <UrgencyBadge intake={i} />
                </td>
                <td data-label={t("queue.col.status")}>
                  <StatusBadge intake={i} />
                  {i.downstream?.number && <span className="muted small"> {i.downstream.number}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ErrorNote error={moreError} />
      {next && (
        <button type="button" onClick={() => void loadMore()}>
          {t("queue.more")}
        </button>
      )}
    </section>
  );
}
