// A work order's money on its page: turning a free repair into paid work (and back) with the
// reason; a supervisor's approval of a fee above the estate's ceiling; a supervisor's written
// waiver that lets paid work waiting for its charge close (the charge stays owed in billing);
// and the estate's ceiling itself. Repairs' refusals (409, 422) are shown in plain words.

import { useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { get, post } from "../api/client";
import { ErrorNote, OkNote } from "../components/ErrorNote";
import { useAction, useLoad } from "../components/useLoad";
import { useI18n, type MessageKey } from "../i18n";
import { formatTime } from "../lib/format";
import {
  amountFen,
  feeApproval,
  kindChanges,
  kindTarget,
  mayApproveFee,
  mayWaive,
  paidFen,
  reasonProblem,
  waiver,
} from "../lib/orderMoney";
import { putJson } from "../office/transfer";
import { DISPATCH_ROLES, SUPERVISOR_ROLES, hasAnyRole } from "../lib/roles";
import { formatFen, yuanLabel } from "../staff/money";
import type { StaffWorkOrder } from "../staff/types";
import type { DeskProps } from "./DeskShell";

interface Settings {
  estate_id: string;
  fee_ceiling_fen: number;
  default: boolean;
}

function ctrlEnter(submit: () => void) {
  return (ev: KeyboardEvent) => {
    if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) {
      ev.preventDefault();
      submit();
    }
  };
}

export function WorkOrderMoney({ session, e, w, onDone }: Pick<DeskProps, "session"> & { e: string; w: StaffWorkOrder; onDone: () => void }) {
  const { t, tv } = useI18n();
  const supervising = hasAnyRole(session.staff, SUPERVISOR_ROLES);
  const mayChangeKind = hasAnyRole(session.staff, DISPATCH_ROLES);
  const settings = useLoad(() => get<Settings>(`/repairs/estates/${e}/settings`), [e]);
  const approval = feeApproval(w);
  const waived = waiver(w);
  const changes = kindChanges(w);
  const target = kindTarget(w);
  const paid = paidFen(w);
  const carriesMoney = w.kind === "paid_repair" || w.kind === "special_service" || w.fee_fen > 0;
  const anything =
    carriesMoney || changes.length > 0 || (mayChangeKind && target) || supervising;
  if (!anything) return null;

  return (
    <section className="card" aria-labelledby="money-title" data-testid="wo-money">
      <h2 id="money-title">{t("money.title")}</h2>
      <dl className="facts">
        {carriesMoney && (
          <div>
            <dt>{t("money.feeAndPaid")}</dt>
            <dd data-testid="money-fee">
              {t("money.feeLine", { fee: yuanLabel(w.fee_fen), paid: yuanLabel(paid) })}
              {w.status === "awaiting_settlement" && <span className="badge urg-due"> {t("money.waitingForCharge")}</span>}
            </dd>
          </div>
        )}
        {settings.data && (
          <div>
            <dt>{t("money.ceiling")}</dt>
            <dd data-testid="money-ceiling">
              {yuanLabel(settings.data.fee_ceiling_fen)}
              {settings.data.default && <span className="muted small"> {t("money.ceilingDefault")}</span>}
            </dd>
          </div>
        )}
        {approval && (
          <div>
            <dt>{t("money.approval")}</dt>
            <dd data-testid="money-approval">
              {t("money.approvedUpTo", { fee: yuanLabel(approval.up_to_fen) })} · {approval.reason}
              {approval.at && <span className="muted small"> {formatTime(approval.at)}</span>}
            </dd>
          </div>
        )}
        {waived && (
          <div>
            <dt>{t("money.waiver")}</dt>
            <dd data-testid="money-waiver">
              {waived.reason}
              {waived.at && <span className="muted small"> {formatTime(waived.at)}</span>}
              <div className="muted small">{t("money.waiverStillOwed")}</div>
            </dd>
          </div>
        )}
        {changes.length > 0 && (
          <div>
            <dt>{t("money.kindChanges")}</dt>
            <dd>
              <ul className="plain" data-testid="money-kind-changes">
                {changes.map((c, i) => (
                  <li key={i}>
                    {tv("workOrders.kind", c.from)} → {tv("workOrders.kind", c.to)} · {c.reason}
                    {c.at && <span className="muted small"> {formatTime(c.at)}</span>}
                  </li>
                ))}
              </ul>
            </dd>
          </div>
        )}
      </dl>
      {mayChangeKind && target && <KindForm e={e} w={w} target={target} onDone={onDone} />}
      {supervising && mayApproveFee(w) && <ApproveForm e={e} w={w} ceiling={settings.data?.fee_ceiling_fen ?? null} onDone={onDone} />}
      {supervising && mayWaive(w) && <WaiverForm e={e} w={w} onDone={onDone} />}
      {supervising && settings.data && <CeilingForm e={e} current={settings.data.fee_ceiling_fen} onSaved={() => void settings.reload()} />}
      <ErrorNote error={settings.error} />
    </section>
  );
}

function KindForm({ e, w, target, onDone }: { e: string; w: StaffWorkOrder; target: "paid_repair" | "repair"; onDone: () => void }) {
  const { t, tv } = useI18n();
  const [reason, setReason] = useState("");
  const [bad, setBad] = useState<MessageKey | null>(null);
  const [ok, setOk] = useState<string | null>(null);
  const act = useAction();
  const submit = async (ev?: FormEvent) => {
    ev?.preventDefault();
    setOk(null);
    const p = reasonProblem(reason);
    setBad(p);
    if (p) return;
    const r = await act.run(() =>
      post<StaffWorkOrder>(`/repairs/estates/${e}/work-orders/${w.work_order_id}/kind`, { kind: target, reason: reason.trim() }),
    );
    if (r) {
      setOk(t("money.kindSaved", { kind: tv("workOrders.kind", r.kind) }));
      setReason("");
      onDone();
    }
  };
  return (
    <form className="sub-form" onSubmit={submit} onKeyDown={ctrlEnter(() => void submit())} data-testid="kind-form" noValidate>
      <h3>{target === "paid_repair" ? t("money.toPaid") : t("money.toFree")}</h3>
      <p className="muted small">{target === "paid_repair" ? t("money.toPaidHint") : t("money.toFreeHint")}</p>
      <label className="block">
        {t("money.reason")}
        <textarea name="kind_reason" rows={2} value={reason} onChange={(ev) => setReason(ev.target.value)} />
      </label>
      {bad && (
        <div className="note error" role="alert">
          {t(bad)}
        </div>
      )}
      <ErrorNote error={act.error} />
      <OkNote text={ok} />
      <div className="actions">
        <button type="submit" className="primary" disabled={act.busy}>
          {t("money.kindSubmit", { kind: tv("workOrders.kind", target) })} <kbd>Ctrl+Enter</kbd>
        </button>
      </div>
    </form>
  );
}

function ApproveForm({ e, w, ceiling, onDone }: { e: string; w: StaffWorkOrder; ceiling: number | null; onDone: () => void }) {
  const { t } = useI18n();
  const [upTo, setUpTo] = useState("");
  const [reason, setReason] = useState("");
  const [bad, setBad] = useState<MessageKey | null>(null);
  const [ok, setOk] = useState<string | null>(null);
  const act = useAction();
  const submit = async (ev?: FormEvent) => {
    ev?.preventDefault();
    setOk(null);
    const fen = amountFen(upTo, false);
    const p = typeof fen === "number" ? reasonProblem(reason) : fen.problem;
    setBad(p);
    if (p || typeof fen !== "number") return;
    const r = await act.run(() =>
      post<StaffWorkOrder>(`/repairs/estates/${e}/work-orders/${w.work_order_id}/fee-approval`, { up_to_fen: fen, reason: reason.trim() }),
    );
    if (r) {
      setOk(t("money.approvalSaved", { fee: yuanLabel(fen) }));
      setUpTo("");
      setReason("");
      onDone();
    }
  };
  return (
    <form className="sub-form" onSubmit={submit} onKeyDown={ctrlEnter(() => void submit())} data-testid="approval-form" noValidate>
      <h3>{t("money.approveTitle")}</h3>
      <p className="muted small">{ceiling !== null ? t("money.approveHint", { ceiling: yuanLabel(ceiling) }) : t("money.approveHintPlain")}</p>
      <div className="inline-form">
        <label>
          {t("money.upTo")}
          <input name="up_to_yuan" inputMode="decimal" className="money" value={upTo} onChange={(ev) => setUpTo(ev.target.value)} />
        </label>
        <label className="grow">
          {t("money.reason")}
          <input name="approval_reason" value={reason} onChange={(ev) => setReason(ev.target.value)} />
        </label>
      </div>
      {bad && (
        <div className="note error" role="alert">
          {t(bad)}
        </div>
      )}
      <ErrorNote error={act.error} />
      <OkNote text={ok} />
      <div className="actions">
        <button type="submit" className="primary" disabled={act.busy}>
          {t("money.approveSubmit")} <kbd>Ctrl+Enter</kbd>
        </button>
      </div>
    </form>
  );
}

function WaiverForm({ e, w, onDone }: { e: string; w: StaffWorkOrder; onDone: () => void }) {
  const { t } = useI18n();
  const [reason, setReason] = useState("");
  const [bad, setBad] = useState<MessageKey | null>(null);
  const act = useAction();
  const ref = useRef<HTMLTextAreaElement>(null);
  const submit = async (ev?: FormEvent) => {
    ev?.preventDefault();
    const p = reasonProblem(reason);
    setBad(p);
    if (p) {
      ref.current?.focus();
      return;
    }
    const r = await act.run(() =>
      post<StaffWorkOrder>(`/repairs/estates/${e}/work-orders/${w.work_order_id}/settlement-waiver`, { reason: reason.trim() }),
    );
    if (r) {
      setReason("");
      onDone();
    }
  };
  return (
    <form className="sub-form attention" onSubmit={submit} onKeyDown={ctrlEnter(() => void submit())} data-testid="waiver-form" noValidate>
      <h3>{t("money.waiveTitle")}</h3>
      <p className="muted small">{t("money.waiveHint", { fee: yuanLabel(w.fee_fen - paidFen(w)) })}</p>
      <label className="block">
        {t("money.waiveReason")}
        <textarea ref={ref} name="waiver_reason" rows={2} value={reason} onChange={(ev) => setReason(ev.target.value)} />
      </label>
      {bad && (
        <div className="note error" role="alert">
          {t(bad)}
        </div>
      )}
      <ErrorNote error={act.error} />
      <div className="actions">
        <button type="submit" className="primary" disabled={act.busy}>
          {t("money.waiveSubmit")} <kbd>Ctrl+Enter</kbd>
        </button>
      </div>
    </form>
  );
}

function CeilingForm({ e, current, onSaved }: { e: string; current: number; onSaved: () => void }) {
  const { t } = useI18n();
  const [typed, setTyped] = useState(formatFen(current));
  const [bad, setBad] = useState<MessageKey | null>(null);
  const [ok, setOk] = useState<string | null>(null);
  const act = useAction();
  const submit = async (ev?: FormEvent) => {
    ev?.preventDefault();
    setOk(null);
    const fen = amountFen(typed, true);
    if (typeof fen !== "number") {
      setBad(fen.problem);
      return;
    }
    setBad(null);
    const r = await act.run(() => putJson<Settings>(`/repairs/estates/${e}/settings`, { fee_ceiling_fen: fen }));
    if (r) {
      setTyped(formatFen(r.fee_ceiling_fen));
      setOk(t("money.ceilingSaved", { fee: yuanLabel(r.fee_ceiling_fen) }));
      onSaved();
    }
  };
  return (
    <form className="sub-form" onSubmit={submit} data-testid="ceiling-form" noValidate>
      <h3>{t("money.ceilingTitle")}</h3>
      <div className="inline-form">
        <label>
          {t("money.ceilingYuan")}
          <input name="ceiling_yuan" inputMode="decimal" className="money" value={typed} onChange={(ev) => setTyped(ev.target.value)} />
        </label>
        <button type="submit" disabled={act.busy}>
          {t("money.ceilingSave")}
        </button>
      </div>
      {bad && (
        <div className="note error" role="alert">
          {t(bad)}
        </div>
      )}
      <ErrorNote error={act.error} />
      <OkNote text={ok} />
    </form>
  );
}
