// The technician's day on the phone: today's orders, accept, start, pause with the reason, and
// complete with the work done, materials, the fee of paid work and the resident's sign-off.

import { useState, type FormEvent } from "react";
import { get, post } from "../api/client";
import { ErrorNote } from "../components/ErrorNote";
import { useAction, useLoad } from "../components/useLoad";
import { useI18n } from "../i18n";
import { formatPhone, formatTime } from "../lib/format";
import { plain, useKeys } from "../lib/keys";
import type { DeskProps } from "../screens/DeskShell";
import "./shortcuts";
import { formatFen, parseYuan } from "./money";
import { uploadPhoto } from "./photos";
import { SignaturePad } from "./Signature";
import type { StaffWorkOrder } from "./types";

const PAID = ["paid_repair", "special_service"];

export function Technician({ estate }: DeskProps) {
  const { t } = useI18n();
  const list = useLoad(() => get<{ items: StaffWorkOrder[] }>("/repairs/my-orders"), [], 30_000);

  useKeys((e, typing) => {
    if (typing || !plain(e) || e.shiftKey || e.key.toLowerCase() !== "r") return false;
    void list.reload();
    return true;
  });

  const items = list.data?.items ?? [];
  const order = ["in_progress", "paused", "accepted", "dispatched"];
  const sorted = [...items].sort((a, b) => {
    const s = order.indexOf(a.status) - order.indexOf(b.status);
    if (s !== 0) return s;
    return (a.appointment_start ?? a.created_at).localeCompare(b.appointment_start ?? b.created_at);
  });

  return (
    <section aria-labelledby="tech-title" className="tech">
      <div className="page-head">
        <h1 id="tech-title">{t("tech.title")}</h1>
        <button type="button" className="small-btn" onClick={() => void list.reload()}>
          {t("tech.refresh")} <kbd>R</kbd>
        </button>
      </div>
      <ErrorNote error={list.error} />
      {list.data && items.length === 0 && <p className="empty">{t("tech.none")}</p>}
      <ul className="tech-list" data-testid="my-orders">
        {sorted.map((w) => (
          <OrderCard
            key={w.work_order_id}
            w={w}
            elsewhere={w.estate_id !== estate.estate_id}
            onChanged={() => void list.reload()}
          />
        ))}
      </ul>
    </section>
  );
}

function OrderCard({ w, elsewhere, onChanged }: { w: StaffWorkOrder; elsewhere: boolean; onChanged: () => void }) {
  const { t, tv } = useI18n();
  const [mode, setMode] = useState<"none" | "pause" | "return" | "complete">("none");
  const [reason, setReason] = useState("");
  const act = useAction();
  const photo = useAction();
  const [photos, setPhotos] = useState(0);
  const base = `/repairs/estates/${w.estate_id}/work-orders/${w.work_order_id}`;
  const addPhotos = async (files: FileList | null) => {
    for (const f of Array.from(files ?? [])) {
      const done = await photo.run(async () => {
        await uploadPhoto(w.estate_id, w.work_order_id, f);
        return true;
      });
      if (!done) return;
      setPhotos((n) => n + 1);
    }
  };

  const step = async (path: string, body: unknown = {}) => {
    const r = await act.run(() => post(`${base}/${path}`, body));
    if (r) {
      setMode("none");
      onChanged();
    }
  };

  return (
    <li className={`card tech-order st-${w.status}`} data-testid="tech-order" data-id={w.work_order_id}>
      <div className="tech-head">
        <strong>{w.order_no}</strong>
        <span className="badge">{tv("workOrders.kind", w.kind)}</span>
        <span className="badge" data-testid="tech-status">
          {tv("workOrders.status", w.status)}
        </span>
      </div>
      <div className="tech-where">
        <span className="unit big">{w.unit_label ?? ""}</span> {elsewhere && <span className="muted small">{t("tech.otherEstate")}</span>}
      </div>
      <div className="request-text">{w.problem}</div>
      <div className="muted small">
        {w.appointment_start && t("tech.appointment", { from: formatTime(w.appointment_start), to: formatTime(w.appointment_end) })}
      </div>
      {w.contact_name || w.contact_phone ? (
        <div>
          {w.contact_name ?? ""}{" "}
          {w.contact_phone && (
            <a href={`tel:${w.contact_phone}`} className="tel">
              {formatPhone(w.contact_phone)}
            </a>
          )}
        </div>
      ) : null}
      {mode === "none" && (
        <div className="tech-actions">
          {w.status === "dispatched" && (
            <button type="button" className="primary big-btn" disabled={act.busy} onClick={() => void step("accept")}>
              {t("tech.accept")}
            </button>
          )}
          {(w.status === "dispatched" || w.status === "accepted") && (
            <button
              type="button"
              className="big-btn"
              onClick={() => {
                setReason("");
                setMode("return");
              }}
            >
              {t("tech.giveBack")}
            </button>
          )}
          {(w.status === "accepted" || w.status === "paused") && (
            <button type="button" className="primary big-btn" disabled={act.busy} onClick={() => void step("start")}>
              {w.status === "paused" ? t("tech.resume") : t("tech.start")}
            </button>
          )}
          {w.status === "in_progress" && (
            <>
              <button type="button" className="primary big-btn" onClick={() => setMode("complete")}>
                {t("tech.complete")}
              </button>
              <button
                type="button"
                className="big-btn"
                onClick={() => {
                  setReason("");
                  setMode("pause");
                }}
              >
                {t("tech.pause")}
              </button>
            </>
          )}
        </div>
      )}
      {(mode === "pause" || mode === "return") && (
        <form
          className="tech-form"
          onSubmit={(ev) => {
            ev.preventDefault();
            void step(mode, { reason: reason.trim() });
          }}
        >
          <label>
            {mode === "pause" ? t("tech.pauseReason") : t("tech.giveBackReason")}
            <input name="reason" required autoFocus value={reason} onChange={(ev) => setReason(ev.target.value)} />
          </label>
          <div className="tech-actions">
            <button type="submit" className="primary big-btn" disabled={act.busy}>
              {mode === "pause" ? t("tech.confirmPause") : t("tech.confirmGiveBack")}
            </button>
            <button type="button" className="big-btn" onClick={() => setMode("none")}>
              {t("common.cancel")}
            </button>
          </div>
        </form>
      )}
      {["accepted", "in_progress", "paused"].includes(w.status) && (
        <div className="tech-photo">
          <label className="photo-btn">
            {t("tech.addPhoto")}
            <input
              type="file"
              name="photo"
              accept="image/*"
              capture="environment"
              multiple
              disabled={photo.busy}
              onChange={(ev) => {
                void addPhotos(ev.target.files);
                ev.target.value = "";
              }}
            />
          </label>
          {photo.busy && <span className="muted small">{t("tech.photoSending")}</span>}
          {photos > 0 && (
            <span className="muted small" data-testid="photos-sent">
              {t("tech.photosSent", { n: photos })}
            </span>
          )}
          <ErrorNote error={photo.error} />
        </div>
      )}
      {mode === "complete" && <CompleteForm w={w} busy={act.busy} onCancel={() => setMode("none")} onSubmit={(b) => void step("complete", b)} />}
      <ErrorNote error={act.error} />
    </li>
  );
}

function CompleteForm({
  w,
  busy,
  onCancel,
  onSubmit,
}: {
  w: StaffWorkOrder;
  busy: boolean;
  onCancel: () => void;
  onSubmit: (body: Record<string, unknown>) => void;
}) {
  const { t } = useI18n();
  const charged = w.details?.charged_when_ordered !== undefined;
  const paid = PAID.includes(w.kind) && !charged;
  const [workDone, setWorkDone] = useState("");
  const [materials, setMaterials] = useState("");
  const [minutes, setMinutes] = useState("");
  const [fee, setFee] = useState("");
  const [signoff, setSignoff] = useState(w.contact_name ?? "");
  const [signature, setSignature] = useState<string | null>(null);
  const [feeBad, setFeeBad] = useState(false);

  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    const body: Record<string, unknown> = { work_done: workDone.trim(), signoff_name: signoff.trim() };
    if (materials.trim()) body.materials = materials.trim();
    if (/^\d+$/.test(minutes.trim())) body.labour_minutes = Number.parseInt(minutes.trim(), 10);
    if (paid && fee.trim()) {
      const fen = parseYuan(fee);
      if (fen === null) {
        setFeeBad(true);
        return;
      }
      body.fee_fen = fen;
      if (fen > 0) body.items = [{ name: materials.trim() || workDone.trim().slice(0, 50) || t("tech.feeItem"), amount_fen: fen }];
    }
    setFeeBad(false);
    if (signature) body.signature = signature;
    onSubmit(body);
  };

  return (
    <form className="tech-form" onSubmit={submit} aria-label={t("tech.complete")}>
      <label>
        {t("tech.workDone")}
        <textarea name="work_done" required rows={3} value={workDone} onChange={(ev) => setWorkDone(ev.target.value)} />
      </label>
      <label>
        {t("tech.materials")}
        <input name="materials" value={materials} onChange={(ev) => setMaterials(ev.target.value)} />
      </label>
      <label>
        {t("tech.minutes")}
        <input name="labour_minutes" inputMode="numeric" value={minutes} onChange={(ev) => setMinutes(ev.target.value)} />
      </label>
      {paid && (
        <label>
          {t("tech.fee")}
          <input name="fee" inputMode="decimal" placeholder="0.00" value={fee} onChange={(ev) => setFee(ev.target.value)} />
        </label>
      )}
      {charged && <p className="muted small">{t("tech.chargedWhenOrdered", { amount: formatFen(w.fee_fen) })}</p>}
      {feeBad && (
        <div className="note error" role="alert">
          {t("tech.feeBad")}
        </div>
      )}
      <fieldset>
        <legend>{t("tech.signoff")}</legend>
        <label>
          {t("tech.signoffName")}
          <input name="signoff_name" required value={signoff} onChange={(ev) => setSignoff(ev.target.value)} />
        </label>
        <SignaturePad onChange={setSignature} />
      </fieldset>
      <div className="tech-actions">
        <button type="submit" className="primary big-btn" disabled={busy}>
          {t("tech.confirmComplete")}
        </button>
        <button type="button" className="big-btn" onClick={onCancel}>
          {t("common.cancel")}
        </button>
      </div>
    </form>
  );
}
