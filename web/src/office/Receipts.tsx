// A receipts list (the Saturday list or a day's): each receipt with its reversal, the summary by
// method, and — at the cash desk — asking for a receipt to be reversed, with the reason.

import { useState, type FormEvent } from "react";
import { post } from "../api/client";
import { useAction } from "../components/useLoad";
import { useI18n } from "../i18n";
import { formatTime } from "../lib/format";
import { yuan } from "./money";
import type { ReceiptRow, ReceiptsSummary } from "./types";
import { OfficeError } from "./words";

export function MethodName({ method }: { method: string }) {
  const { tv } = useI18n();
  return <>{tv("office.method", method)}</>;
}

export function ReceiptsSummaryView({ s }: { s: ReceiptsSummary }) {
  const { t } = useI18n();
  return (
    <dl className="facts inline office-summary" data-testid="receipts-summary">
      <div>
        <dt>{t("office.receipts.count")}</dt>
        <dd>{s.receipts}</dd>
      </div>
      <div>
        <dt>{t("office.receipts.taken")}</dt>
        <dd className="money">{yuan(s.taken_fen)}</dd>
      </div>
      <div>
        <dt>{t("office.receipts.reversed")}</dt>
        <dd className="money">{yuan(s.reversed_fen)}</dd>
      </div>
      <div>
        <dt>{t("office.receipts.net")}</dt>
        <dd className="money">
          <strong>{yuan(s.net_fen)}</strong>
        </dd>
      </div>
      {Object.entries(s.by_method).map(([m, fen]) => (
        <div key={m} data-method={m}>
          <dt>
            <MethodName method={m} />
          </dt>
          <dd className="money">{yuan(fen)}</dd>
        </div>
      ))}
    </dl>
  );
}

export function ReversalBadge({ state }: { state: string | null }) {
  const { t, tv } = useI18n();
  if (!state) return <span className="muted">{t("common.none")}</span>;
  return (
    <span className={`badge reversal-${state}`} data-reversal={state}>
      {tv("office.reversal", state)}
    </span>
  );
}

export function ReceiptsTable({
  e,
  items,
  canAsk,
  onAsked,
}: {
  e: string;
  items: ReceiptRow[];
  canAsk: boolean;
  onAsked: () => void;
}) {
  const { t } = useI18n();
  const [asking, setAsking] = useState<string | null>(null);
  if (items.length === 0) return <p className="empty">{t("office.receipts.none")}</p>;
  return (
    <table className="list office-receipts" data-testid="receipts">
      <thead>
        <tr>
          <th>{t("office.receipts.no")}</th>
          <th>{t("office.receipts.at")}</th>
          <th>{t("office.receipts.unit")}</th>
          <th>{t("office.receipts.method")}</th>
          <th className="num">{t("office.receipts.amount")}</th>
          <th>{t("office.receipts.reversal")}</th>
          {canAsk && <th />}
        </tr>
      </thead>
      <tbody>
        {items.map((r) => (
          <tr key={r.payment_id} data-receipt={r.receipt_no} data-reversal={r.reversal ?? ""}>
            <td data-label={t("office.receipts.no")}>{r.receipt_no}</td>
            <td data-label={t("office.receipts.at")}>{formatTime(r.taken_at)}</td>
            <td data-label={t("office.receipts.unit")}>{r.unit_label}</td>
            <td data-label={t("office.receipts.method")}>
              <MethodName method={r.method} />
            </td>
            <td data-label={t("office.receipts.amount")} className="num money">
              {yuan(r.amount_fen)}
            </td>
            <td data-label={t("office.receipts.reversal")}>
              <ReversalBadge state={r.reversal} />
            </td>
            {canAsk && (
              <td>
                {r.reversal === null && asking !== r.payment_id && (
                  <button type="button" className="small-btn" onClick={() => setAsking(r.payment_id)}>
                    {t("office.reversal.ask")}
                  </button>
                )}
                {asking === r.payment_id && (
                  <AskReversal
                    e={e}
                    r={r}
                    onCancel={() => setAsking(null)}
                    onAsked={() => {
                      setAsking(null);
                      onAsked();
                    }}
                  />
                )}
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function AskReversal({ e, r, onCancel, onAsked }: { e: string; r: ReceiptRow; onCancel: () => void; onAsked: () => void }) {
  const { t } = useI18n();
  const [reason, setReason] = useState("");
  const act = useAction();
  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    const done = await act.run(() => post(`/billing/estates/${e}/payments/${r.payment_id}/reversal`, { reason: reason.trim() }));
    if (done) onAsked();
  };
  return (
    <form className="office-ask" onSubmit={submit} data-testid="ask-reversal">
      <label>
        {t("office.reversal.reason")}
        <input
          name="reason"
          autoFocus
          required
          minLength={2}
          maxLength={500}
          value={reason}
          onChange={(ev) => setReason(ev.target.value)}
          onKeyDown={(ev) => {
            if (ev.key === "Escape") {
              ev.stopPropagation();
              onCancel();
            }
          }}
        />
      </label>
      <div className="actions">
        <button type="submit" className="primary small-btn" disabled={act.busy}>
          {t("office.reversal.send")}
        </button>
        <button type="button" className="link" onClick={onCancel}>
          {t("common.cancel")}
        </button>
      </div>
      <OfficeError error={act.error} />
    </form>
  );
}
