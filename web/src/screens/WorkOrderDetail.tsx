// One work order at the desk: the appointment window agreed with the resident (read back before
// it is saved), the call back promised when nobody can take the order yet, and the charge on
// order of a special service (办理即收费); its money (paid or free, a fee above the ceiling, the
// waiver that lets unpaid paid work close) in WorkOrderMoney.

import { useRef, useState, type FormEvent } from "react";
import { get, post } from "../api/client";
import { ErrorNote, OkNote } from "../components/ErrorNote";
import { Link } from "../components/Link";
import { useAddKey } from "../components/useAddKey";
import { useAction, useLoad } from "../components/useLoad";
import { useI18n, type MessageKey } from "../i18n";
import {
  appointmentWindow,
  callbackTime,
  chargeItems,
  mayAppoint,
  mayChargeOnOrder,
  mayPromiseCallback,
  windowAloud,
  type ChargeLine,
} from "../lib/deskOrders";
import { formatPhone, formatTime } from "../lib/format";
import { useKeys } from "../lib/keys";
import { CASH_ROLES, DISPATCH_ROLES, hasAnyRole } from "../lib/roles";
import { paths } from "../lib/router";
import { yuanLabel } from "../staff/money";
import type { StaffWorkOrder } from "../staff/types";
import type { DeskProps } from "./DeskShell";
import { WorkOrderMoney } from "./WorkOrderMoney";

interface OrderWithTrail extends StaffWorkOrder {
  trail?: { at: string; step: string; from_status?: string | null; to_status?: string | null; note?: string | null }[];
}

/** The call-back time the order carries (older answers have none). */
export function promisedCallback(w: StaffWorkOrder): string | null {
  return typeof w.callback_due === "string" ? w.callback_due : null;
}

export function WorkOrderDetail({ estate, session, workOrderId }: DeskProps & { workOrderId: string }) {
  const { t, tv, lang } = useI18n();
  const e = estate.estate_id;
  const loaded = useLoad(() => get<OrderWithTrail>(`/repairs/estates/${e}/work-orders/${workOrderId}`), [e, workOrderId]);
  const canDispatch = hasAnyRole(session.staff, DISPATCH_ROLES);
  const canCash = hasAnyRole(session.staff, CASH_ROLES);

  if (loaded.error) {
    return (
      <section className="card refusal">
        <h1>{t("wo.title")}</h1>
        <ErrorNote error={loaded.error} />
        <Link to={paths.workOrders(e)}>{t("wo.back")}</Link>
      </section>
    );
  }
  const w = loaded.data;
  if (!w) return <p className="muted">{t("common.loading")}</p>;
  const reload = () => void loaded.reload();
  const fee = w.details?.fee_items as { name: string; amount_fen: number }[] | undefined;
  const charged = typeof w.details?.charged_when_ordered === "string" ? (w.details.charged_when_ordered as string) : null;
  const callback = promisedCallback(w);

  return (
    <section aria-labelledby="wo-detail-title" data-testid="work-order-detail" className="staff">
      <div className="page-head">
        <h1 id="wo-detail-title">
          {t("wo.title")} {w.order_no} <span className="badge">{tv("workOrders.kind", w.kind)}</span>{" "}
          <span className="badge" data-testid="wo-status">
            {tv("workOrders.status", w.status)}
          </span>
          {w.needs_callback && <span className="badge urg-due">{t("sup.needsCallback")}</span>}
        </h1>
        <Link to={paths.workOrders(e)}>{t("wo.back")}</Link>
      </div>
      <div className="card">
        <dl className="facts">
          <div>
            <dt>{t("wo.problem")}</dt>
            <dd className="request-text">{w.problem}</dd>
          </div>
          <div>
            <dt>{t("wo.unit")}</dt>
            <dd>
              <span className="unit">{w.unit_label ?? t("common.none")}</span> {w.contact_name ?? ""}
            </dd>
          </div>
          <div>
            <dt>{t("intake.callback")}</dt>
            <dd className="callback">{formatPhone(w.contact_phone) || t("common.none")}</dd>
          </div>
          <div>
            <dt>{t("wo.appointment")}</dt>
            <dd data-testid="wo-appointment">
              {w.appointment_start && w.appointment_end
                ? windowAloud(new Date(w.appointment_start), new Date(w.appointment_end), lang)
                : t("wo.noAppointment")}
            </dd>
          </div>
          {(w.needs_callback || callback) && (
            <div>
              <dt>{t("wo.callbackPromise")}</dt>
              <dd data-testid="wo-callback">{callback ? formatTime(callback) : t("wo.callbackOwed")}</dd>
            </div>
          )}
          {(w.fee_fen > 0 || charged) && (
            <div>
              <dt>{t("wo.fee")}</dt>
              <dd data-testid="wo-fee">
                {yuanLabel(w.fee_fen)}
                {fee && fee.length > 0 && <span className="muted small"> （{fee.map((i) => i.name).join("、")}）</span>}
                {charged && <span className="badge">{t("wo.chargedOnOrder", { at: formatTime(charged) })}</span>}
              </dd>
            </div>
          )}
          <div>
            <dt>{t("intake.loggedAt")}</dt>
            <dd>
              {formatTime(w.created_at)}
              {w.intake_id && (
                <>
                  {" · "}
                  <Link to={paths.intake(e, w.intake_id)}>{t("wo.intake")}</Link>
                </>
              )}
            </dd>
          </div>
        </dl>
      </div>

      {canDispatch && mayChargeOnOrder(w) && <ChargeOnOrder e={e} w={w} onDone={reload} />}
      <WorkOrderMoney session={session} e={e} w={w} onDone={reload} />
      {charged && canCash && w.unit_label && (
        <p>
          <Link to={`${paths.cash(e)}?unit=${encodeURIComponent(w.unit_label)}&for=${encodeURIComponent(w.work_order_id)}`}>
            {t("wo.toCash")}
          </Link>
        </p>
      )}
      {canDispatch && mayAppoint(w) && <Appointment w={w} e={e} onDone={reload} />}
      {canDispatch && mayPromiseCallback(w) && <CallbackPromise w={w} e={e} onDone={reload} />}
    </section>
  );
}

type Step = { kind: "edit" } | { kind: "readBack"; start: Date; end: Date };

/** The window agreed on the phone, read back (unit, window, phone) before it is saved. */
function Appointment({ w, e, onDone }: { w: StaffWorkOrder; e: string; onDone: () => void }) {
  const { t, lang } = useI18n();
  const [date, setDate] = useState("");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [skill, setSkill] = useState(w.skill ?? "");
  const [step, setStep] = useState<Step>({ kind: "edit" });
  const [problem, setProblem] = useState<MessageKey | null>(null);
  const [ok, setOk] = useState<string | null>(null);
  const act = useAction();
  const dateRef = useRef<HTMLInputElement>(null);
  useAddKey(dateRef);
  // On the read-back, Esc goes back to the form (not away from the page).
  useKeys((ev) => {
    if (ev.key !== "Escape" || step.kind !== "readBack") return false;
    setStep({ kind: "edit" });
    return true;
  });

  const readBack = (ev: FormEvent) => {
    ev.preventDefault();
    setOk(null);
    const r = appointmentWindow({ date, from, to }, new Date());
    if ("problem" in r) {
      setProblem(r.problem);
      return;
    }
    setProblem(null);
    setStep({ kind: "readBack", start: r.start, end: r.end });
  };

  const confirm = async () => {
    if (step.kind !== "readBack") return;
    const r = await act.run(() =>
      post<StaffWorkOrder>(`/repairs/estates/${e}/work-orders/${w.work_order_id}/appointment`, {
        start: step.start.toISOString(),
        end: step.end.toISOString(),
        skill: skill.trim() || undefined,
        read_back: true,
      }),
    );
    if (r) {
      setOk(t("appt.saved", { window: windowAloud(step.start, step.end, lang) }));
      setStep({ kind: "edit" });
      setDate("");
      setFrom("");
      setTo("");
      onDone();
    }
  };

  if (step.kind === "readBack") {
    const when = windowAloud(step.start, step.end, lang);
    const phone = formatPhone(w.contact_phone);
    return (
      <section className="card readback" aria-labelledby="appt-rb-title" data-testid="appointment-readback">
        <h2 id="appt-rb-title">{t("appt.readBackTitle")}</h2>
        <p className="greeting">
          “{t("appt.script", { unit: w.unit_label ?? t("appt.noUnit"), window: when, phone: phone || t("appt.noPhone") })}”
        </p>
        <dl className="facts big">
          <div>
            <dt>{t("wo.unit")}</dt>
            <dd className="unit" data-testid="rb-unit">
              {w.unit_label ?? t("appt.noUnit")}
            </dd>
          </div>
          <div>
            <dt>{t("appt.window")}</dt>
            <dd data-testid="rb-window">{when}</dd>
          </div>
          <div>
            <dt>{t("intake.callback")}</dt>
            <dd className="callback" data-testid="rb-phone">
              {phone || <span className="muted">{t("appt.noPhone")}</span>}
            </dd>
          </div>
        </dl>
        {!phone && <p className="note warn">{t("appt.askPhone")}</p>}
        <ErrorNote error={act.error} />
        <div className="actions">
          <button type="button" className="primary" autoFocus disabled={act.busy} onClick={() => void confirm()}>
            {t("appt.confirm")}
          </button>
          <button type="button" className="link" onClick={() => setStep({ kind: "edit" })}>
            {t("appt.change")} <kbd>Esc</kbd>
          </button>
        </div>
      </section>
    );
  }

  return (
    <form className="card" onSubmit={readBack} aria-labelledby="appt-title" data-testid="appointment-form" noValidate>
      <h2 id="appt-title">{w.appointment_start ? t("appt.changeTitle") : t("appt.title")}</h2>
      <p className="muted small">{t("appt.hint")}</p>
      <div className="row3">
        <label>
          {t("appt.date")}
          <input ref={dateRef} type="date" name="appt_date" value={date} onChange={(ev) => setDate(ev.target.value)} />
        </label>
        <label>
          {t("appt.from")}
          <input type="time" name="appt_from" step={900} value={from} onChange={(ev) => setFrom(ev.target.value)} />
        </label>
        <label>
          {t("appt.to")}
          <input type="time" name="appt_to" step={900} value={to} onChange={(ev) => setTo(ev.target.value)} />
        </label>
      </div>
      <label className="block narrow">
        {t("appt.skill")}
        <input name="skill" value={skill} onChange={(ev) => setSkill(ev.target.value)} />
      </label>
      {problem && (
        <div className="note error" role="alert">
          {t(problem)}
        </div>
      )}
      <OkNote text={ok} />
      <div className="actions">
        <button type="submit" className="primary">
          {t("appt.readBack")}
        </button>
      </div>
    </form>
  );
}

/** Nobody can take the order now: the desk promises to call the resident back by a time. */
function CallbackPromise({ w, e, onDone }: { w: StaffWorkOrder; e: string; onDone: () => void }) {
  const { t } = useI18n();
  const [at, setAt] = useState("");
  const [problem, setProblem] = useState<MessageKey | null>(null);
  const [ok, setOk] = useState<string | null>(null);
  const act = useAction();
  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    setOk(null);
    const r = callbackTime(at, new Date());
    if (!(r instanceof Date)) {
      setProblem(r.problem);
      return;
    }
    setProblem(null);
    const saved = await act.run(() =>
      post<StaffWorkOrder>(`/repairs/estates/${e}/work-orders/${w.work_order_id}/callback`, { callback_due: r.toISOString() }),
    );
    if (saved) {
      // Said only as kept when repairs kept the time on the order.
      const kept = promisedCallback(saved);
      setOk(
        kept
          ? t("callback.saved", { at: formatTime(kept) })
          : t("callback.savedNoTime", { at: formatTime(r.toISOString()) }),
      );
      setAt("");
      onDone();
    }
  };
  return (
    <form className="card" onSubmit={submit} aria-labelledby="cb-title" data-testid="callback-form" noValidate>
      <h2 id="cb-title">{t("callback.title")}</h2>
      <p className="muted small">{t("callback.hint")}</p>
      <div className="inline-form">
        <label>
          {t("callback.at")}
          <input type="datetime-local" name="callback_at" value={at} onChange={(ev) => setAt(ev.target.value)} />
        </label>
        <button type="submit" className="primary" disabled={act.busy}>
          {t("callback.save")}
        </button>
      </div>
      {at && !problem && <p className="greeting">“{t("callback.script", { at: formatTime(new Date(at).toISOString()) })}”</p>}
      {problem && (
        <div className="note error" role="alert">
          {t(problem)}
        </div>
      )}
      <ErrorNote error={act.error} />
      <OkNote text={ok} />
    </form>
  );
}

/** 办理即收费: the special service's items, charged when the resident orders it. */
function ChargeOnOrder({ e, w, onDone }: { e: string; w: StaffWorkOrder; onDone: () => void }) {
  const { t } = useI18n();
  const [lines, setLines] = useState<ChargeLine[]>([{ name: "", yuan: "" }]);
  const [problem, setProblem] = useState<MessageKey | null>(null);
  const act = useAction();
  const checked = chargeItems(lines, w.unit_label);
  const set = (i: number, l: Partial<ChargeLine>) => setLines(lines.map((x, j) => (j === i ? { ...x, ...l } : x)));
  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    if ("problem" in checked) {
      setProblem(checked.problem);
      return;
    }
    setProblem(null);
    const r = await act.run(() =>
      post<StaffWorkOrder>(`/repairs/estates/${e}/work-orders/${w.work_order_id}/charge`, { items: checked.items }),
    );
    if (r) onDone();
  };
  return (
    <form className="card attention" onSubmit={submit} aria-labelledby="charge-title" data-testid="charge-form" noValidate>
      <h2 id="charge-title">{t("charge.title")}</h2>
      <p className="muted small">{t("charge.hint")}</p>
      {!w.unit_label && <p className="note warn">{t("charge.noUnit")}</p>}
      {lines.map((l, i) => (
        <div className="inline-form" key={i}>
          <label className="grow">
            {t("charge.item")}
            <input name={`item_name_${i}`} value={l.name} onChange={(ev) => set(i, { name: ev.target.value })} />
          </label>
          <label>
            {t("charge.yuan")}
            <input
              name={`item_yuan_${i}`}
              inputMode="decimal"
              className="money"
              value={l.yuan}
              onChange={(ev) => set(i, { yuan: ev.target.value })}
            />
          </label>
        </div>
      ))}
      <div className="actions">
        <button type="button" className="link" onClick={() => setLines([...lines, { name: "", yuan: "" }])}>
          {t("charge.addItem")}
        </button>
        <span data-testid="charge-total">
          {t("charge.total", { total: "total_fen" in checked ? yuanLabel(checked.total_fen) : "—" })}
        </span>
      </div>
      {problem && (
        <div className="note error" role="alert">
          {t(problem)}
        </div>
      )}
      <ErrorNote error={act.error} />
      <div className="actions">
        <button type="submit" className="primary" disabled={act.busy || !w.unit_label}>
          {t("charge.submit")}
        </button>
      </div>
    </form>
  );
}
