import { useRef, useState, type FormEvent } from "react";
import { get, post } from "../api/client";
import type { DeskKey, KeyLoan, Page } from "../api/types";
import { ErrorNote } from "../components/ErrorNote";
import { useAction, useLoad } from "../components/useLoad";
import { useAddKey } from "../components/useAddKey";
import { useI18n } from "../i18n";
import { fenToYuan, formatTime, yuanToFen } from "../lib/format";
import { findUnitId } from "../lib/units";
import type { DeskProps } from "./DeskShell";

const KINDS = ["vacant_unit", "owner_entrusted", "plant_room", "other"] as const;

interface CountResult {
  total: number;
  present: number;
  lent: number;
  missing: { key_id: string; label: string }[];
}

const EMPTY_KEY = { kind: "vacant_unit", label: "", building: "", floor: "", unit: "" };
const EMPTY_LOAN = { borrower_name: "", borrower_phone: "", outsider: false, borrower_id_number: "", deposit: "", hours: "", purpose: "", signature: "" };

/** Keys by building and floor: register, lend against a signature, take back, count monthly. */
export function Keys({ estate, canWrite }: DeskProps) {
  const { t, tv } = useI18n();
  const e = estate.estate_id;
  const board = useLoad(() => get<Page<DeskKey>>(`/reception/estates/${e}/keys`), [e]);
  const overdue = useLoad(() => get<Page<KeyLoan>>(`/reception/estates/${e}/key-loans`, { overdue: true }), [e]);
  const [form, setForm] = useState(EMPTY_KEY);
  const [lending, setLending] = useState<string | null>(null);
  const [loan, setLoan] = useState(EMPTY_LOAN);
  const [counting, setCounting] = useState(false);
  const [present, setPresent] = useState<Set<string>>(new Set());
  const [counted, setCounted] = useState<CountResult | null>(null);
  const [localError, setLocalError] = useState<string | null>(null);
  const registering = useAction();
  const acting = useAction();
  const first = useRef<HTMLSelectElement>(null);
  useAddKey(first);

  const reloadAll = async () => {
    await Promise.all([board.reload(), overdue.reload()]);
  };

  const register = async (ev: FormEvent) => {
    ev.preventDefault();
    setLocalError(null);
    const r = await registering.run(async () => {
      const body: Record<string, unknown> = { kind: form.kind, label: form.label.trim() };
      if (form.building.trim()) body.building = form.building.trim();
      if (form.floor.trim()) body.floor = Number(form.floor);
      if (form.unit.trim()) {
        const id = await findUnitId(e, form.unit);
        if (!id) {
          setLocalError(t("parcels.unitUnknown", { unit: form.unit.trim() }));
          return undefined;
        }
        body.unit_id = id;
      }
      return post<DeskKey>(`/reception/estates/${e}/keys`, body);
    });
    if (r) {
      setForm(EMPTY_KEY);
      await board.reload();
    }
  };

  const lend = async (ev: FormEvent, keyId: string) => {
    ev.preventDefault();
    setLocalError(null);
    const deposit = yuanToFen(loan.deposit);
    if (deposit === null) {
      setLocalError(t("err.invalid_deposit"));
      return;
    }
    const body: Record<string, unknown> = {
      borrower_name: loan.borrower_name.trim(),
      signature: loan.signature.trim(),
      outsider: loan.outsider,
      deposit_fen: deposit,
    };
    if (loan.borrower_phone.trim()) body.borrower_phone = loan.borrower_phone.trim();
    if (loan.outsider && loan.borrower_id_number.trim()) body.borrower_id_number = loan.borrower_id_number.trim();
    if (loan.purpose.trim()) body.purpose = loan.purpose.trim();
    if (loan.hours.trim()) body.hours = Number(loan.hours);
    const r = await acting.run(() => post(`/reception/estates/${e}/keys/${keyId}/lend`, body));
    if (r) {
      setLending(null);
      setLoan(EMPTY_LOAN);
      await reloadAll();
    }
  };

  const giveBack = async (keyId: string) => {
    const r = await acting.run(() => post(`/reception/estates/${e}/keys/${keyId}/return`));
    if (r) await reloadAll();
  };

  const submitCount = async () => {
    const r = await acting.run(() => post<CountResult>(`/reception/estates/${e}/key-counts`, { present: [...present] }));
    if (r) {
      setCounted(r);
      setCounting(false);
    }
  };

  const keys = board.data?.items ?? [];
  const byBuilding = new Map<string, DeskKey[]>();
  for (const k of keys) {
    const b = k.building ?? "—";
    byBuilding.set(b, [...(byBuilding.get(b) ?? []), k]);
  }

  return (
    <section aria-labelledby="keys-title">
      <div className="page-head">
        <h1 id="keys-title">{t("keys.title")}</h1>
        {canWrite && keys.length > 0 && (
          <button
            type="button"
            onClick={() => {
              setCounting(!counting);
              setPresent(new Set(keys.filter((k) => !k.loan).map((k) => k.key_id)));
              setCounted(null);
            }}
          >
            {t("keys.count")}
          </button>
        )}
      </div>
      {canWrite && (
        <form className="card" onSubmit={register} aria-label={t("keys.register")}>
          <div className="row3">
            <label>
              <span>
                {t("keys.kind")} <kbd>A</kbd>
              </span>
              <select ref={first} name="kind" value={form.kind} onChange={(ev) => setForm({ ...form, kind: ev.target.value })}>
                {KINDS.map((k) => (
                  <option key={k} value={k}>
                    {tv("keys.kind", k)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t("keys.label")}
              <input name="label" required autoComplete="off" value={form.label} onChange={(ev) => setForm({ ...form, label: ev.target.value })} />
            </label>
            <label>
              {t("keys.building")}
              <input name="building" autoComplete="off" value={form.building} onChange={(ev) => setForm({ ...form, building: ev.target.value })} />
            </label>
            <label>
              {t("keys.floor")}
              <input name="floor" inputMode="numeric" value={form.floor} onChange={(ev) => setForm({ ...form, floor: ev.target.value.replace(/[^\d-]/g, "") })} />
            </label>
            <label>
              {t("parcels.unit")}
              <input name="unit" autoComplete="off" placeholder="3-1-602" value={form.unit} onChange={(ev) => setForm({ ...form, unit: ev.target.value })} />
            </label>
          </div>
          <ErrorNote error={registering.error} />
          <div className="actions">
            <button type="submit" className="primary" disabled={registering.busy}>
              {t("keys.register")}
            </button>
          </div>
        </form>
      )}
      {localError && (
        <div className="note error" role="alert">
          {localError}
        </div>
      )}
      <ErrorNote error={board.error ?? acting.error} />
      {counted && (
        <div className="note ok" role="status">
          {t("keys.countResult", { total: counted.total, present: counted.present, lent: counted.lent, missing: counted.missing.length })}
          {counted.missing.length > 0 && ` ${t("keys.missing")} ${counted.missing.map((m) => m.label).join("、")}`}
        </div>
      )}
      {counting && <p className="muted">{t("keys.countHint")}</p>}

      <div className="card">
        <h2>{t("keys.overdueTitle")}</h2>
        {overdue.data && overdue.data.items.length === 0 && <p className="muted">{t("keys.noOverdue")}</p>}
        <ul className="items">
          {overdue.data?.items.map((l) => (
            <li key={l.loan_id}>
              <strong>{keys.find((k) => k.key_id === l.key_id)?.label ?? ""}</strong> ·{" "}
              {t("keys.lentTo", { name: l.borrower_name, due: formatTime(l.due_at) })} <span className="badge urg-overdue">{t("keys.overdue")}</span>
            </li>
          ))}
        </ul>
      </div>

      {board.data && keys.length === 0 && <p className="empty">{t("keys.none")}</p>}
      {[...byBuilding.entries()].map(([building, ks]) => (
        <div key={building} className="card">
          <h2>{building}</h2>
          <ul className="key-board">
            {ks
              .sort((a, b) => (a.floor ?? 0) - (b.floor ?? 0) || a.label.localeCompare(b.label))
              .map((k) => (
                <li key={k.key_id} className={k.loan ? (k.loan.overdue ? "out overdue" : "out") : "in"}>
                  <div>
                    {counting && !k.loan && (
                      <input
                        type="checkbox"
                        aria-label={`${t("keys.present")} ${k.label}`}
                        checked={present.has(k.key_id)}
                        onChange={(ev) => {
                          const next = new Set(present);
                          if (ev.target.checked) next.add(k.key_id);
                          else next.delete(k.key_id);
                          setPresent(next);
                        }}
                      />
                    )}{" "}
                    <strong>{k.label}</strong>{" "}
                    <span className="muted small">
                      {tv("keys.kind", k.kind)}
                      {k.floor !== null && ` · ${k.floor}F`}
                    </span>
                  </div>
                  <div className="small">
                    {k.loan ? (
                      <>
                        {t("keys.lentTo", { name: k.loan.borrower_name, due: formatTime(k.loan.due_at) })}
                        {k.loan.deposit_fen > 0 && ` · ¥${fenToYuan(k.loan.deposit_fen)}`}
                        {k.loan.overdue && <span className="badge urg-overdue">{t("keys.overdue")}</span>}
                      </>
                    ) : (
                      <span className="muted">{t("keys.onBoard")}</span>
                    )}
                  </div>
                  {canWrite && !counting && (
                    <div className="actions">
                      {k.loan ? (
                        <button type="button" className="small-btn" onClick={() => void giveBack(k.key_id)}>
                          {t("keys.return")}
                        </button>
                      ) : (
                        <button
                          type="button"
                          className="small-btn"
                          onClick={() => {
                            setLending(lending === k.key_id ? null : k.key_id);
                            setLoan(EMPTY_LOAN);
                            acting.setError(null);
                          }}
                        >
                          {t("keys.lend")}
                        </button>
                      )}
                    </div>
                  )}
                  {lending === k.key_id && (
                    <form className="inline-form wrap" onSubmit={(ev) => void lend(ev, k.key_id)}>
                      <label>
                        {t("keys.borrower")}
                        <input required autoFocus value={loan.borrower_name} onChange={(ev) => setLoan({ ...loan, borrower_name: ev.target.value })} />
                      </label>
                      <label>
                        {t("keys.borrowerPhone")}
                        <input inputMode="tel" value={loan.borrower_phone} onChange={(ev) => setLoan({ ...loan, borrower_phone: ev.target.value })} />
                      </label>
                      <label className="check">
                        <input type="checkbox" checked={loan.outsider} onChange={(ev) => setLoan({ ...loan, outsider: ev.target.checked })} />
                        {t("keys.outsider")}
                      </label>
                      {loan.outsider && (
                        <>
                          <label>
                            {t("keys.idNumber")}
                            <input value={loan.borrower_id_number} onChange={(ev) => setLoan({ ...loan, borrower_id_number: ev.target.value })} />
                          </label>
                          <label>
                            {t("keys.deposit")}
                            <input inputMode="decimal" value={loan.deposit} onChange={(ev) => setLoan({ ...loan, deposit: ev.target.value })} />
                          </label>
                        </>
                      )}
                      <label>
                        {t("keys.hours")}
                        <input inputMode="numeric" value={loan.hours} onChange={(ev) => setLoan({ ...loan, hours: ev.target.value.replace(/\D/g, "") })} />
                      </label>
                      <label>
                        {t("keys.purpose")}
                        <input value={loan.purpose} onChange={(ev) => setLoan({ ...loan, purpose: ev.target.value })} />
                      </label>
                      <label>
                        {t("keys.signature")}
                        <input required value={loan.signature} onChange={(ev) => setLoan({ ...loan, signature: ev.target.value })} />
                      </label>
                      <button type="submit" className="primary" disabled={acting.busy}>
                        {t("keys.confirmLend")}
                      </button>
                      <button type="button" className="link" onClick={() => setLending(null)}>
                        {t("common.cancel")}
                      </button>
                    </form>
                  )}
                </li>
              ))}
          </ul>
        </div>
      ))}
      {counting && (
        <div className="actions">
          <button type="button" className="primary" onClick={() => void submitCount()} disabled={acting.busy}>
            {t("keys.countSubmit")}
          </button>
          <button type="button" className="link" onClick={() => setCounting(false)}>
            {t("common.cancel")}
          </button>
        </div>
      )}
    </section>
  );
}
