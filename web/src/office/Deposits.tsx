// Deposits held per unit and person (pass deposits): find them by unit and state, and refund a
// returned pass's deposit against the receipt it was paid with, out of the cashier's drawer.

import { useState, type FormEvent } from "react";
import { get, post } from "../api/client";
import { OkNote } from "../components/ErrorNote";
import { useAction, useLoad } from "../components/useLoad";
import { useI18n } from "../i18n";
import { formatTime } from "../lib/format";
import { hasAnyRole } from "../lib/roles";
import type { DeskProps } from "../screens/DeskShell";
import { yuan } from "./money";
import { CASH_DESK_ROLES } from "./Office";
import { DEPOSIT_STATUSES, type DepositRow } from "./types";
import { OfficeError } from "./words";

export function Deposits({ estate, session }: DeskProps) {
  const { t, tv } = useI18n();
  const e = estate.estate_id;
  const canRefund = hasAnyRole(session.staff, CASH_DESK_ROLES);
  const [unit, setUnit] = useState("");
  const [status, setStatus] = useState("");
  const [query, setQuery] = useState({ unit: "", status: "" });
  const list = useLoad(
    () =>
      get<{ items: DepositRow[]; held_fen: number }>(`/billing/estates/${e}/deposits`, {
        unit_label: query.unit,
        status: query.status,
      }),
    [e, query.unit, query.status],
  );
  const [refunding, setRefunding] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const search = (ev: FormEvent) => {
    ev.preventDefault();
    setQuery({ unit: unit.trim(), status });
  };

  return (
    <section className="card" aria-labelledby="dep-title">
      <h2 id="dep-title">{t("office.deposits.title")}</h2>
      <form className="inline-form" onSubmit={search}>
        <label>
          {t("office.receipts.unit")}
          <input name="unit_label" value={unit} placeholder="1-1-101" onChange={(ev) => setUnit(ev.target.value)} />
        </label>
        <label>
          {t("office.deposits.status")}
          <select name="status" value={status} onChange={(ev) => setStatus(ev.target.value)}>
            <option value="">{t("office.deposits.any")}</option>
            {DEPOSIT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`office.deposit.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{t("office.deposits.find")}</button>
      </form>
      <OfficeError error={list.error} />
      <OkNote text={done} />
      {list.data && (
        <>
          <p className="muted small">{t("office.deposits.held", { amount: yuan(list.data.held_fen) })}</p>
          {list.data.items.length === 0 ? (
            <p className="empty">{t("office.deposits.none")}</p>
          ) : (
            <table className="list" data-testid="deposits">
              <thead>
                <tr>
                  <th>{t("office.receipts.unit")}</th>
                  <th>{t("office.deposits.holder")}</th>
                  <th>{t("office.deposits.pass")}</th>
                  <th className="num">{t("office.receipts.amount")}</th>
                  <th>{t("office.deposits.status")}</th>
                  <th>{t("office.receipts.no")}</th>
                  {canRefund && <th />}
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((d) => (
                  <tr key={d.deposit_id} data-state={d.status} data-pass={d.pass_no}>
                    <td data-label={t("office.receipts.unit")}>{d.unit_label}</td>
                    <td data-label={t("office.deposits.holder")}>{d.holder_name}</td>
                    <td data-label={t("office.deposits.pass")}>{d.pass_no}</td>
                    <td data-label={t("office.receipts.amount")} className="num money">
                      {yuan(d.amount_fen)}
                    </td>
                    <td data-label={t("office.deposits.status")}>
                      <span className="badge">{tv("office.deposit", d.status)}</span>
                      {d.refunded_at && <div className="muted small">{formatTime(d.refunded_at)}</div>}
                    </td>
                    <td data-label={t("office.receipts.no")}>{d.receipt_no ?? "—"}</td>
                    {canRefund && (
                      <td>
                        {d.status === "refund_due" && refunding !== d.deposit_id && (
                          <button type="button" className="small-btn" onClick={() => setRefunding(d.deposit_id)}>
                            {t("office.deposits.refund")}
                          </button>
                        )}
                        {refunding === d.deposit_id && (
                          <Refund
                            e={e}
                            d={d}
                            onCancel={() => setRefunding(null)}
                            onDone={() => {
                              setRefunding(null);
                              setDone(t("office.deposits.refunded", { amount: yuan(d.amount_fen), unit: d.unit_label }));
                              void list.reload();
                            }}
                          />
                        )}
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}

function Refund({ e, d, onCancel, onDone }: { e: string; d: DepositRow; onCancel: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const [receipt, setReceipt] = useState("");
  const act = useAction();
  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    const r = await act.run(() => post(`/billing/estates/${e}/deposits/${d.deposit_id}/refund`, { receipt_no: receipt.trim() }));
    if (r) onDone();
  };
  return (
    <form className="office-ask" onSubmit={submit} data-testid="refund-deposit">
      <label>
        {t("office.deposits.receipt")}
        <input name="receipt_no" autoFocus required value={receipt} onChange={(ev) => setReceipt(ev.target.value)} />
      </label>
      <div className="actions">
        <button type="submit" className="primary small-btn" disabled={act.busy}>
          {t("office.deposits.refundNow")}
        </button>
        <button type="button" className="link" onClick={onCancel}>
          {t("common.cancel")}
        </button>
      </div>
      <OfficeError error={act.error} />
    </form>
  );
}
