// The supervisor's and estate manager's desk: what is late or escalated, what waits to be given
// out, the follow-up calls, the Monday approval, the month's figures, and the after-sales weekly
// list signed by the developer's lead.

import { useState, type FormEvent } from "react";
import { ApiError, get, post } from "../api/client";
import { ErrorNote, OkNote } from "../components/ErrorNote";
import { useAction, useLoad } from "../components/useLoad";
import { useI18n, type MessageKey } from "../i18n";
import { formatTime } from "../lib/format";
import { plain, useKeys } from "../lib/keys";
import type { DeskProps } from "../screens/DeskShell";
import { isMonday, isoMonth, lastMonday, workOrderLate } from "./dates";
import { downloadCsv } from "./download";
import { AfterSalesWeek } from "./AfterSalesWeek";
import { Fees } from "./Fees";
import { handedInLines, movementSentence, signed } from "./handIn";
import { Reversals } from "./Reversals";
import "./shortcuts";
import { formatFen } from "./money";
import { ComplaintRow, WorkOrderRow } from "./rows";
import type {
  LateOrder,
  ComplaintSettings,
  ComplaintStats,
  FollowUpRate,
  RepairStatRow,
  RosterEntry,
  StaffComplaint,
  StaffWorkOrder,
} from "./types";

const TABS = ["late", "assign", "followUp", "weekly", "stats", "reversals", "afterSales"] as const;
type Tab = (typeof TABS)[number];

interface Items<T> {
  items: T[];
}

function unique<T>(rows: T[], id: (r: T) => string): T[] {
  const seen = new Set<string>();
  return rows.filter((r) => (seen.has(id(r)) ? false : (seen.add(id(r)), true)));
}

export function Supervisor({ estate }: DeskProps) {
  const { t } = useI18n();
  const e = estate.estate_id;
  const [tab, setTab] = useState<Tab>("late");

  // What every tab needs: the departments and the technicians' roster.
  const settings = useLoad(() => get<ComplaintSettings>(`/complaints/estates/${e}/settings`), [e]);
  const roster = useLoad(async () => (await get<Items<RosterEntry>>(`/repairs/estates/${e}/technicians`)).items, [e]);
  const [refresh, setRefresh] = useState(0);

  useKeys((ev, typing) => {
    if (typing || !plain(ev) || ev.shiftKey) return false;
    const n = Number(ev.key);
    if (n >= 1 && n <= TABS.length) {
      setTab(TABS[n - 1]);
      return true;
    }
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      // Between the rows' first actions; Enter then does it.
      const buttons = [...document.querySelectorAll<HTMLButtonElement>("main [data-row-action]")];
      if (buttons.length === 0) return false;
      const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
      const next = ev.key === "ArrowDown" ? Math.min(at + 1, buttons.length - 1) : Math.max(at - 1, 0);
      buttons[at < 0 ? 0 : next].focus();
      buttons[at < 0 ? 0 : next].scrollIntoView({ block: "nearest" });
      return true;
    }
    if (ev.key.toLowerCase() === "r") {
      setRefresh((x) => x + 1);
      void roster.reload();
      return true;
    }
    return false;
  });

  const departments = settings.data?.departments ?? [];
  const techs = roster.data ?? [];
  const common = { e, departments, techs, refresh, onChanged: () => void roster.reload() };

  return (
    <section aria-labelledby="sup-title" className="staff">
      <div className="page-head">
        <h1 id="sup-title">{t("sup.title")}</h1>
        <span className="muted small">{t("sup.keys")}</span>
      </div>
      <div className="tabs" role="tablist">
        {TABS.map((k, i) => (
          <button
            key={k}
            type="button"
            role="tab"
            aria-selected={tab === k}
            className={tab === k ? "tab current" : "tab"}
            onClick={() => setTab(k)}
          >
            {t(`sup.tab.${k}` as MessageKey)} <kbd>{i + 1}</kbd>
          </button>
        ))}
      </div>
      <ErrorNote error={settings.error ?? roster.error} />
      {tab === "late" && <Late {...common} />}
      {tab === "assign" && <ToAssign {...common} />}
      {tab === "followUp" && <FollowUps {...common} />}
      {tab === "weekly" && <Weekly e={e} />}
      {tab === "stats" && <Stats e={e} techs={techs} />}
      {tab === "reversals" && <Reversals e={e} refresh={refresh} />}
      {tab === "afterSales" && <AfterSalesWeek e={e} refresh={refresh} />}
    </section>
  );
}

interface ListProps {
  e: string;
  departments: string[];
  techs: RosterEntry[];
  refresh: number;
  onChanged: () => void;
}

/**
 * Repairs' late list, each order with why it is late (a promised call back past its time, an
 * appointment missed, a day without a technician, a follow-up visit overdue); from a repairs
 * without that list, the orders the desk itself finds late.
 */
async function lateOrders(e: string): Promise<LateOrder[]> {
  try {
    return (await get<Items<LateOrder>>(`/repairs/estates/${e}/late-orders`)).items;
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 404) throw err;
    const all = await get<Items<StaffWorkOrder>>(`/repairs/estates/${e}/work-orders`, { limit: 200 });
    const now = new Date();
    return all.items.filter((w) => workOrderLate(w, now));
  }
}

/** Complaints past their deadline or escalated; work orders whose appointment passed or nobody took. */
function Late({ e, departments, techs, refresh, onChanged }: ListProps) {
  const { t } = useI18n();
  const data = useLoad(
    async () => {
      const [overdue, escalated, orders] = await Promise.all([
        get<Items<StaffComplaint>>(`/complaints/estates/${e}/complaints`, { overdue: true, limit: 100 }),
        get<Items<StaffComplaint>>(`/complaints/estates/${e}/complaints`, { escalated: true, limit: 100 }),
        lateOrders(e),
      ]);
      return {
        complaints: unique([...overdue.items, ...escalated.items], (c) => c.complaint_id),
        orders,
      };
    },
    [e, refresh],
    60_000,
  );
  const done = () => {
    void data.reload();
    onChanged();
  };
  return (
    <div data-testid="sup-late">
      <ErrorNote error={data.error} />
      <h2>{t("sup.lateComplaints")}</h2>
      {data.data && data.data.complaints.length === 0 && <p className="empty">{t("sup.noneLate")}</p>}
      <ul className="staff-list">
        {data.data?.complaints.map((c) => (
          <ComplaintRow key={c.complaint_id} estateId={e} c={c} departments={departments} onDone={done} />
        ))}
      </ul>
      <h2>{t("sup.lateOrders")}</h2>
      {data.data && data.data.orders.length === 0 && <p className="empty">{t("sup.noneLate")}</p>}
      <ul className="staff-list">
        {data.data?.orders.map((w) => (
          <WorkOrderRow key={w.work_order_id} estateId={e} w={w} roster={techs} onDone={done} lateWhy={w.late} />
        ))}
      </ul>
    </div>
  );
}

/** New and reopened complaints, orders waiting for a technician. */
function ToAssign({ e, departments, techs, refresh, onChanged }: ListProps) {
  const { t } = useI18n();
  const data = useLoad(
    async () => {
      const [received, reopened, waiting, back] = await Promise.all([
        get<Items<StaffComplaint>>(`/complaints/estates/${e}/complaints`, { status: "received", limit: 100 }),
        get<Items<StaffComplaint>>(`/complaints/estates/${e}/complaints`, { status: "reopened", limit: 100 }),
        get<Items<StaffWorkOrder>>(`/repairs/estates/${e}/work-orders`, { status: "awaiting_dispatch", limit: 100 }),
        get<Items<StaffWorkOrder>>(`/repairs/estates/${e}/work-orders`, { status: "reopened", limit: 100 }),
      ]);
      return { complaints: [...received.items, ...reopened.items], orders: [...waiting.items, ...back.items] };
    },
    [e, refresh],
    60_000,
  );
  const done = () => {
    void data.reload();
    onChanged();
  };
  return (
    <div data-testid="sup-assign">
      <ErrorNote error={data.error} />
      <h2>{t("sup.assignComplaints")}</h2>
      {data.data && data.data.complaints.length === 0 && <p className="empty">{t("sup.noneWaiting")}</p>}
      <ul className="staff-list">
        {data.data?.complaints.map((c) => (
          <ComplaintRow key={c.complaint_id} estateId={e} c={c} departments={departments} onDone={done} />
        ))}
      </ul>
      <h2>{t("sup.dispatchOrders")}</h2>
      {data.data && data.data.orders.length === 0 && <p className="empty">{t("sup.noneWaiting")}</p>}
      <ul className="staff-list">
        {data.data?.orders.map((w) => (
          <WorkOrderRow key={w.work_order_id} estateId={e} w={w} roster={techs} onDone={done} />
        ))}
      </ul>
    </div>
  );
}

const RATINGS = ["punctuality", "quality", "fee_fair", "attitude", "overall"] as const;
const TOLD_VIA = ["phone", "in_person", "sms", "app"] as const;
const SATISFACTION = ["satisfied", "basically_satisfied", "dissatisfied"] as const;
const REPLY_CHANNELS = ["phone", "in_person", "sms", "letter", "app"] as const;

/**
 * The follow-up visits owed: repairs' list, the overdue ones (past the seven days) first; from a
 * repairs without that list, every completed order.
 */
async function followUpsOwed(e: string): Promise<(StaffWorkOrder & { overdue?: boolean })[]> {
  try {
    const [overdue, due] = await Promise.all([
      get<Items<StaffWorkOrder>>(`/repairs/estates/${e}/follow-ups`, { view: "overdue" }),
      get<Items<StaffWorkOrder>>(`/repairs/estates/${e}/follow-ups`, { view: "due" }),
    ]);
    return [...overdue.items.map((w) => ({ ...w, overdue: true })), ...due.items];
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 404) throw err;
    return (await get<Items<StaffWorkOrder>>(`/repairs/estates/${e}/work-orders`, { status: "completed", limit: 100 })).items;
  }
}

/** Completed orders and resolved or replied complaints waiting for the call. */
function FollowUps({ e, departments, techs, refresh, onChanged }: ListProps) {
  const { t } = useI18n();
  const data = useLoad(
    async () => {
      const [orders, resolved, replied] = await Promise.all([
        followUpsOwed(e),
        get<Items<StaffComplaint>>(`/complaints/estates/${e}/complaints`, { status: "resolved", limit: 100 }),
        get<Items<StaffComplaint>>(`/complaints/estates/${e}/complaints`, { status: "replied", limit: 100 }),
      ]);
      return { orders, complaints: [...resolved.items, ...replied.items] };
    },
    [e, refresh],
    60_000,
  );
  const done = () => {
    void data.reload();
    onChanged();
  };
  return (
    <div data-testid="sup-follow-up">
      <ErrorNote error={data.error} />
      <h2>{t("sup.followOrders")}</h2>
      {data.data && data.data.orders.length === 0 && <p className="empty">{t("sup.noneWaiting")}</p>}
      <ul className="staff-list">
        {data.data?.orders.map((w) => (
          <WorkOrderRow
            key={w.work_order_id}
            estateId={e}
            w={w}
            roster={techs}
            onDone={done}
            lateWhy={w.overdue ? ["follow_up_overdue"] : undefined}
          >
            <OrderFollowUp e={e} w={w} onDone={done} />
          </WorkOrderRow>
        ))}
      </ul>
      <h2>{t("sup.followComplaints")}</h2>
      {data.data && data.data.complaints.length === 0 && <p className="empty">{t("sup.noneWaiting")}</p>}
      <ul className="staff-list">
        {data.data?.complaints.map((c) => (
          <ComplaintRow key={c.complaint_id} estateId={e} c={c} departments={departments} onDone={done}>
            {c.status === "resolved" ? <ComplaintReply e={e} c={c} onDone={done} /> : <ComplaintFollowUp e={e} c={c} onDone={done} />}
          </ComplaintRow>
        ))}
      </ul>
    </div>
  );
}

function OrderFollowUp({ e, w, onDone }: { e: string; w: StaffWorkOrder; onDone: () => void }) {
  const { t, tv } = useI18n();
  const [open, setOpen] = useState(false);
  const [scores, setScores] = useState<Record<string, number>>({ punctuality: 5, quality: 5, fee_fair: 5, attitude: 5, overall: 5 });
  const [repaired, setRepaired] = useState(true);
  const [via, setVia] = useState<string>("phone");
  const [note, setNote] = useState("");
  const act = useAction();
  const early = w.completed_at ? new Date(w.completed_at).toDateString() === new Date().toDateString() : false;
  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    const r = await act.run(() =>
      post(`/repairs/estates/${e}/work-orders/${w.work_order_id}/follow-up`, {
        ...scores,
        repaired,
        told_via: via,
        note: note.trim() || undefined,
      }),
    );
    if (r) {
      setOpen(false);
      onDone();
    }
  };
  if (!open) {
    return (
      <div className="actions">
        <button type="button" className="small-btn" data-row-action onClick={() => setOpen(true)}>
          {t("sup.recordFollowUp")}
        </button>
        {early && <span className="muted small">{t("sup.followUpFromTomorrow")}</span>}
      </div>
    );
  }
  return (
    <form className="follow-form" onSubmit={submit} aria-label={t("sup.recordFollowUp")}>
      <div className="row3">
        {RATINGS.map((k) => (
          <label key={k}>
            {t(`sup.rate.${k}` as MessageKey)}
            <select value={scores[k]} onChange={(ev) => setScores({ ...scores, [k]: Number(ev.target.value) })}>
              {[5, 4, 3, 2, 1].map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </label>
        ))}
        <label>
          {t("sup.toldVia")}
          <select value={via} onChange={(ev) => setVia(ev.target.value)}>
            {TOLD_VIA.map((v) => (
              <option key={v} value={v}>
                {tv("sup.via", v)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("sup.note")}
          <input value={note} onChange={(ev) => setNote(ev.target.value)} />
        </label>
      </div>
      <label className="check">
        <input type="checkbox" checked={repaired} onChange={(ev) => setRepaired(ev.target.checked)} />
        {t("sup.repaired")}
      </label>
      <div className="actions">
        <button type="submit" className="primary" disabled={act.busy}>
          {t("sup.saveFollowUp")}
        </button>
        <button type="button" className="link" onClick={() => setOpen(false)}>
          {t("common.cancel")}
        </button>
      </div>
      <ErrorNote error={act.error} />
    </form>
  );
}

function ComplaintReply({ e, c, onDone }: { e: string; c: StaffComplaint; onDone: () => void }) {
  const { t, tv } = useI18n();
  const [channel, setChannel] = useState<string>("phone");
  const [content, setContent] = useState("");
  const act = useAction();
  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    const r = await act.run(() =>
      post(`/complaints/estates/${e}/complaints/${c.complaint_id}/reply`, { channel, content: content.trim() }),
    );
    if (r) onDone();
  };
  return (
    <form className="inline-form" onSubmit={submit} aria-label={t("sup.reply")}>
      <label>
        {t("sup.replyVia")}
        <select value={channel} onChange={(ev) => setChannel(ev.target.value)}>
          {REPLY_CHANNELS.map((v) => (
            <option key={v} value={v}>
              {tv("sup.via", v)}
            </option>
          ))}
        </select>
      </label>
      <label className="grow">
        {t("sup.replyContent")}
        <input required value={content} onChange={(ev) => setContent(ev.target.value)} />
      </label>
      <button type="submit" className="primary" disabled={act.busy}>
        {t("sup.reply")}
      </button>
      <ErrorNote error={act.error} />
    </form>
  );
}

function ComplaintFollowUp({ e, c, onDone }: { e: string; c: StaffComplaint; onDone: () => void }) {
  const { t, tv } = useI18n();
  const [satisfaction, setSatisfaction] = useState<string>("satisfied");
  const [note, setNote] = useState("");
  const act = useAction();
  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    const r = await act.run(() =>
      post(`/complaints/estates/${e}/complaints/${c.complaint_id}/follow-up`, { satisfaction, note: note.trim() || undefined }),
    );
    if (r) onDone();
  };
  return (
    <form className="inline-form" onSubmit={submit} aria-label={t("sup.recordFollowUp")}>
      <label>
        {t("sup.satisfaction")}
        <select value={satisfaction} onChange={(ev) => setSatisfaction(ev.target.value)}>
          {SATISFACTION.map((v) => (
            <option key={v} value={v}>
              {tv("sup.sat", v)}
            </option>
          ))}
        </select>
      </label>
      <label className="grow">
        {t("sup.note")}
        <input value={note} onChange={(ev) => setNote(ev.target.value)} />
      </label>
      <button type="submit" className="primary" disabled={act.busy}>
        {t("sup.saveFollowUp")}
      </button>
      <ErrorNote error={act.error} />
    </form>
  );
}

/** Monday: approve last week's followed-up orders in one go. */
function Weekly({ e }: { e: string }) {
  const { t } = useI18n();
  const [week, setWeek] = useState(() => lastMonday(new Date()));
  const [done, setDone] = useState<string | null>(null);
  const [notMonday, setNotMonday] = useState(false);
  const act = useAction();
  const month = isoMonth(new Date());
  const rate = useLoad(() => get<FollowUpRate>(`/repairs/estates/${e}/follow-up-rate`, { month }), [e, month]);
  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    setDone(null);
    if (!isMonday(week)) {
      setNotMonday(true);
      return;
    }
    setNotMonday(false);
    const r = await act.run(() => post<{ approved: number }>(`/repairs/estates/${e}/weekly-approvals`, { week_start: week }));
    if (r) setDone(t("sup.approved", { n: r.approved, week }));
  };
  return (
    <div data-testid="sup-weekly">
      <form className="card" onSubmit={submit} aria-label={t("sup.tab.weekly")}>
        <p className="muted">{t("sup.weeklyHint")}</p>
        <div className="inline-form">
          <label>
            {t("sup.weekStart")}
            <input type="date" name="week_start" value={week} onChange={(ev) => setWeek(ev.target.value)} required />
          </label>
          <button type="submit" className="primary" disabled={act.busy}>
            {t("sup.approveWeek")}
          </button>
        </div>
        {notMonday && (
          <div className="note error" role="alert">
            {t("sup.notMonday")}
          </div>
        )}
        <ErrorNote error={act.error} />
        <OkNote text={done} />
      </form>
      {rate.data && <FollowUpRateCard r={rate.data} />}
      <ErrorNote error={rate.error} />
    </div>
  );
}

function percent(r: number | null | undefined): string {
  return r === null || r === undefined ? "—" : `${Math.round(r * 1000) / 10}%`;
}

function FollowUpRateCard({ r }: { r: FollowUpRate }) {
  const { t } = useI18n();
  return (
    <div className={`card ${r.below_floor ? "attention" : ""}`} data-testid="follow-up-rate">
      <h2>{t("sup.followUpRate", { month: r.month })}</h2>
      <p>
        {t("sup.followUpRateLine", { done: r.completed, followed: r.followed_up, rate: percent(r.rate), floor: percent(r.floor) })}
      </p>
      {r.below_floor && <p className="note warn">{t("sup.belowFloor")}</p>}
    </div>
  );
}

/** The month's figures of complaints and repairs, each with its CSV. */
function Stats({ e, techs }: { e: string; techs: RosterEntry[] }) {
  const { t, tv } = useI18n();
  const [month, setMonth] = useState(() => isoMonth(new Date()));
  const valid = /^\d{4}-\d{2}$/.test(month);
  const complaints = useLoad(
    () => (valid ? get<ComplaintStats>(`/complaints/estates/${e}/stats`, { month }) : Promise.resolve(null)),
    [e, month],
  );
  const repairs = useLoad(
    () => (valid ? get<{ rows: RepairStatRow[] }>(`/repairs/estates/${e}/stats`, { month }) : Promise.resolve(null)),
    [e, month],
  );
  const dl = useAction();
  const c = complaints.data;
  return (
    <div data-testid="sup-stats">
      <div className="inline-form">
        <label>
          {t("sup.month")}
          <input type="month" name="month" value={month} onChange={(ev) => setMonth(ev.target.value)} />
        </label>
      </div>
      <ErrorNote error={dl.error} />
      <div className="card">
        <div className="page-head">
          <h2>{t("sup.complaintStats")}</h2>
          <a
            href={`/api/v1/complaints/estates/${e}/stats.csv?month=${month}`}
            onClick={(ev) => {
              ev.preventDefault();
              void dl.run(() => downloadCsv(`/complaints/estates/${e}/stats.csv`, { month }, `complaints-${month}.csv`));
            }}
          >
            {t("sup.csv")}
          </a>
        </div>
        <ErrorNote error={complaints.error} />
        {c && (
          <>
            <dl className="facts inline">
              <div>
                <dt>{t("sup.st.received")}</dt>
                <dd data-testid="complaints-received">{c.totals.received}</dd>
              </div>
              <div>
                <dt>{t("sup.st.resolved")}</dt>
                <dd>{c.totals.resolved}</dd>
              </div>
              <div>
                <dt>{t("sup.st.validity")}</dt>
                <dd>{percent(c.rates.validity)}</dd>
              </div>
              <div>
                <dt>{t("sup.st.onTime")}</dt>
                <dd>{percent(c.rates.on_time)}</dd>
              </div>
              <div>
                <dt>{t("sup.st.satisfaction")}</dt>
                <dd>{percent(c.rates.satisfaction)}</dd>
              </div>
              <div>
                <dt>{t("sup.st.followUp")}</dt>
                <dd>{percent(c.rates.follow_up)}</dd>
              </div>
            </dl>
            <HandIn e={e} month={month} c={c} reload={complaints.reload} />
            {c.by_type.length > 0 && (
              <table className="list">
                <thead>
                  <tr>
                    <th>{t("sup.st.type")}</th>
                    <th>{t("complaints.severity")}</th>
                    <th>{t("sup.st.received")}</th>
                    <th>{t("sup.st.resolved")}</th>
                    <th>{t("sup.st.onTimeCount")}</th>
                  </tr>
                </thead>
                <tbody>
                  {c.by_type.map((r, i) => (
                    <tr key={i}>
                      <td data-label={t("sup.st.type")}>{tv("sup.type", r.type ?? r.complaint_type)}</td>
                      <td data-label={t("complaints.severity")}>{tv("complaints.severity", r.severity)}</td>
                      <td data-label={t("sup.st.received")}>{r.received}</td>
                      <td data-label={t("sup.st.resolved")}>{r.resolved}</td>
                      <td data-label={t("sup.st.onTimeCount")}>{r.on_time}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </>
        )}
      </div>
      <div className="card">
        <div className="page-head">
          <h2>{t("sup.repairStats")}</h2>
          <a
            href={`/api/v1/repairs/estates/${e}/stats.csv?month=${month}`}
            onClick={(ev) => {
              ev.preventDefault();
              void dl.run(() => downloadCsv(`/repairs/estates/${e}/stats.csv`, { month }, `repairs-${month}.csv`));
            }}
          >
            {t("sup.csv")}
          </a>
        </div>
        <ErrorNote error={repairs.error} />
        {repairs.data && repairs.data.rows.length === 0 && <p className="empty">{t("sup.noFigures")}</p>}
        {repairs.data && repairs.data.rows.length > 0 && (
          <table className="list" data-testid="repair-stats">
            <thead>
              <tr>
                <th>{t("sup.st.by")}</th>
                <th>{t("sup.st.orders")}</th>
                <th>{t("sup.st.completed")}</th>
                <th>{t("sup.st.onTimeArrival")}</th>
                <th>{t("sup.st.avgMinutes")}</th>
                <th>{t("sup.st.followedUp")}</th>
                <th>{t("sup.st.avgRating")}</th>
                <th>{t("sup.st.revenue")}</th>
              </tr>
            </thead>
            <tbody>
              {repairs.data.rows.map((r) => (
                <tr key={`${r.by}-${r.key}`}>
                  <td data-label={t("sup.st.by")}>
                    {r.by === "kind"
                      ? tv("workOrders.kind", r.key)
                      : r.key === "unassigned"
                        ? t("sup.unassigned")
                        : (techs.find((x) => x.technician_id === r.key)?.name ?? r.key)}
                    <span className="muted small"> {tv("sup.by", r.by)}</span>
                  </td>
                  <td data-label={t("sup.st.orders")}>{r.orders}</td>
                  <td data-label={t("sup.st.completed")}>{r.completed}</td>
                  <td data-label={t("sup.st.onTimeArrival")}>
                    {r.arrived_on_time}/{r.with_appointment}
                  </td>
                  <td data-label={t("sup.st.avgMinutes")}>{r.avg_minutes_to_complete === null ? "—" : Math.round(r.avg_minutes_to_complete)}</td>
                  <td data-label={t("sup.st.followedUp")}>{r.followed_up}</td>
                  <td data-label={t("sup.st.avgRating")}>{r.avg_overall === null ? "—" : r.avg_overall.toFixed(2)}</td>
                  <td data-label={t("sup.st.revenue")}>{formatFen(r.revenue_fen)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <Fees e={e} month={month} valid={valid} />
    </div>
  );
}

/**
 * Handing in the month's complaints report (from the 25th, once): before, the action; after,
 * when and the figures as handed in with the live figures and what moved since beside them.
 */
function HandIn({ e, month, c, reload }: { e: string; month: string; c: ComplaintStats; reload: () => Promise<void> }) {
  const { t } = useI18n();
  const act = useAction();
  const [done, setDone] = useState<string | null>(null);
  if (!c.frozen) {
    return (
      <div className="inline-form" data-testid="hand-in-form">
        <button
          type="button"
          data-testid="hand-in"
          disabled={act.busy}
          onClick={() =>
            void act.run(() => post<ComplaintStats>(`/complaints/estates/${e}/stats/freeze`, { month })).then(async (r) => {
              if (!r) return;
              setDone(t("sup.handIn.done", { month }));
              await reload();
            })
          }
        >
          {t("sup.handIn.action")}
        </button>
        <span className="muted small">{t("sup.handIn.hint")}</span>
        <ErrorNote error={act.error} />
      </div>
    );
  }
  const lines = handedInLines(c, t);
  return (
    <div data-testid="handed-in">
      <OkNote text={done} />
      <p data-testid="handed-in-when">{t("sup.handIn.frozen", { month: c.month, at: formatTime(c.frozen.frozen_at) })}</p>
      <p data-testid="handed-in-movement">{movementSentence(c, t)}</p>
      <table className="list" data-testid="handed-in-figures">
        <thead>
          <tr>
            <th>{t("sup.handIn.figure")}</th>
            <th className="num">{t("sup.handIn.handed")}</th>
            <th className="num">{t("sup.handIn.live")}</th>
            <th className="num">{t("sup.handIn.movement")}</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((l) => (
            <tr key={l.figure} data-figure={l.figure}>
              <td data-label={t("sup.handIn.figure")}>{l.label}</td>
              <td data-label={t("sup.handIn.handed")} className="num">
                {l.handed}
              </td>
              <td data-label={t("sup.handIn.live")} className="num">
                {l.live}
              </td>
              <td data-label={t("sup.handIn.movement")} className={`num${l.movement ? " office-off" : ""}`}>
                {signed(l.movement)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
