// The resident's charges and paying them: a WeChat Pay or Alipay payment is recorded (no live
// payment provider) and answered with its receipt number. When billing does not offer the
// resident's charges, the screen says so and nothing else breaks.

import { useState, type FormEvent } from "react";
import { ApiError } from "../api/client";
import { useAction, useLoad } from "../components/useLoad";
import { useI18n } from "../i18n";
import { formatTime } from "../lib/format";
import { parseYuan } from "../staff/money";
import { pget, ppost } from "./api";
import { PortalError } from "./Portal";
import type { Charges, Payment, UnitRef } from "./types";
import { yuan } from "./words";

/** Not offered (yet): no such route at the gateway or the service. */
const unavailable = (e: unknown) => e instanceof ApiError && (e.status === 404 || e.status === 405 || e.status === 503);

export function ChargesScreen({ units }: { units: UnitRef[] }) {
  const { t } = useI18n();
  const charges = useLoad(() => pget<Charges>("/billing/resident/charges"), []);
  const [unit, setUnit] = useState(units[0] ? `${units[0].estate_id}|${units[0].unit_label}` : "");
  const [method, setMethod] = useState<"wechat" | "alipay">("wechat");
  const [amount, setAmount] = useState("");
  const [receipt, setReceipt] = useState<Payment | null>(null);
  const pay = useAction();

  if (charges.error && unavailable(charges.error)) {
    return (
      <section className="card" data-testid="portal-charges-unavailable">
        <h2>{t("portal.charges.title")}</h2>
        <p>{t("portal.charges.unavailable")}</p>
      </section>
    );
  }
  if (!charges.data) {
    return charges.error ? <PortalError error={charges.error} /> : <p className="muted">{t("common.loading")}</p>;
  }
  const data = charges.data;
  // What is still owed first, then the newest.
  const items = [...data.items].sort(
    (a, b) =>
      Number(a.paid_fen >= a.amount_fen) - Number(b.paid_fen >= b.amount_fen) || b.created_at.localeCompare(a.created_at),
  );
  const [estate, label] = unit.split("|");
  const owedHere = data.items
    .filter((c) => c.estate_id === estate && c.unit_label === label)
    .reduce((s, c) => s + (c.amount_fen - c.paid_fen), 0);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const fen = amount.trim() ? parseYuan(amount) : owedHere;
    if (fen === null || fen <= 0) {
      pay.setError(new ApiError(422, "portal_amount", "", t("portal.charges.badAmount")));
      return;
    }
    const p = await pay.run(() =>
      ppost<Payment>("/billing/resident/payments", { estate_id: estate, unit_label: label, method, amount_fen: fen }),
    );
    if (p) {
      setReceipt(p);
      setAmount("");
      await charges.reload();
    }
  };

  return (
    <>
      <section className="card" data-testid="portal-charges">
        <h2>{t("portal.charges.title")}</h2>
        <p className="owed">
          {t("portal.charges.owed")} <strong data-testid="portal-owed">{yuan(data.owed_fen)}</strong>
        </p>
      </section>
      <form className="card" onSubmit={submit} data-testid="portal-pay">
        <h2>{t("portal.pay.title")}</h2>
        {receipt && (
          <div className="note ok" role="status" data-testid="portal-receipt">
            {t("portal.pay.done", { no: receipt.receipt_no, fen: yuan(receipt.amount_fen) })}
          </div>
        )}
        <PortalError error={pay.error} />
        <label>
          {t("portal.form.unit")}
          <select name="unit" value={unit} onChange={(e) => setUnit(e.target.value)}>
            {units.map((u) => (
              <option key={`${u.estate_id}|${u.unit_label}`} value={`${u.estate_id}|${u.unit_label}`}>
                {u.unit_label}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="methods">
          <legend>{t("portal.pay.method")}</legend>
          {(["wechat", "alipay"] as const).map((m) => (
            <label key={m} className="check">
              <input type="radio" name="method" value={m} checked={method === m} onChange={() => setMethod(m)} />
              {t(`portal.pay.${m}` as "portal.pay.wechat")}
            </label>
          ))}
        </fieldset>
        <label>
          {t("portal.pay.amount", { fen: yuan(Math.max(owedHere, 0)) })}
          <input name="amount" inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} />
        </label>
        <button type="submit" className="primary" disabled={pay.busy}>
          {t("portal.pay.submit")}
        </button>
      </form>
      <section className="card" data-testid="portal-charge-list">
        <h2>{t("portal.charges.list")}</h2>
        {data.items.length === 0 && <p className="muted">{t("portal.charges.none")}</p>}
        <ul className="items">
          {items.map((c) => (
            <li key={c.charge_id} className={c.paid_fen >= c.amount_fen ? "paid" : ""}>
              <span className="what">
                {c.unit_label} · {c.description}
              </span>
              <span className="amount">{yuan(c.amount_fen)}</span>
              <span className="muted">
                {c.paid_fen >= c.amount_fen ? t("portal.charges.paid") : t("portal.charges.due", { fen: yuan(c.amount_fen - c.paid_fen) })}
              </span>
              <span className="when muted">{formatTime(c.created_at)}</span>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
