// The supervisor's queue of reversals waiting for a decision: approve or refuse, never one's own
// (billing refuses it; the words say why). Keys: ↑/↓ pick, Y approves, X refuses, R reads again.

import { useState } from "react";
import { get, post } from "../api/client";
import { useAction, useLoad } from "../components/useLoad";
import { useI18n } from "../i18n";
import { formatTime } from "../lib/format";
import { plain, useKeys } from "../lib/keys";
import type { DeskProps } from "../screens/DeskShell";
import { yuan } from "./money";
import { usePeople } from "./people";
import { MethodName, ReversalBadge } from "./Receipts";
import type { WaitingReversal } from "./types";
import { OfficeError } from "./words";

export function ReversalQueue({ estate, session }: DeskProps) {
  const { t } = useI18n();
  const e = estate.estate_id;
  const queue = useLoad(() => get<{ items: WaitingReversal[] }>(`/billing/estates/${e}/reversals`), [e]);
  // Decided here: kept on screen with their new state until the page is left.
  const [decided, setDecided] = useState<Record<string, { row: WaitingReversal; status: string }>>({});
  const [active, setActive] = useState(0);
  const act = useAction();
  const waiting = (queue.data?.items ?? []).filter((r) => !decided[r.payment_id]);
  const rows: { row: WaitingReversal; status: string }[] = [
    ...waiting.map((row) => ({ row, status: row.status })),
    ...Object.values(decided),
  ];
  const me = session.staff.staff_id;
  const people = usePeople();

  const decide = async (row: WaitingReversal, decision: "approve" | "refuse") => {
    const r = await act.run(() =>
      post<{ status: string }>(`/billing/estates/${e}/payments/${row.payment_id}/reversal/decision`, { decision }),
    );
    if (r) setDecided((d) => ({ ...d, [row.payment_id]: { row, status: r.status } }));
  };

  useKeys((ev, typing) => {
    if (typing || !plain(ev)) return false;
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      setActive((a) => Math.max(0, Math.min(waiting.length - 1, a + (ev.key === "ArrowDown" ? 1 : -1))));
      return true;
    }
    const k = ev.key.toLowerCase();
    if (k === "r" && !ev.shiftKey) {
      void queue.reload();
      return true;
    }
    const row = waiting[Math.min(active, waiting.length - 1)];
    if (!row || act.busy) return false;
    if (k === "y") {
      void decide(row, "approve");
      return true;
    }
    if (k === "x") {
      void decide(row, "refuse");
      return true;
    }
    return false;
  });

  return (
    <section className="card" aria-labelledby="rev-title">
      <div className="page-head">
        <h2 id="rev-title">{t("office.reversals.title")}</h2>
        <span className="muted small">{t("office.reversals.keys")}</span>
      </div>
      <OfficeError error={queue.error ?? act.error} />
      {queue.data && rows.length === 0 && <p className="empty">{t("office.reversals.none")}</p>}
      {rows.length > 0 && (
        <table className="list" data-testid="reversal-queue">
          <thead>
            <tr>
              <th>{t("office.receipts.no")}</th>
              <th>{t("office.receipts.unit")}</th>
              <th className="num">{t("office.receipts.amount")}</th>
              <th>{t("office.receipts.method")}</th>
              <th>{t("office.reversal.reason")}</th>
              <th>{t("office.reversals.asked")}</th>
              <th>{t("office.receipts.reversal")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ row, status }, i) => {
              const open = status === "requested";
              return (
                <tr
                  key={row.payment_id}
                  data-receipt={row.receipt_no}
                  data-state={status}
                  className={open && i === active ? "active" : ""}
                  onClick={() => open && setActive(i)}
                >
                  <td data-label={t("office.receipts.no")}>{row.receipt_no}</td>
                  <td data-label={t("office.receipts.unit")}>{row.unit_label}</td>
                  <td data-label={t("office.receipts.amount")} className="num money">
                    {yuan(row.amount_fen)}
                  </td>
                  <td data-label={t("office.receipts.method")}>
                    <MethodName method={row.method} />
                  </td>
                  <td data-label={t("office.reversal.reason")}>{row.reason}</td>
                  <td data-label={t("office.reversals.asked")}>
                    {formatTime(row.requested_at)} {people.get(row.requested_by) ?? ""}
                    {row.requested_by === me && <div className="muted small">{t("office.reversals.yours")}</div>}
                  </td>
                  <td data-label={t("office.receipts.reversal")}>
                    {open ? (
                      <div className="actions office-decide">
                        <button type="button" className="primary small-btn" disabled={act.busy} onClick={() => void decide(row, "approve")}>
                          {t("office.reversals.approve")} {i === active && <kbd>Y</kbd>}
                        </button>
                        <button type="button" className="small-btn" disabled={act.busy} onClick={() => void decide(row, "refuse")}>
                          {t("office.reversals.refuse")} {i === active && <kbd>X</kbd>}
                        </button>
                      </div>
                    ) : (
                      <ReversalBadge state={status} />
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
