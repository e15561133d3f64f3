// The estate's fee schedule: the management fee per m² and month (typed in yuan, kept in fen)
// and the estate's items — monthly fixed items, uses, hours, top-ups.

import { useEffect, useState, type FormEvent, type KeyboardEvent } from "react";
import { ApiError, get } from "../api/client";
import { OkNote } from "../components/ErrorNote";
import { useAction, useLoad } from "../components/useLoad";
import { useI18n } from "../i18n";
import { hasAnyRole } from "../lib/roles";
import type { DeskProps } from "../screens/DeskShell";
import { formatFen, parseYuan } from "./money";
import { FEE_ROLES } from "./Office";
import { putJson } from "./transfer";
import { ITEM_KINDS, type FeeItem, type FeeSchedule as Schedule, type ItemKind } from "./types";
import { OfficeError } from "./words";

/** The schedule, or an empty one when the estate has none yet. */
export async function loadSchedule(e: string): Promise<Schedule> {
  try {
    return await get<Schedule>(`/billing/estates/${e}/fee-schedule`);
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return { management_fen_per_m2: 0, items: [] };
    throw err;
  }
}

interface Row {
  code: string;
  name: string;
  kind: ItemKind;
  price: string;
}

const toRow = (i: FeeItem): Row => ({ code: i.code, name: i.name, kind: i.kind, price: formatFen(i.price_fen) });

/** The rows as items, or the first row (0-based) and field that cannot be sent. */
export function rowsToItems(rows: Row[]): { items: FeeItem[] } | { bad: number; field: "code" | "name" | "price" } {
  const items: FeeItem[] = [];
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    const code = r.code.trim();
    if (!/^[a-z0-9_]{1,30}$/.test(code) || rows.slice(0, i).some((o) => o.code.trim() === code)) {
      return { bad: i, field: "code" };
    }
    if (!r.name.trim()) return { bad: i, field: "name" };
    const fen = parseYuan(r.price);
    if (fen === null) return { bad: i, field: "price" };
    items.push({ code, name: r.name.trim(), kind: r.kind, price_fen: fen });
  }
  return { items };
}

export function FeeSchedule({ estate, session }: DeskProps) {
  const { t } = useI18n();
  const e = estate.estate_id;
  const canSet = hasAnyRole(session.staff, FEE_ROLES);
  const loaded = useLoad(() => loadSchedule(e), [e]);
  const [rate, setRate] = useState("");
  const [rows, setRows] = useState<Row[]>([]);
  const [bad, setBad] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const act = useAction();

  useEffect(() => {
    if (!loaded.data) return;
    setRate(formatFen(loaded.data.management_fen_per_m2));
    setRows(loaded.data.items.map(toRow));
  }, [loaded.data]);

  const change = (i: number, patch: Partial<Row>) => {
    setSaved(null);
    setRows((rs) => rs.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  };
  const add = () => {
    setSaved(null);
    setRows((rs) => [...rs, { code: "", name: "", kind: "per_use", price: "" }]);
    window.setTimeout(() => {
      const inputs = document.querySelectorAll<HTMLInputElement>("[data-testid=fee-items] input[name=code]");
      inputs[inputs.length - 1]?.focus();
    }, 0);
  };

  const submit = async (ev?: FormEvent) => {
    ev?.preventDefault();
    setSaved(null);
    const fen = parseYuan(rate);
    if (fen === null) {
      setBad(t("office.fees.badRate"));
      return;
    }
    const checked = rowsToItems(rows);
    if ("bad" in checked) {
      setBad(t(`office.fees.bad.${checked.field}`, { n: checked.bad + 1 }));
      return;
    }
    setBad(null);
    const r = await act.run(() =>
      putJson<Schedule>(`/billing/estates/${e}/fee-schedule`, { management_fen_per_m2: fen, items: checked.items }),
    );
    if (r) {
      setRate(formatFen(r.management_fen_per_m2));
      setRows(r.items.map(toRow));
      setSaved(t("office.fees.saved"));
    }
  };

  const onKey = (ev: KeyboardEvent) => {
    if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) {
      ev.preventDefault();
      void submit();
    }
  };

  return (
    <form className="card" onSubmit={submit} onKeyDown={onKey} aria-labelledby="fees-title" data-testid="fee-schedule">
      <h2 id="fees-title">{t("office.fees.title")}</h2>
      <OfficeError error={loaded.error} />
      <div className="inline-form">
        <label>
          {t("office.fees.rate")}
          <input
            name="management_yuan_per_m2"
            inputMode="decimal"
            value={rate}
            disabled={!canSet}
            onChange={(ev) => {
              setSaved(null);
              setRate(ev.target.value);
            }}
          />
        </label>
        <span className="muted small">{t("office.fees.rateHint")}</span>
      </div>
      <h3>{t("office.fees.items")}</h3>
      <table className="list office-items" data-testid="fee-items">
        <thead>
          <tr>
            <th>{t("office.fees.code")}</th>
            <th>{t("office.fees.name")}</th>
            <th>{t("office.fees.kind")}</th>
            <th>{t("office.fees.price")}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i} data-code={r.code}>
              <td data-label={t("office.fees.code")}>
                <input name="code" aria-label={t("office.fees.code")} value={r.code} disabled={!canSet} onChange={(ev) => change(i, { code: ev.target.value })} />
              </td>
              <td data-label={t("office.fees.name")}>
                <input name="name" aria-label={t("office.fees.name")} value={r.name} disabled={!canSet} onChange={(ev) => change(i, { name: ev.target.value })} />
              </td>
              <td data-label={t("office.fees.kind")}>
                <select name="kind" aria-label={t("office.fees.kind")} value={r.kind} disabled={!canSet} onChange={(ev) => change(i, { kind: ev.target.value as ItemKind })}>
                  {ITEM_KINDS.map((k) => (
                    <option key={k} value={k}>
                      {t(`office.kind.${k}`)}
                    </option>
                  ))}
                </select>
              </td>
              <td data-label={t("office.fees.price")}>
                <input name="price" inputMode="decimal" aria-label={t("office.fees.price")} value={r.price} disabled={!canSet} onChange={(ev) => change(i, { price: ev.target.value })} />
              </td>
              <td>
                {canSet && (
                  <button type="button" className="link" onClick={() => setRows((rs) => rs.filter((_, j) => j !== i))}>
                    {t("office.fees.remove")}
                  </button>
                )}
              </td>
            </tr>
          ))}
          {rows.length === 0 && !loaded.loading && (
            <tr>
              <td colSpan={5} className="empty">
                {t("office.fees.noItems")}
              </td>
            </tr>
          )}
        </tbody>
      </table>
      {bad && (
        <div className="note error" role="alert">
          {bad}
        </div>
      )}
      <OfficeError error={act.error} />
      <OkNote text={saved} />
      {canSet && (
        <div className="actions">
          <button type="button" onClick={add}>
            {t("office.fees.add")}
          </button>
          <button type="submit" className="primary" disabled={act.busy}>
            {act.busy ? t("office.saving") : t("office.fees.save")} <kbd>Ctrl+Enter</kbd>
          </button>
        </div>
      )}
    </form>
  );
}
