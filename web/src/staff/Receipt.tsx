// The receipt (收款收据): what the resident takes away. Printed from the browser with its own
// print layout; every print is counted by billing, and every print after the first is marked
// as a copy (副本).

import { useState, type FormEvent } from "react";
import { flushSync } from "react-dom";
import { get, post } from "../api/client";
import { ErrorNote } from "../components/ErrorNote";
import { Link } from "../components/Link";
import { useAction, useLoad } from "../components/useLoad";
import { useI18n } from "../i18n";
import { formatPhone } from "../lib/format";
import { useKeys } from "../lib/keys";
import { CASH_ROLES, hasAnyRole } from "../lib/roles";
import { paths } from "../lib/router";
import type { DeskProps } from "../screens/DeskShell";
import { fenInCapitals, formatFen } from "./money";
import type { Colleague, Receipt } from "./types";

function stamp(iso: string): string {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

export function ReceiptPage({ estate, session, paymentId }: DeskProps & { paymentId: string }) {
  const { t, tv } = useI18n();
  const e = estate.estate_id;
  const canAskReversal = hasAnyRole(session.staff, CASH_ROLES);
  const receipt = useLoad(() => get<Receipt>(`/billing/estates/${e}/payments/${paymentId}`), [e, paymentId]);
  const people = useLoad(async () => {
    try {
      return (await get<{ items: Colleague[] }>("/auth/directory")).items;
    } catch {
      return [];
    }
  }, []);
  // Prints so far: from the receipt, then from each counted print.
  const [prints, setPrints] = useState<number | null>(null);
  const act = useAction();

  const r = receipt.data;
  // Printed before this visit: the next print is a copy. Printed here: a copy after the first.
  const before = r?.prints ?? r?.payment.prints ?? 0;
  const isCopy = prints === null ? before >= 1 : prints > 1;
  const printedOnce = (prints ?? before) >= 1;

  const print = async () => {
    if (!r) return;
    const counted = await act.run(() => post<{ prints: number; copy: boolean }>(`/billing/estates/${e}/payments/${paymentId}/prints`, {}));
    if (!counted) return;
    // The copy mark must be on the page before the print dialog takes its picture.
    flushSync(() => setPrints(counted.prints));
    window.print();
  };

  useKeys((ev) => {
    if ((ev.ctrlKey || ev.metaKey) && !ev.altKey && ev.key.toLowerCase() === "p") {
      void print();
      return true;
    }
    return false;
  });

  const [reason, setReason] = useState("");
  const [asking, setAsking] = useState(false);
  const reversing = useAction();
  const askReversal = async (ev: FormEvent) => {
    ev.preventDefault();
    const done = await reversing.run(() =>
      post(`/billing/estates/${e}/payments/${paymentId}/reversal`, { reason: reason.trim() }),
    );
    if (done) {
      setAsking(false);
      void receipt.reload();
    }
  };

  const cashier = people.data?.find((p) => p.staff_id === r?.payment.cashier)?.display_name;

  return (
    <section aria-labelledby="receipt-title" className="receipt-page">
      <div className="page-head no-print">
        <Link to={paths.cash(e)}>{t("cash.backToDesk")}</Link>
        <div className="actions">
          <button type="button" className="primary" disabled={!r || act.busy} onClick={() => void print()}>
            {printedOnce ? t("cash.reprint") : t("cash.print")} <kbd>Ctrl</kbd>
            <kbd>P</kbd>
          </button>
        </div>
      </div>
      <ErrorNote error={receipt.error ?? act.error} />
      {r && !r.reversal && canAskReversal && (
        <div className="no-print">
          {asking ? (
            <form className="inline-form" onSubmit={askReversal} aria-label={t("cash.askReversal")}>
              <label className="grow">
                {t("cash.reversalReason")}
                <input name="reason" required minLength={2} autoFocus value={reason} onChange={(ev) => setReason(ev.target.value)} />
              </label>
              <button type="submit" className="primary" disabled={reversing.busy}>
                {t("cash.askReversal")}
              </button>
              <button type="button" className="link" onClick={() => setAsking(false)}>
                {t("common.cancel")}
              </button>
            </form>
          ) : (
            <button type="button" className="link" onClick={() => setAsking(true)}>
              {t("cash.askReversal")}
            </button>
          )}
          <ErrorNote error={reversing.error} />
        </div>
      )}
      {r && (
        <article className={`receipt ${isCopy ? "copy" : ""}`} data-testid="receipt">
          {isCopy && (
            <div className="copy-mark" data-testid="copy-mark">
              {t("cash.copyMark")}
            </div>
          )}
          <header>
            <div className="receipt-estate">{estate.service_centre_name || estate.name}</div>
            <h1 id="receipt-title">{t("cash.receiptTitle")}</h1>
            <div className="receipt-no">
              {t("cash.receiptNo")} <strong data-testid="receipt-no">{r.payment.receipt_no}</strong>
            </div>
          </header>
          <dl className="facts receipt-facts">
            <div>
              <dt>{t("cash.estate")}</dt>
              <dd>{estate.name}</dd>
            </div>
            <div>
              <dt>{t("cash.unit")}</dt>
              <dd>{r.payment.unit_label}</dd>
            </div>
            <div>
              <dt>{t("cash.takenAt")}</dt>
              <dd>{stamp(r.payment.taken_at)}</dd>
            </div>
          </dl>
          <table className="receipt-lines">
            <thead>
              <tr>
                <th>{t("cash.item")}</th>
                <th className="money">{t("cash.amountYuanShort")}</th>
              </tr>
            </thead>
            <tbody>
              {r.lines.map((l) => (
                <tr key={l.charge_id}>
                  <td>{l.description}</td>
                  <td className="money">{formatFen(l.amount_fen)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <td>{t("cash.total")}</td>
                <td className="money" data-testid="receipt-amount">
                  ¥{formatFen(r.payment.amount_fen)}
                </td>
              </tr>
              <tr>
                <td colSpan={2} className="capitals">
                  {t("cash.inCapitals")} {fenInCapitals(r.payment.amount_fen)}
                </td>
              </tr>
            </tfoot>
          </table>
          <dl className="facts receipt-facts">
            <div>
              <dt>{t("cash.method")}</dt>
              <dd>{tv("cash.method", r.payment.method)}</dd>
            </div>
            <div>
              <dt>{t("cash.cashier")}</dt>
              <dd>{cashier ?? ""}</dd>
            </div>
          </dl>
          {r.reversal && (
            <p className="note warn">
              {tv("cash.reversal", r.reversal.status)} · {r.reversal.reason}
            </p>
          )}
          <footer className="muted small">
            {estate.service_centre_name} {formatPhone(estate.service_phone)}
          </footer>
        </article>
      )}
    </section>
  );
}
