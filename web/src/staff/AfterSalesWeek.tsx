// 售后未返单汇总表 on the supervisor's desk: the after-sales defects sent to the developer and not
// yet returned, with the next repair date agreed for each, signed by the developer's after-sales
// lead (现场售后人员签字认可) and then frozen as it stood; a signed week reads back as signed.

import { useState, type FormEvent, type KeyboardEvent, type ReactNode } from "react";
import { get, post } from "../api/client";
import { ErrorNote, OkNote } from "../components/ErrorNote";
import { Link } from "../components/Link";
import { useAction, useLoad } from "../components/useLoad";
import { useI18n, type MessageKey } from "../i18n";
import { formatTime } from "../lib/format";
import { paths } from "../lib/router";
import { mondayOf, signBody, weekEnd, type SignedWeek, type Unreturned } from "./afterSales";
import { SignaturePad } from "./Signature";

interface Items<T> {
  items: T[];
}

export function AfterSalesWeek({ e, refresh }: { e: string; refresh: number }) {
  const { t } = useI18n();
  const [week, setWeek] = useState(() => mondayOf(new Date()));
  const signed = useLoad(
    async () => (await get<Items<SignedWeek>>(`/repairs/estates/${e}/after-sales/weekly-lists`, { week_start: week })).items[0] ?? null,
    [e, week, refresh],
  );
  const recent = useLoad(async () => (await get<Items<SignedWeek>>(`/repairs/estates/${e}/after-sales/weekly-lists`)).items, [e, refresh]);
  const reload = () => {
    void signed.reload();
    void recent.reload();
  };

  return (
    <div data-testid="after-sales">
      <div className="card">
        <h2>{t("as.title")}</h2>
        <p className="muted small">{t("as.hint")}</p>
        <div className="inline-form">
          <label>
            {t("as.week")}
            <input type="date" name="week_start" value={week} onChange={(ev) => ev.target.value && setWeek(mondayOf(new Date(`${ev.target.value}T00:00`)))} />
          </label>
          <span className="muted small">{t("as.weekRange", { from: week, to: weekEnd(week) })}</span>
        </div>
        <ErrorNote error={signed.error} />
      </div>
      {signed.data && <Frozen e={e} w={signed.data} />}
      {!signed.loading && !signed.error && signed.data === null && <SignForm e={e} week={week} onSigned={reload} />}
      {recent.data && recent.data.length > 0 && (
        <div className="card">
          <h3>{t("as.recent")}</h3>
          <ul className="plain" data-testid="as-recent">
            {recent.data.map((w) => (
              <li key={w.week_start}>
                <button type="button" className="link" onClick={() => setWeek(w.week_start)}>
                  {t("as.weekRange", { from: w.week_start, to: weekEnd(w.week_start) })}
                </button>{" "}
                <span className="muted small">{t("as.signedBy", { name: w.lead_name, at: formatTime(w.signed_at), n: w.items.length })}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

function Frozen({ e, w }: { e: string; w: SignedWeek }) {
  const { t } = useI18n();
  return (
    <section className="card" data-testid="as-signed" aria-labelledby="as-signed-title">
      <h3 id="as-signed-title">
        {t("as.frozen")} <span className="badge">{t("as.signedBadge")}</span>
      </h3>
      <p data-testid="as-signed-by">{t("as.signedBy", { name: w.lead_name, at: formatTime(w.signed_at), n: w.items.length })}</p>
      <DefectTable e={e} items={w.items} next={(it) => ("next_repair" in it && it.next_repair) || t("common.none")} />
      {w.signature && <img className="signature" src={w.signature} alt={t("as.signature")} />}
    </section>
  );
}

function DefectTable({
  e,
  items,
  next,
}: {
  e: string;
  items: (Unreturned & { next_repair?: string | null })[];
  next: (it: Unreturned & { next_repair?: string | null }) => ReactNode;
}) {
  const { t } = useI18n();
  if (items.length === 0) return <p className="empty">{t("as.none")}</p>;
  return (
    <table className="list" data-testid="as-items">
      <thead>
        <tr>
          <th>{t("as.order")}</th>
          <th>{t("wo.unit")}</th>
          <th>{t("wo.problem")}</th>
          <th>{t("as.deadline")}</th>
          <th>{t("as.nextRepair")}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((it) => (
          <tr key={it.work_order_id} data-order={it.order_no}>
            <td data-label={t("as.order")}>
              <Link to={paths.workOrder(e, it.work_order_id)}>{it.order_no}</Link>
            </td>
            <td data-label={t("wo.unit")}>
              <span className="unit">{it.unit_label ?? t("common.none")}</span>
            </td>
            <td data-label={t("wo.problem")}>{it.problem}</td>
            <td data-label={t("as.deadline")}>
              {formatTime(it.deadline)} {it.overdue && <span className="badge urg-overdue">{t("as.overdue")}</span>}
            </td>
            <td data-label={t("as.nextRepair")}>{next(it)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function SignForm({ e, week, onSigned }: { e: string; week: string; onSigned: () => void }) {
  const { t } = useI18n();
  const live = useLoad(async () => (await get<Items<Unreturned>>(`/repairs/estates/${e}/after-sales/unreturned`)).items, [e]);
  const [dates, setDates] = useState<Record<string, string>>({});
  const [lead, setLead] = useState("");
  const [signature, setSignature] = useState<string | null>(null);
  const [bad, setBad] = useState<MessageKey | null>(null);
  const [ok, setOk] = useState<string | null>(null);
  const act = useAction();
  const items = live.data ?? [];

  const submit = async (ev?: FormEvent) => {
    ev?.preventDefault();
    const body = signBody(week, lead, dates, items);
    if ("problem" in body) {
      setBad(body.problem);
      return;
    }
    setBad(null);
    const r = await act.run(() => post<SignedWeek>(`/repairs/estates/${e}/after-sales/weekly-lists`, { ...body, signature: signature ?? undefined }));
    if (r) {
      setOk(t("as.signedOk", { name: r.lead_name }));
      onSigned();
    }
  };
  const onKey = (ev: KeyboardEvent) => {
    if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) {
      ev.preventDefault();
      void submit();
    }
  };

  return (
    <form className="card" onSubmit={submit} onKeyDown={onKey} data-testid="as-sign-form" aria-labelledby="as-sign-title" noValidate>
      <h3 id="as-sign-title">{t("as.toSign")}</h3>
      <ErrorNote error={live.error} />
      {live.data && (
        <DefectTable
          e={e}
          items={items}
          next={(it) => (
            <input
              type="date"
              name={`next_${it.order_no}`}
              aria-label={t("as.nextRepairFor", { no: it.order_no })}
              value={dates[it.work_order_id] ?? ""}
              onChange={(ev) => setDates({ ...dates, [it.work_order_id]: ev.target.value })}
            />
          )}
        />
      )}
      <label className="block narrow">
        {t("as.lead")}
        <input name="lead_name" autoComplete="off" value={lead} onChange={(ev) => setLead(ev.target.value)} />
      </label>
      <div className="block">
        <span className="muted small">{t("as.signatureHint")}</span>
        <SignaturePad onChange={setSignature} />
      </div>
      {bad && (
        <div className="note error" role="alert">
          {t(bad)}
        </div>
      )}
      <ErrorNote error={act.error} />
      <OkNote text={ok} />
      <div className="actions">
        <button type="submit" className="primary" disabled={act.busy || !live.data}>
          {t("as.sign")} <kbd>Ctrl+Enter</kbd>
        </button>
      </div>
    </form>
  );
}
