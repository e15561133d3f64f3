// The rows the supervisor acts on: a complaint to give to a department, a work order to give to
// a technician. Each opens its own small form in place.

import { useState, type FormEvent } from "react";
import { post } from "../api/client";
import { ErrorNote } from "../components/ErrorNote";
import { useAction } from "../components/useLoad";
import { useI18n } from "../i18n";
import { Link } from "../components/Link";
import { formatTime, localInputToIso } from "../lib/format";
import { mayChargeOnOrder } from "../lib/deskOrders";
import { paths } from "../lib/router";
import { workOrderLate } from "./dates";
import type { RosterEntry, StaffComplaint, StaffWorkOrder } from "./types";

const COMPLAINT_TYPES = [
  "security",
  "cleaning",
  "greening",
  "engineering",
  "mail",
  "decoration",
  "staff_attitude",
  "utilities",
  "other",
];

export function ComplaintRow({
  estateId,
  c,
  departments,
  onDone,
  children,
}: {
  estateId: string;
  c: StaffComplaint;
  departments: string[];
  onDone: () => void;
  children?: React.ReactNode;
}) {
  const { t, tv } = useI18n();
  const [open, setOpen] = useState(false);
  const [classing, setClassing] = useState(false);
  const [cls, setCls] = useState({ type: c.type, severity: c.severity, validity: c.validity ?? "", reason: "" });
  const [dept, setDept] = useState(c.department ?? departments[0] ?? "");
  const [replyDue, setReplyDue] = useState("");
  const act = useAction();
  const canAssign = ["received", "reopened", "assigned"].includes(c.status);
  const major = c.severity === "major";

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    const body: Record<string, string> = { department: dept };
    if (major) {
      const iso = localInputToIso(replyDue);
      if (iso) body.reply_due = iso;
    }
    const r = await act.run(() => post(`/complaints/estates/${estateId}/complaints/${c.complaint_id}/assign`, body));
    if (r) {
      setOpen(false);
      onDone();
    }
  };

  const classify = async (ev: FormEvent) => {
    ev.preventDefault();
    const body: Record<string, string> = { reason: cls.reason.trim() };
    if (cls.type !== c.type) body.type = cls.type;
    if (cls.severity !== c.severity) body.severity = cls.severity;
    if (cls.validity && cls.validity !== c.validity) body.validity = cls.validity;
    const r = await act.run(() => post(`/complaints/estates/${estateId}/complaints/${c.complaint_id}/classify`, body));
    if (r) {
      setClassing(false);
      onDone();
    }
  };

  return (
    <li className={`card staff-row ${c.overdue ? "late" : ""}`} data-testid="complaint-row" data-id={c.complaint_id}>
      <div className="staff-row-head">
        <strong>
          <Link to={paths.complaint(estateId, c.complaint_id)}>{c.complaint_no}</Link>
        </strong>
        <span className={`badge sev-${c.severity}`}>{tv("complaints.severity", c.severity)}</span>
        <span className="badge" data-testid="complaint-type">
          {tv("sup.type", c.type)}
        </span>
        {c.validity && (
          <span className="badge" data-testid="complaint-validity">
            {tv("sup.validity", c.validity)}
          </span>
        )}
        <span className="badge">{tv("complaints.status", c.status)}</span>
        {c.overdue && <span className="badge urg-overdue">{t("sup.overdue")}</span>}
        {c.escalation !== "department" && c.status !== "closed" && (
          <span className="badge urg-due">{t("sup.escalatedTo", { who: tv("sup.level", c.escalation) })}</span>
        )}
        <span className="unit">{c.unit_label ?? ""}</span>
        <span className="muted small">{formatTime(c.created_at)}</span>
      </div>
      <div className="request-text">{c.description}</div>
      <div className="muted small">
        {[
          c.department && t("sup.department", { name: tv("sup.dept", c.department) }),
          c.deadline_at && t("sup.deadline", { at: formatTime(c.deadline_at) }),
          c.reply_due && t("sup.replyDue", { at: formatTime(c.reply_due) }),
        ]
          .filter(Boolean)
          .join(" · ")}
      </div>
      {canAssign && !open && !classing && (
        <div className="actions">
          <button type="button" className="small-btn" data-row-action onClick={() => setOpen(true)}>
            {c.status === "assigned" ? t("sup.reassign") : t("sup.assign")}
          </button>
          <button type="button" className="small-btn" onClick={() => setClassing(true)}>
            {t("sup.classify")}
          </button>
        </div>
      )}
      {classing && (
        <form className="inline-form" onSubmit={classify} aria-label={t("sup.classify")}>
          <label>
            {t("sup.st.type")}
            <select name="type" value={cls.type} onChange={(e) => setCls({ ...cls, type: e.target.value })}>
              {COMPLAINT_TYPES.map((k) => (
                <option key={k} value={k}>
                  {tv("sup.type", k)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("complaints.severity")}
            <select name="severity" value={cls.severity} onChange={(e) => setCls({ ...cls, severity: e.target.value })}>
              {["general", "major"].map((k) => (
                <option key={k} value={k}>
                  {tv("complaints.severity", k)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("sup.validityLabel")}
            <select name="validity" value={cls.validity} onChange={(e) => setCls({ ...cls, validity: e.target.value })}>
              <option value="">{t("sup.validity.unjudged")}</option>
              {["valid", "invalid"].map((k) => (
                <option key={k} value={k}>
                  {tv("sup.validity", k)}
                </option>
              ))}
            </select>
          </label>
          <label className="grow">
            {t("sup.classifyReason")}
            <input name="reason" required value={cls.reason} onChange={(e) => setCls({ ...cls, reason: e.target.value })} />
          </label>
          <button type="submit" className="primary" disabled={act.busy}>
            {t("sup.saveClassify")}
          </button>
          <button type="button" className="link" onClick={() => setClassing(false)}>
            {t("common.cancel")}
          </button>
        </form>
      )}
      {open && (
        <form className="inline-form" onSubmit={submit} aria-label={t("sup.assign")}>
          <label>
            {t("sup.toDepartment")}
            <select name="department" autoFocus value={dept} onChange={(e) => setDept(e.target.value)} required>
              {departments.map((d) => (
                <option key={d} value={d}>
                  {tv("sup.dept", d)}
                </option>
              ))}
            </select>
          </label>
          {major && (
            <label>
              {t("sup.replyDueLabel")}
              <input type="datetime-local" name="reply_due" required value={replyDue} onChange={(e) => setReplyDue(e.target.value)} />
            </label>
          )}
          <button type="submit" className="primary" disabled={act.busy}>
            {t("sup.confirmAssign")}
          </button>
          <button type="button" className="link" onClick={() => setOpen(false)}>
            {t("common.cancel")}
          </button>
        </form>
      )}
      <ErrorNote error={act.error} />
      {children}
    </li>
  );
}

export function WorkOrderRow({
  estateId,
  w,
  roster,
  onDone,
  children,
  lateWhy,
}: {
  estateId: string;
  w: StaffWorkOrder;
  roster: RosterEntry[];
  onDone: () => void;
  children?: React.ReactNode;
  /** Why repairs lists it as late, when it does. */
  lateWhy?: string[];
}) {
  const { t, tv } = useI18n();
  const [open, setOpen] = useState(false);
  const active = roster.filter((r) => r.active);
  const [tech, setTech] = useState(w.technician_id ?? active[0]?.technician_id ?? "");
  const act = useAction();
  const late = (lateWhy?.length ?? 0) > 0 || workOrderLate(w, new Date());
  const canDispatch = ["awaiting_dispatch", "reopened", "dispatched", "accepted"].includes(w.status);
  const who = roster.find((r) => r.technician_id === w.technician_id)?.name;

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    const r = await act.run(() =>
      post(`/repairs/estates/${estateId}/work-orders/${w.work_order_id}/dispatch`, { technician_id: tech }),
    );
    if (r) {
      setOpen(false);
      onDone();
    }
  };

  return (
    <li className={`card staff-row ${late ? "late" : ""}`} data-testid="work-order-row" data-id={w.work_order_id}>
      <div className="staff-row-head">
        <strong>
          <Link to={paths.workOrder(estateId, w.work_order_id)}>{w.order_no}</Link>
        </strong>
        <span className="badge">{tv("workOrders.kind", w.kind)}</span>
        <span className="badge">{tv("workOrders.status", w.status)}</span>
        {late && <span className="badge urg-overdue">{t("sup.late")}</span>}
        {lateWhy?.map((why) => (
          <span key={why} className="badge urg-overdue" data-testid="late-why">
            {tv("sup.lateWhy", why)}
          </span>
        ))}
        {w.needs_callback && (
          <span className="badge urg-due">
            {w.callback_due ? t("sup.callbackBy", { at: formatTime(w.callback_due) }) : t("sup.needsCallback")}
          </span>
        )}
        {mayChargeOnOrder(w) && (
          <Link to={paths.workOrder(estateId, w.work_order_id)} className="badge urg-due">
            {t("sup.chargeFirst")}
          </Link>
        )}
        <span className="unit">{w.unit_label ?? ""}</span>
        <span className="muted small">{formatTime(w.created_at)}</span>
      </div>
      <div className="request-text">{w.problem}</div>
      <div className="muted small">
        {[
          w.appointment_start &&
            t("sup.appointment", { from: formatTime(w.appointment_start), to: formatTime(w.appointment_end) }),
          w.technician_id && t("sup.technician", { name: who ?? t("sup.someone") }),
          w.skill,
        ]
          .filter(Boolean)
          .join(" · ")}
      </div>
      {canDispatch && !open && (
        <div className="actions">
          <button type="button" className="small-btn" data-row-action onClick={() => setOpen(true)}>
            {w.technician_id ? t("sup.redispatch") : t("sup.dispatch")}
          </button>
        </div>
      )}
      {open && (
        <form className="inline-form" onSubmit={submit} aria-label={t("sup.dispatch")}>
          {active.length === 0 ? (
            <p className="note warn">{t("sup.noRoster")}</p>
          ) : (
            <label className="grow">
              {t("sup.toTechnician")}
              <select name="technician" autoFocus value={tech} onChange={(e) => setTech(e.target.value)} required>
                {active.map((r) => (
                  <option key={r.technician_id} value={r.technician_id}>
                    {t("sup.rosterLine", {
                      name: r.name,
                      open: r.open_orders,
                      max: r.max_open,
                      skills: r.skills.join("、") || "—",
                    })}
                  </option>
                ))}
              </select>
            </label>
          )}
          <button type="submit" className="primary" disabled={act.busy || active.length === 0}>
            {t("sup.confirmDispatch")}
          </button>
          <button type="button" className="link" onClick={() => setOpen(false)}>
            {t("common.cancel")}
          </button>
        </form>
      )}
      <ErrorNote error={act.error} />
      {children}
    </li>
  );
}
