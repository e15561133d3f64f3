// Reversals waiting for a supervisor: approve (the money goes back out) or refuse. The one who
// asked cannot approve their own.

import { get, post } from "../api/client";
import { ErrorNote } from "../components/ErrorNote";
import { Link } from "../components/Link";
import { useAction, useLoad } from "../components/useLoad";
import { useI18n } from "../i18n";
import { formatTime } from "../lib/format";
import { paths } from "../lib/router";
import { formatFen } from "./money";
import type { WaitingReversal } from "./types";

export function Reversals({ e, refresh }: { e: string; refresh: number }) {
  const { t, tv } = useI18n();
  const list = useLoad(() => get<{ items: WaitingReversal[] }>(`/billing/estates/${e}/reversals`), [e, refresh], 60_000);
  const act = useAction();
  const decide = async (r: WaitingReversal, decision: "approve" | "refuse") => {
    const done = await act.run(() => post(`/billing/estates/${e}/payments/${r.payment_id}/reversal/decision`, { decision }));
    if (done) void list.reload();
  };
  return (
    <div data-testid="sup-reversals">
      <ErrorNote error={list.error ?? act.error} />
      {list.data && list.data.items.length === 0 && <p className="empty">{t("sup.noneWaiting")}</p>}
      <ul className="staff-list">
        {list.data?.items.map((r) => (
          <li key={r.payment_id} className="card staff-row" data-testid="reversal-row" data-id={r.payment_id}>
            <div className="staff-row-head">
              <Link to={paths.receipt(e, r.payment_id)}>{r.receipt_no}</Link>
              <span className="unit">{r.unit_label}</span>
              <span className="money">{formatFen(r.amount_fen)}</span>
              <span className="badge">{tv("cash.method", r.method)}</span>
              <span className="muted small">{formatTime(r.requested_at)}</span>
            </div>
            <div className="request-text">{r.reason}</div>
            <div className="actions">
              <button type="button" className="primary small-btn" disabled={act.busy} onClick={() => void decide(r, "approve")}>
                {t("sup.approveReversal")}
              </button>
              <button type="button" className="small-btn" disabled={act.busy} onClick={() => void decide(r, "refuse")}>
                {t("sup.refuseReversal")}
              </button>
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
