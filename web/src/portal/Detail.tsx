// One of the resident's items: where it stands, its steps, its photos, and the rating once the
// estate has done its part. Another resident's item (an edited address) shows "not found" and
// nothing else.

import { useEffect, useState, type FormEvent } from "react";
import { Link } from "../components/Link";
import { useAction, useLoad } from "../components/useLoad";
import { useI18n } from "../i18n";
import { formatTime } from "../lib/format";
import { pget, photoUrl, ppost } from "./api";
import { isNotFound, NotFound, PortalError, Stage } from "./Portal";
import { portalPaths } from "./route";
import type { MyComplaint, MyRepair, Step } from "./types";
import { yuan } from "./words";

function Progress({ steps, prefix }: { steps: Step[] | undefined; prefix: "repair" | "complaint" }) {
  const { t, tv } = useI18n();
  if (!steps?.length) return null;
  return (
    <>
      <h3>{t("portal.progress")}</h3>
      <ol className="progress" data-testid="portal-progress">
        {steps.map((s, i) => (
          <li key={i}>
            <span className="when muted">{formatTime(s.at)}</span> {tv(`portal.action.${prefix}`, s.action)}
          </li>
        ))}
      </ol>
    </>
  );
}

function Photo({ estate, order, photo }: { estate: string; order: string; photo: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let url: string | null = null;
    let live = true;
    photoUrl(estate, order, photo)
      .then((u) => {
        url = u;
        if (live) setSrc(u);
      })
      .catch(() => undefined);
    return () => {
      live = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [estate, order, photo]);
  return src ? <img className="photo" src={src} alt="" /> : <span className="photo" />;
}

const SCORES = ["punctuality", "quality", "fee_fair", "attitude", "overall"] as const;

export function RepairDetail({ estate, id }: { estate: string; id: string }) {
  const { t, tv } = useI18n();
  const order = useLoad(() => pget<MyRepair>(`/repairs/resident/estates/${estate}/work-orders/${id}`), [estate, id]);
  const [scores, setScores] = useState<Record<string, number>>(() => Object.fromEntries(SCORES.map((s) => [s, 5])));
  const [repaired, setRepaired] = useState(true);
  const [note, setNote] = useState("");
  const rate = useAction();

  if (order.error && isNotFound(order.error)) return <NotFound />;
  if (!order.data) return order.error ? <PortalError error={order.error} /> : <p className="muted">{t("common.loading")}</p>;
  const o = order.data;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const done = await rate.run(() =>
      ppost<MyRepair>(`/repairs/resident/estates/${estate}/work-orders/${id}/rating`, {
        ...scores,
        repaired,
        note: note.trim() || undefined,
      }),
    );
    if (done) await order.reload();
  };

  return (
    <section className="card" data-testid="portal-repair">
      <p>
        <Link to={portalPaths.home()}>{t("portal.backHome")}</Link>
      </p>
      <h2>
        {t("portal.repair.title", { no: o.order_no })} <Stage prefix="repair" stage={o.stage} />
      </h2>
      <dl className="facts">
        <dt>{t("portal.form.unit")}</dt>
        <dd>{o.unit_label}</dd>
        <dt>{t("portal.repair.kind")}</dt>
        <dd>{tv("portal.kind", o.kind)}</dd>
        <dt>{t("portal.repair.problem")}</dt>
        <dd data-testid="portal-problem">{o.problem}</dd>
        {o.appointment_start && (
          <>
            <dt>{t("portal.repair.appointment")}</dt>
            <dd>
              {formatTime(o.appointment_start)} – {formatTime(o.appointment_end)}
            </dd>
          </>
        )}
        {o.fee_fen > 0 && (
          <>
            <dt>{t("portal.repair.fee")}</dt>
            <dd>{yuan(o.fee_fen)}</dd>
          </>
        )}
        {o.overall_rating !== null && (
          <>
            <dt>{t("portal.repair.yourRating")}</dt>
            <dd>{"★".repeat(o.overall_rating)}</dd>
          </>
        )}
      </dl>
      {!!o.photo_ids?.length && (
        <div className="photos" data-testid="portal-photos">
          {o.photo_ids.map((p) => (
            <Photo key={p} estate={estate} order={id} photo={p} />
          ))}
        </div>
      )}
      <Progress steps={o.progress} prefix="repair" />
      {o.stage === "done" && !o.can_rate && <p className="muted">{t("portal.rate.tomorrow")}</p>}
      {o.can_rate && (
        <form onSubmit={submit} className="rate" data-testid="portal-rate">
          <h3>{t("portal.rate.title")}</h3>
          <PortalError error={rate.error} />
          {SCORES.map((s) => (
            <label key={s}>
              {t(`portal.rate.${s}` as "portal.rate.overall")}
              <select
                name={s}
                value={scores[s]}
                onChange={(e) => setScores({ ...scores, [s]: Number(e.target.value) })}
              >
                {[5, 4, 3, 2, 1].map((n) => (
                  <option key={n} value={n}>
                    {"★".repeat(n)}
                  </option>
                ))}
              </select>
            </label>
          ))}
          <label className="check">
            <input type="checkbox" checked={repaired} onChange={(e) => setRepaired(e.target.checked)} />
            {t("portal.rate.repaired")}
          </label>
          <label>
            {t("portal.rate.note")}
            <input name="note" maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} />
          </label>
          <button type="submit" className="primary" disabled={rate.busy}>
            {t("portal.rate.submit")}
          </button>
        </form>
      )}
    </section>
  );
}

export function ComplaintDetail({ estate, id }: { estate: string; id: string }) {
  const { t } = useI18n();
  const complaint = useLoad(
    () => pget<MyComplaint>(`/complaints/resident/estates/${estate}/complaints/${id}`),
    [estate, id],
  );
  const [satisfaction, setSatisfaction] = useState("satisfied");
  const [note, setNote] = useState("");
  const rate = useAction();

  if (complaint.error && isNotFound(complaint.error)) return <NotFound />;
  if (!complaint.data) {
    return complaint.error ? <PortalError error={complaint.error} /> : <p className="muted">{t("common.loading")}</p>;
  }
  const c = complaint.data;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const done = await rate.run(() =>
      ppost<MyComplaint>(`/complaints/resident/estates/${estate}/complaints/${id}/rating`, {
        satisfaction,
        note: note.trim() || undefined,
      }),
    );
    if (done) await complaint.reload();
  };

  return (
    <section className="card" data-testid="portal-complaint">
      <p>
        <Link to={portalPaths.home()}>{t("portal.backHome")}</Link>
      </p>
      <h2>
        {t("portal.complaint.title", { no: c.complaint_no })} <Stage prefix="complaint" stage={c.stage} />
      </h2>
      <dl className="facts">
        <dt>{t("portal.form.unit")}</dt>
        <dd>{c.unit_label}</dd>
        <dt>{t("portal.complaint.description")}</dt>
        <dd>{c.description}</dd>
        {c.details.location && (
          <>
            <dt>{t("portal.complaint.location")}</dt>
            <dd>{c.details.location}</dd>
          </>
        )}
        {c.details.reply && (
          <>
            <dt>{t("portal.complaint.reply")}</dt>
            <dd>{c.details.reply}</dd>
          </>
        )}
        {c.satisfaction && (
          <>
            <dt>{t("portal.complaint.yourWord")}</dt>
            <dd>{t(`portal.satisfaction.${c.satisfaction}` as "portal.satisfaction.satisfied")}</dd>
          </>
        )}
      </dl>
      <Progress steps={c.progress} prefix="complaint" />
      {c.can_rate && (
        <form onSubmit={submit} className="rate" data-testid="portal-rate">
          <h3>{t("portal.complaint.rateTitle")}</h3>
          <PortalError error={rate.error} />
          <label>
            {t("portal.complaint.satisfaction")}
            <select name="satisfaction" value={satisfaction} onChange={(e) => setSatisfaction(e.target.value)}>
              {["satisfied", "basically_satisfied", "dissatisfied"].map((s) => (
                <option key={s} value={s}>
                  {t(`portal.satisfaction.${s}` as "portal.satisfaction.satisfied")}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("portal.rate.note")}
            <input name="note" maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} />
          </label>
          <button type="submit" className="primary" disabled={rate.busy}>
            {t("portal.rate.submit")}
          </button>
        </form>
      )}
    </section>
  );
}
