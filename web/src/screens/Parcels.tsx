import { useRef, useState, type FormEvent } from "react";
import { get, post } from "../api/client";
import type { Page, Parcel } from "../api/types";
import { ErrorNote, OkNote } from "../components/ErrorNote";
import { useAction, useLoad } from "../components/useLoad";
import { useAddKey } from "../components/useAddKey";
import { useI18n } from "../i18n";
import { formatTime } from "../lib/format";
import { findUnitId } from "../lib/units";
import type { DeskProps } from "./DeskShell";

const KINDS = ["parcel", "express", "letter", "registered"] as const;
const SHOW = ["held", "collected", "returned"] as const;
type Show = (typeof SHOW)[number];

const EMPTY = { kind: "parcel", recipient_name: "", unit: "", carrier: "", tracking_no: "", damage_note: "" };

/** Mail and parcels: sign in (with damage notes), tell the recipient, hand over or return. */
export function Parcels({ estate, canWrite }: DeskProps) {
  const { t, tv } = useI18n();
  const e = estate.estate_id;
  const [show, setShow] = useState<Show>("held");
  const [form, setForm] = useState(EMPTY);
  const [ok, setOk] = useState<string | null>(null);
  const [unitError, setUnitError] = useState<string | null>(null);
  const [open, setOpen] = useState<{ id: string; action: "collect" | "return" } | null>(null);
  const [collector, setCollector] = useState("");
  const [signature, setSignature] = useState("");
  const [reason, setReason] = useState("");
  const list = useLoad(() => get<Page<Parcel>>(`/reception/estates/${e}/parcels`, { status: show, limit: 100 }), [e, show], 30_000);
  const receiving = useAction();
  const acting = useAction();
  const first = useRef<HTMLSelectElement>(null);
  useAddKey(first);

  const set = (k: keyof typeof form) => (ev: { target: { value: string } }) => setForm({ ...form, [k]: ev.target.value });

  const receive = async (ev: FormEvent) => {
    ev.preventDefault();
    setOk(null);
    setUnitError(null);
    const p = await receiving.run(async () => {
      let unit_id: string | undefined;
      if (form.unit.trim()) {
        const id = await findUnitId(e, form.unit);
        if (!id) {
          setUnitError(t("parcels.unitUnknown", { unit: form.unit.trim() }));
          return undefined;
        }
        unit_id = id;
      }
      const body: Record<string, string> = { kind: form.kind, recipient_name: form.recipient_name.trim() };
      if (unit_id) body.unit_id = unit_id;
      for (const k of ["carrier", "tracking_no", "damage_note"] as const) if (form[k].trim()) body[k] = form[k].trim();
      return post<Parcel>(`/reception/estates/${e}/parcels`, body);
    });
    if (p) {
      setOk(t("parcels.received", { name: p.recipient_name }));
      setForm(EMPTY);
      setShow("held");
      await list.reload();
    }
  };

  const act = async (fn: () => Promise<unknown>) => {
    const r = await acting.run(fn);
    if (r) {
      setOpen(null);
      await list.reload();
    }
  };

  const startCollect = (p: Parcel) => {
    setOpen({ id: p.parcel_id, action: "collect" });
    setCollector(p.recipient_name);
    setSignature("");
    acting.setError(null);
  };

  return (
    <section aria-labelledby="parcels-title">
      <div className="page-head">
        <h1 id="parcels-title">{t("parcels.title")}</h1>
      </div>
      {canWrite && (
        <form className="card" onSubmit={receive} aria-label={t("parcels.receive")}>
          <div className="row3">
            <label>
              <span>
                {t("parcels.kind")} <kbd>A</kbd>
              </span>
              <select ref={first} name="kind" value={form.kind} onChange={set("kind")}>
                {KINDS.map((k) => (
                  <option key={k} value={k}>
                    {tv("parcels.kind", k)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t("parcels.recipient")}
              <input name="recipient_name" required autoComplete="off" value={form.recipient_name} onChange={set("recipient_name")} />
            </label>
            <label>
              {t("parcels.unit")}
              <input name="unit" autoComplete="off" placeholder="3-1-602" value={form.unit} onChange={set("unit")} />
            </label>
            <label>
              {t("parcels.carrier")}
              <input name="carrier" autoComplete="off" value={form.carrier} onChange={set("carrier")} />
            </label>
            <label>
              {t("parcels.tracking")}
              <input name="tracking_no" autoComplete="off" value={form.tracking_no} onChange={set("tracking_no")} />
            </label>
            <label>
              {t("parcels.damage")}
              <input name="damage_note" autoComplete="off" value={form.damage_note} onChange={set("damage_note")} />
            </label>
          </div>
          {unitError && (
            <div className="note error" role="alert">
              {unitError}
            </div>
          )}
          <ErrorNote error={receiving.error} />
          <OkNote text={ok} />
          <div className="actions">
            <button type="submit" className="primary" disabled={receiving.busy}>
              {t("parcels.receive")}
            </button>
          </div>
        </form>
      )}
      <div className="tabs">
        {SHOW.map((s) => (
          <button key={s} type="button" className={show === s ? "tab current" : "tab"} onClick={() => setShow(s)}>
            {t(`parcels.show.${s}`)}
          </button>
        ))}
      </div>
      <ErrorNote error={list.error} />
      {!open && <ErrorNote error={acting.error} />}
      {list.data && list.data.items.length === 0 && <p className="empty">{t("parcels.none")}</p>}
      <ul className="parcel-list" data-testid="parcels">
        {list.data?.items.map((p) => (
          <li key={p.parcel_id} className={`card parcel ${p.return_due ? "due" : ""}`} data-parcel={p.parcel_id}>
            <div className="parcel-head">
              <strong>{p.recipient_name}</strong> {p.unit_label && <span className="unit">{p.unit_label}</span>}{" "}
              <span className="muted">
                {tv("parcels.kind", p.kind)}
                {p.carrier && ` · ${p.carrier}`}
                {p.tracking_no && ` · ${p.tracking_no}`}
              </span>
              <span className={`badge parcel-${p.status}`}>{tv("parcels.status", p.status)}</span>
            </div>
            <div className="muted small">
              {formatTime(p.received_at)} · {t("parcels.age", { n: p.age_days })}
              {p.notify_count > 0 && ` · ${t("parcels.notified", { n: p.notify_count })}`}
              {p.return_due && p.status === "held" && <span className="badge urg-overdue">{t("parcels.returnDue")}</span>}
              {p.damage_note && <span className="badge urg-due">{p.damage_note}</span>}
              {p.collector_name && ` · ${t("parcels.collectedBy", { name: p.collector_name })} ${formatTime(p.collected_at)}`}
              {p.return_reason && ` · ${p.return_reason}`}
            </div>
            {canWrite && p.status === "held" && (
              <div className="actions">
                <button
                  type="button"
                  className="small-btn"
                  onClick={() => void act(() => post(`/reception/estates/${e}/parcels/${p.parcel_id}/notify`, {}))}
                >
                  {p.notify_count > 0 ? t("parcels.chase") : t("parcels.notify")}
                </button>
                <button type="button" className="small-btn" onClick={() => startCollect(p)}>
                  {t("parcels.collect")}
                </button>
                <button
                  type="button"
                  className="small-btn"
                  onClick={() => {
                    setOpen({ id: p.parcel_id, action: "return" });
                    setReason("");
                    acting.setError(null);
                  }}
                >
                  {t("parcels.return")}
                </button>
              </div>
            )}
            {open?.id === p.parcel_id && open.action === "collect" && (
              <form
                className="inline-form"
                onSubmit={(ev) => {
                  ev.preventDefault();
                  void act(() =>
                    post(`/reception/estates/${e}/parcels/${p.parcel_id}/collect`, {
                      collector_name: collector.trim(),
                      signature: signature.trim(),
                    }),
                  );
                }}
              >
                <label>
                  {t("parcels.collector")}
                  <input name="collector_name" required value={collector} onChange={(ev) => setCollector(ev.target.value)} />
                </label>
                <label>
                  {t("parcels.signature")}
                  <input name="signature" required autoFocus value={signature} onChange={(ev) => setSignature(ev.target.value)} />
                </label>
                <button type="submit" className="primary" disabled={acting.busy}>
                  {t("parcels.confirmCollect")}
                </button>
                <button type="button" className="link" onClick={() => setOpen(null)}>
                  {t("common.cancel")}
                </button>
              </form>
            )}
            {open?.id === p.parcel_id && open.action === "return" && (
              <form
                className="inline-form"
                onSubmit={(ev) => {
                  ev.preventDefault();
                  void act(() => post(`/reception/estates/${e}/parcels/${p.parcel_id}/return`, { reason: reason.trim() }));
                }}
              >
                <label>
                  {t("parcels.reason")}
                  <input name="reason" required autoFocus value={reason} onChange={(ev) => setReason(ev.target.value)} />
                </label>
                <button type="submit" className="primary" disabled={acting.busy}>
                  {t("parcels.confirmReturn")}
                </button>
                <button type="button" className="link" onClick={() => setOpen(null)}>
                  {t("common.cancel")}
                </button>
              </form>
            )}
            {open?.id === p.parcel_id && <ErrorNote error={acting.error} />}
          </li>
        ))}
      </ul>
    </section>
  );
}
