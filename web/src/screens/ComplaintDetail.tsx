// One complaint: what was recorded, where it stands, and, for the supervisors and the department
// it was given to, the department's result (处理结果), after which the desk replies and calls back.

import { useRef, useState, type FormEvent } from "react";
import { get, post } from "../api/client";
import { ErrorNote, OkNote } from "../components/ErrorNote";
import { Link } from "../components/Link";
import { useAddKey } from "../components/useAddKey";
import { useAction, useLoad } from "../components/useLoad";
import { useI18n } from "../i18n";
import { formatPhone, formatTime } from "../lib/format";
import { hasAnyRole, RESOLVE_ROLES } from "../lib/roles";
import { paths } from "../lib/router";
import type { StaffComplaint } from "../staff/types";
import type { DeskProps } from "./DeskShell";

interface ComplaintWithDetails extends StaffComplaint {
  details?: Record<string, unknown>;
  trail?: { at: string; action: string; from_status: string | null; to_status: string | null; reason: string | null }[];
}

function text(v: unknown): string | null {
  return typeof v === "string" && v.trim() ? v : null;
}

/** Whether the department's result may be recorded now: given to a department, not yet resolved. */
export function mayResolve(c: { status: string }): boolean {
  return c.status === "assigned";
}

export function ComplaintDetail({ estate, session, complaintId }: DeskProps & { complaintId: string }) {
  const { t, tv } = useI18n();
  const e = estate.estate_id;
  const loaded = useLoad(
    () => get<ComplaintWithDetails>(`/complaints/estates/${e}/complaints/${complaintId}`),
    [e, complaintId],
  );
  const canResolve = hasAnyRole(session.staff, RESOLVE_ROLES);

  if (loaded.error) {
    return (
      <section className="card refusal">
        <h1>{t("cd.title")}</h1>
        <ErrorNote error={loaded.error} />
        <Link to={paths.complaints(e)}>{t("cd.back")}</Link>
      </section>
    );
  }
  const c = loaded.data;
  if (!c) return <p className="muted">{t("common.loading")}</p>;
  const d = c.details ?? {};
  const result = text(d.result);
  const facts: [string, string | null][] = [
    [t("cf.where"), text(d.location)],
    [t("cf.when"), text(d.occurred_at) ? formatTime(text(d.occurred_at)) : null],
    [t("cf.asks"), text(d.demand)],
  ];

  return (
    <section aria-labelledby="cd-title" data-testid="complaint-detail" className="staff">
      <div className="page-head">
        <h1 id="cd-title">
          {t("cd.title")} {c.complaint_no} <span className={`badge sev-${c.severity}`}>{tv("complaints.severity", c.severity)}</span>{" "}
          <span className="badge" data-testid="cd-status">
            {tv("complaints.status", c.status)}
          </span>
          {c.overdue && <span className="badge urg-overdue">{t("sup.overdue")}</span>}
        </h1>
        <Link to={paths.complaints(e)}>{t("cd.back")}</Link>
      </div>
      <div className="card">
        <dl className="facts">
          <div>
            <dt>{t("cf.what")}</dt>
            <dd className="request-text">{c.description}</dd>
          </div>
          {facts
            .filter(([, v]) => v)
            .map(([k, v]) => (
              <div key={k}>
                <dt>{k}</dt>
                <dd>{v}</dd>
              </div>
            ))}
          <div>
            <dt>{t("intake.caller")}</dt>
            <dd>
              {c.complainant_name ?? ""} <span className="unit">{c.unit_label ?? ""}</span>{" "}
              <span className="muted small">{formatPhone(c.complainant_phone)}</span>
            </dd>
          </div>
          <div>
            <dt>{t("cd.department")}</dt>
            <dd>
              {c.department ? tv("sup.dept", c.department) : t("cd.notAssigned")}
              {c.deadline_at && <span className="muted small"> · {t("sup.deadline", { at: formatTime(c.deadline_at) })}</span>}
              {c.reply_due && <span className="muted small"> · {t("sup.replyDue", { at: formatTime(c.reply_due) })}</span>}
            </dd>
          </div>
          {result && (
            <div>
              <dt>{t("cd.result")}</dt>
              <dd className="request-text" data-testid="cd-result">
                {result}
                {c.resolved_at && <span className="muted small"> · {formatTime(c.resolved_at)}</span>}
              </dd>
            </div>
          )}
          <div>
            <dt>{t("intake.loggedAt")}</dt>
            <dd>
              {formatTime(c.created_at)}
              {c.intake_id && (
                <>
                  {" · "}
                  <Link to={paths.intake(e, c.intake_id)}>{t("wo.intake")}</Link>
                </>
              )}
            </dd>
          </div>
        </dl>
      </div>
      {canResolve && mayResolve(c) && <Resolve e={e} c={c} onDone={() => void loaded.reload()} />}
      {canResolve && c.status === "received" && <p className="muted small">{t("cd.assignFirst")}</p>}
    </section>
  );
}

/** The department's result: what it did about the complaint. */
function Resolve({ e, c, onDone }: { e: string; c: StaffComplaint; onDone: () => void }) {
  const { t } = useI18n();
  const [result, setResult] = useState("");
  const [ok, setOk] = useState<string | null>(null);
  const [empty, setEmpty] = useState(false);
  const act = useAction();
  const resultRef = useRef<HTMLTextAreaElement>(null);
  useAddKey(resultRef);
  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    if (!result.trim()) {
      setEmpty(true);
      return;
    }
    setEmpty(false);
    const r = await act.run(() =>
      post<StaffComplaint>(`/complaints/estates/${e}/complaints/${c.complaint_id}/resolve`, { result: result.trim() }),
    );
    if (r) {
      setOk(t("cd.resolvedOk"));
      setResult("");
      onDone();
    }
  };
  return (
    <form className="card" onSubmit={submit} aria-labelledby="resolve-title" data-testid="resolve-form" noValidate>
      <h2 id="resolve-title">{t("cd.resolveTitle")}</h2>
      <p className="muted small">{t("cd.resolveHint")}</p>
      <label className="block">
        {t("cd.result")}
        <textarea ref={resultRef} name="result" rows={3} maxLength={2000} value={result} onChange={(ev) => setResult(ev.target.value)} />
      </label>
      {empty && (
        <div className="note error" role="alert">
          {t("cd.needResult")}
        </div>
      )}
      <ErrorNote error={act.error} />
      <OkNote text={ok} />
      <div className="actions">
        <button type="submit" className="primary" disabled={act.busy}>
          {t("cd.resolve")}
        </button>
      </div>
    </form>
  );
}
