// Charging one of the estate's items at the desk as it is used: the meeting room by the hour,
// a key copied, a top-up bought on the resident's behalf (the amount typed in yuan).

import { useState, type FormEvent, type KeyboardEvent } from "react";
import { post } from "../api/client";
import { useAction, useLoad } from "../components/useLoad";
import { useI18n } from "../i18n";
import type { DeskProps } from "../screens/DeskShell";
import { loadSchedule } from "./FeeSchedule";
import { parseYuan, yuan } from "./money";
import type { ChargeRow } from "./types";
import { OfficeError } from "./words";

export function ChargeItem({ estate }: DeskProps) {
  const { t } = useI18n();
  const e = estate.estate_id;
  const schedule = useLoad(() => loadSchedule(e), [e]);
  const items = (schedule.data?.items ?? []).filter((i) => i.kind !== "monthly");
  const [unit, setUnit] = useState("");
  const [code, setCode] = useState("");
  const [quantity, setQuantity] = useState("1");
  const [amount, setAmount] = useState("");
  const [note, setNote] = useState("");
  const [bad, setBad] = useState<string | null>(null);
  const [done, setDone] = useState<ChargeRow | null>(null);
  const act = useAction();
  const item = items.find((i) => i.code === code) ?? items[0];

  const submit = async (ev?: FormEvent) => {
    ev?.preventDefault();
    setDone(null);
    if (!item || !unit.trim()) {
      setBad(t("office.charge.needUnit"));
      return;
    }
    const body: Record<string, unknown> = { unit_label: unit.trim(), item_code: item.code };
    if (item.kind === "top_up") {
      const fen = parseYuan(amount);
      if (fen === null || fen <= 0) {
        setBad(t("office.charge.badAmount"));
        return;
      }
      body.amount_fen = fen;
    } else {
      const q = Number.parseInt(quantity, 10);
      if (!/^\d+$/.test(quantity.trim()) || q < 1 || q > 1000) {
        setBad(t("office.charge.badQuantity"));
        return;
      }
      body.quantity = q;
    }
    if (note.trim()) body.note = note.trim();
    setBad(null);
    const r = await act.run(() => post<ChargeRow>(`/billing/estates/${e}/charges`, body));
    if (r) {
      setDone(r);
      setQuantity("1");
      setAmount("");
      setNote("");
    }
  };

  const onKey = (ev: KeyboardEvent) => {
    if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) {
      ev.preventDefault();
      void submit();
    }
  };

  return (
    <form className="card" onSubmit={submit} onKeyDown={onKey} aria-labelledby="charge-title" data-testid="charge-item">
      <h2 id="charge-title">{t("office.charge.title")}</h2>
      <OfficeError error={schedule.error} />
      {schedule.data && items.length === 0 && <p className="empty">{t("office.charge.noItems")}</p>}
      {items.length > 0 && item && (
        <>
          <div className="row3">
            <label>
              {t("office.charge.unit")}
              <input name="unit_label" autoFocus value={unit} placeholder="1-1-101" onChange={(ev) => setUnit(ev.target.value)} />
            </label>
            <label>
              {t("office.charge.item")}
              <select name="item_code" value={item.code} onChange={(ev) => setCode(ev.target.value)}>
                {items.map((i) => (
                  <option key={i.code} value={i.code}>
                    {i.name} · {t(`office.kind.${i.kind}`)} · {yuan(i.price_fen)}
                  </option>
                ))}
              </select>
            </label>
            {item.kind === "top_up" ? (
              <label>
                {t("office.charge.amount")}
                <input name="amount" inputMode="decimal" placeholder="0.00" value={amount} onChange={(ev) => setAmount(ev.target.value)} />
              </label>
            ) : (
              <label>
                {item.kind === "per_hour" ? t("office.charge.hours") : t("office.charge.uses")}
                <input name="quantity" inputMode="numeric" value={quantity} onChange={(ev) => setQuantity(ev.target.value)} />
              </label>
            )}
            <label>
              {t("office.charge.note")}
              <input name="note" maxLength={100} value={note} onChange={(ev) => setNote(ev.target.value)} />
            </label>
          </div>
          {item.kind === "top_up" && item.price_fen > 0 && (
            <p className="muted small">{t("office.charge.topUpFee", { fee: yuan(item.price_fen) })}</p>
          )}
          <div className="actions">
            <button type="submit" className="primary" disabled={act.busy}>
              {t("office.charge.submit")} <kbd>Ctrl+Enter</kbd>
            </button>
          </div>
        </>
      )}
      {bad && (
        <div className="note error" role="alert">
          {bad}
        </div>
      )}
      <OfficeError error={act.error} />
      {done && (
        <div className="note ok" role="status" data-testid="charge-done">
          {t("office.charge.done", { unit: done.unit_label, what: done.description, amount: yuan(done.amount_fen) })}
        </div>
      )}
    </form>
  );
}
