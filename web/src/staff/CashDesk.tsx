// The cash desk (收银): open the drawer with its float, find a unit, see what it owes, take a
// payment (typed in yuan, sent in whole fen), go to its receipt; close the drawer with the count
// per method against what it should hold, and hand the takings to finance.

import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { ApiError, get, post } from "../api/client";
import { ErrorNote, OkNote } from "../components/ErrorNote";
import { Link } from "../components/Link";
import { useAction, useLoad } from "../components/useLoad";
import { useI18n } from "../i18n";
import { formatTime } from "../lib/format";
import { digitOf, plain, useKeys } from "../lib/keys";
import { navigate, paths, queryParam, usePath } from "../lib/router";
import type { DeskProps } from "../screens/DeskShell";
import "./shortcuts";
import { isoDay } from "./dates";
import { downloadCsv } from "./download";
import { closeBody, countOf, expectedOf } from "./drawer";
import { formatFen, newPaymentKey, parseYuan } from "./money";
import { METHODS, type CashSession, type Charges, type Method, type PaymentRow, type ReceiptsList } from "./types";

/** The caller's open drawer, or null when none is open. */
async function currentDrawer(e: string): Promise<CashSession | null> {
  try {
    return await get<CashSession>(`/billing/estates/${e}/cash-sessions/current`);
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return null;
    throw err;
  }
}


export function CashDesk({ estate, session }: DeskProps) {
  const { t } = useI18n();
  const e = estate.estate_id;
  const drawer = useLoad(() => currentDrawer(e), [e]);
  const [closed, setClosed] = useState<CashSession | null>(null);
  const [dayTick, setDayTick] = useState(0);

  return (
    <section aria-labelledby="cash-title" className="cash">
      <div className="page-head">
        <h1 id="cash-title">{t("cash.title")}</h1>
        <span className="muted small">{t("cash.keys")}</span>
      </div>
      <ErrorNote error={drawer.error} />
      {drawer.data === null && !drawer.loading && (
        <OpenDrawer
          e={e}
          onOpened={() => {
            setClosed(null);
            void drawer.reload();
          }}
        />
      )}
      {closed && <ClosedDrawer e={e} s={closed} onHandedOver={(s) => { setClosed(s); setDayTick((x) => x + 1); }} />}
      {drawer.data && <DrawerHead s={drawer.data} />}
      <TakePayment e={e} drawerOpen={!!drawer.data} />
      {drawer.data && (
        <>
          <CloseDrawer
            s={drawer.data}
            e={e}
            onClosed={(s) => {
              setClosed(s);
              setDayTick((x) => x + 1);
              void drawer.reload();
            }}
          />
        </>
      )}
      <TodaysReceipts e={e} tick={dayTick} />
      <TodaysDrawers
        e={e}
        me={session.staff.staff_id}
        shown={closed?.session_id}
        tick={dayTick}
        onHandedOver={() => setDayTick((x) => x + 1)}
      />
    </section>
  );
}

function OpenDrawer({ e, onOpened }: { e: string; onOpened: () => void }) {
  const { t } = useI18n();
  const [float, setFloat] = useState("");
  const [bad, setBad] = useState(false);
  const act = useAction();
  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    const fen = float.trim() === "" ? 0 : parseYuan(float);
    setBad(fen === null);
    if (fen === null) return;
    const r = await act.run(() => post<CashSession>(`/billing/estates/${e}/cash-sessions`, { opening_float_fen: fen }));
    if (r) onOpened();
  };
  return (
    <form className="card" onSubmit={submit} aria-label={t("cash.openDrawer")} data-testid="open-drawer">
      <h2>{t("cash.drawerClosed")}</h2>
      <div className="inline-form">
        <label>
          {t("cash.openingFloat")}
          <input name="opening_float" inputMode="decimal" autoFocus placeholder="0.00" value={float} onChange={(ev) => setFloat(ev.target.value)} />
        </label>
        <button type="submit" className="primary" disabled={act.busy}>
          {t("cash.openDrawer")}
        </button>
      </div>
      {bad && (
        <div className="note error" role="alert">
          {t("cash.amountBad")}
        </div>
      )}
      <ErrorNote error={act.error} />
    </form>
  );
}

function DrawerHead({ s }: { s: CashSession }) {
  const { t, tv } = useI18n();
  const takings = s.takings ?? {};
  return (
    <div className="card drawer-head" data-testid="drawer-open">
      <strong>{t("cash.drawerOpen", { at: formatTime(s.opened_at) })}</strong>{" "}
      <span className="muted">{t("cash.float", { amount: formatFen(s.opening_float_fen) })}</span>
      <div className="muted small">
        {METHODS.filter((m) => takings[m]).map((m) => (
          <span key={m} className="taking">
            {tv("cash.method", m)} {formatFen(takings[m])}
          </span>
        ))}
      </div>
    </div>
  );
}

const UNIT_ID = "cash-unit";
const AMOUNT_ID = "cash-amount";

function TakePayment({ e, drawerOpen }: { e: string; drawerOpen: boolean }) {
  const { t, tv } = useI18n();
  const [unit, setUnit] = useState(() => (queryParam("unit") ?? "").toUpperCase());
  const [shown, setShown] = useState<string | null>(() => queryParam("unit")?.toUpperCase() || null);
  const [method, setMethod] = useState<Method>("cash");
  const [amount, setAmount] = useState("");
  const [bad, setBad] = useState(false);
  // The charges the payer chose, in the order chosen; none: the oldest first.
  const [chosen, setChosen] = useState<string[]>([]);
  const [showPaid, setShowPaid] = useState(false);
  const idem = useRef(newPaymentKey());
  const charges = useLoad(
    async () => {
      if (!shown) return null;
      const c = await get<Charges>(`/billing/estates/${e}/charges`, { unit_label: shown });
      // ?for= names what the payer came to pay (e.g. a pass: its card fee and deposit), chosen
      // for them; otherwise everything owed, the oldest first.
      const source = queryParam("for");
      const pre = source
        ? c.items.filter(
            (x) => x.amount_fen > x.paid_fen && (x.source_id === source || x.source_id.startsWith(`${source}/`)),
          )
        : [];
      const owed = pre.length ? pre.reduce((sum, x) => sum + x.amount_fen - x.paid_fen, 0) : c.owed_fen;
      setAmount(owed > 0 ? formatFen(owed) : "");
      setChosen(pre.map((x) => x.charge_id));
      return c;
    },
    [e, shown],
  );
  const act = useAction();

  // A unit picked in the header's search box arrives as ?unit=.
  const address = usePath();
  useEffect(() => {
    const u = new URLSearchParams(address.split("?")[1] ?? "").get("unit");
    if (u && u.toUpperCase() !== shown) {
      setUnit(u.toUpperCase());
      setShown(u.toUpperCase());
    }
    // Only a new address moves the unit; typing does not.
  }, [address]);

  useKeys((ev, typing) => {
    if (ev.altKey && !ev.ctrlKey && !ev.metaKey) {
      const d = digitOf(ev);
      if (d && d <= METHODS.length) {
        setMethod(METHODS[d - 1]);
        return true;
      }
    }
    if (typing || !plain(ev) || ev.shiftKey) return false;
    const k = ev.key.toLowerCase();
    if (k === "u") {
      document.getElementById(UNIT_ID)?.focus();
      return true;
    }
    if (k === "a") {
      document.getElementById(AMOUNT_ID)?.focus();
      return true;
    }
    const d = Number(ev.key);
    if (shown && d >= 1 && d <= METHODS.length) {
      setMethod(METHODS[d - 1]);
      return true;
    }
    return false;
  });

  const find = (ev: FormEvent) => {
    ev.preventDefault();
    const u = unit.trim().toUpperCase();
    if (!u) return;
    setUnit(u);
    if (u === shown) void charges.reload();
    setShown(u);
    // What the payer came to pay (?for=) stays chosen while the unit stays the same.
    const source = u === shown ? queryParam("for") : null;
    const rest = source ? `&for=${encodeURIComponent(source)}` : "";
    history.replaceState(null, "", `${location.pathname}?unit=${encodeURIComponent(u)}${rest}`);
    window.setTimeout(() => document.getElementById(AMOUNT_ID)?.focus(), 0);
  };

  const pay = async (ev?: FormEvent) => {
    ev?.preventDefault();
    if (!shown) return;
    const fen = parseYuan(amount);
    setBad(fen === null || fen <= 0);
    if (fen === null || fen <= 0) return;
    const p = await act.run(() =>
      post<PaymentRow>(
        `/billing/estates/${e}/payments`,
        { unit_label: shown, method, amount_fen: fen, ...(chosen.length ? { charge_ids: chosen } : {}) },
        idem.current,
      ),
    );
    if (p) {
      idem.current = newPaymentKey();
      navigate(paths.receipt(e, p.payment_id));
    }
  };

  const c = charges.data;
  const open = c?.items.filter((x) => x.amount_fen > x.paid_fen) ?? [];
  const choose = (id: string, on: boolean) => {
    const next = on ? [...chosen, id] : chosen.filter((x) => x !== id);
    setChosen(next);
    const owed = (ids: string[]) =>
      open.filter((x) => ids.length === 0 || ids.includes(x.charge_id)).reduce((sum, x) => sum + x.amount_fen - x.paid_fen, 0);
    setAmount(formatFen(owed(next)));
  };
  const onCtrlEnter = (ev: KeyboardEvent) => {
    if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) {
      ev.preventDefault();
      void pay();
    }
  };

  return (
    <div className="card" data-testid="take-payment">
      <form className="inline-form" onSubmit={find} aria-label={t("cash.findUnit")}>
        <label>
          <span>
            {t("cash.unit")} <kbd>U</kbd>
          </span>
          <input id={UNIT_ID} name="unit_label" autoComplete="off" placeholder="1-1-101" value={unit} onChange={(ev) => setUnit(ev.target.value)} />
        </label>
        <button type="submit">{t("cash.find")}</button>
      </form>
      <ErrorNote error={charges.error} />
      {c && shown && (
        <>
          <h2>
            <span className="unit big">{shown}</span> {t("cash.owed")}{" "}
            <span className="money" data-testid="owed">
              {formatFen(c.owed_fen)}
            </span>
          </h2>
          {c.items.length === 0 && <p className="empty">{t("cash.noCharges")}</p>}
          {c.items.length > open.length && (
            <button type="button" className="link" onClick={() => setShowPaid((x) => !x)}>
              {showPaid ? t("cash.hidePaid") : t("cash.showPaid", { n: c.items.length - open.length })}
            </button>
          )}
          {(showPaid ? c.items : open).length > 0 && (
            <table className="list" data-testid="charges">
              <thead>
                <tr>
                  <th aria-label={t("cash.choose")} />
                  <th>{t("cash.item")}</th>
                  <th>{t("cash.period")}</th>
                  <th>{t("cash.amount")}</th>
                  <th>{t("cash.paid")}</th>
                  <th>{t("cash.toPay")}</th>
                </tr>
              </thead>
              <tbody>
                {(showPaid ? c.items : open).map((x) => (
                  <tr key={x.charge_id} className={x.amount_fen > x.paid_fen ? "" : "muted"}>
                    <td>
                      {x.amount_fen > x.paid_fen && (
                        <input
                          type="checkbox"
                          aria-label={t("cash.chooseThis", { item: x.description })}
                          checked={chosen.includes(x.charge_id)}
                          onChange={(ev) => choose(x.charge_id, ev.target.checked)}
                        />
                      )}
                    </td>
                    <td data-label={t("cash.item")}>
                      {x.description} <span className="muted small">{tv("cash.source", x.source)}</span>
                    </td>
                    <td data-label={t("cash.period")}>{x.period ?? formatTime(x.created_at)}</td>
                    <td data-label={t("cash.amount")} className="money">
                      {formatFen(x.amount_fen)}
                    </td>
                    <td data-label={t("cash.paid")} className="money">
                      {formatFen(x.paid_fen)}
                    </td>
                    <td data-label={t("cash.toPay")} className="money">
                      {formatFen(x.amount_fen - x.paid_fen)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {open.length > 0 && !drawerOpen && <p className="note warn">{t("cash.openToTake")}</p>}
          {open.length > 0 && drawerOpen && (
            <form className="pay-form" onSubmit={pay} onKeyDown={onCtrlEnter} aria-label={t("cash.takePayment")}>
              <div className="seg" role="radiogroup" aria-label={t("cash.method")}>
                {METHODS.map((m, i) => (
                  <button
                    key={m}
                    type="button"
                    role="radio"
                    aria-checked={method === m}
                    className={method === m ? "on" : ""}
                    onClick={() => setMethod(m)}
                  >
                    {tv("cash.method", m)} <kbd>{i + 1}</kbd>
                  </button>
                ))}
              </div>
              <div className="inline-form">
                <label>
                  <span>
                    {t("cash.amountYuan")} <kbd>A</kbd>
                  </span>
                  <input
                    id={AMOUNT_ID}
                    name="amount"
                    inputMode="decimal"
                    autoComplete="off"
                    className="money-input"
                    value={amount}
                    onChange={(ev) => setAmount(ev.target.value)}
                  />
                </label>
                <button type="submit" className="primary" disabled={act.busy}>
                  {t("cash.take")} <kbd>Ctrl</kbd>
                  <kbd>Enter</kbd>
                </button>
              </div>
              {bad && (
                <div className="note error" role="alert">
                  {t("cash.amountBad")}
                </div>
              )}
              <ErrorNote error={act.error} />
            </form>
          )}
        </>
      )}
    </div>
  );
}

function CloseDrawer({ s, e, onClosed }: { s: CashSession; e: string; onClosed: (s: CashSession) => void }) {
  const { t, tv } = useI18n();
  const [open, setOpen] = useState(false);
  const [counted, setCounted] = useState<Record<string, string>>({});
  const act = useAction();
  const expected = expectedOf(s);

  useKeys((ev, typing) => {
    if (typing || !plain(ev) || ev.shiftKey || ev.key.toLowerCase() !== "x") return false;
    setOpen(true);
    window.setTimeout(() => document.getElementById("count-cash")?.focus(), 0);
    return true;
  });

  const count = countOf(expected, counted);
  const parsed = count.counted;
  const allGood = count.total !== null;
  const diff = (m: string) => count.difference[m];
  const total = count.total ?? 0;

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    if (!allGood) return;
    const body = closeBody(expected, count);
    const r = await act.run(() => post<CashSession>(`/billing/estates/${e}/cash-sessions/${s.session_id}/close`, { counted: body }));
    if (r) {
      setOpen(false);
      onClosed(r);
    }
  };

  if (!open) {
    return (
      <div className="actions">
        <button type="button" onClick={() => setOpen(true)}>
          {t("cash.closeDrawer")} <kbd>X</kbd>
        </button>
      </div>
    );
  }
  return (
    <form className="card" onSubmit={submit} aria-label={t("cash.closeDrawer")} data-testid="close-drawer">
      <h2>{t("cash.countTitle")}</h2>
      <table className="list count">
        <thead>
          <tr>
            <th>{t("cash.method")}</th>
            <th>{t("cash.expected")}</th>
            <th>{t("cash.counted")}</th>
            <th>{t("cash.difference")}</th>
          </tr>
        </thead>
        <tbody>
          {METHODS.map((m) => (
            <tr key={m}>
              <td data-label={t("cash.method")}>{tv("cash.method", m)}</td>
              <td data-label={t("cash.expected")} className="money">
                {formatFen(expected[m] ?? 0)}
              </td>
              <td data-label={t("cash.counted")}>
                <input
                  id={`count-${m}`}
                  name={`count_${m}`}
                  aria-label={t("cash.countedOf", { method: tv("cash.method", m) })}
                  inputMode="decimal"
                  className="money-input"
                  placeholder="0.00"
                  value={counted[m] ?? ""}
                  onChange={(ev) => setCounted({ ...counted, [m]: ev.target.value })}
                />
              </td>
              <td data-label={t("cash.difference")} className={`money ${parsed[m] !== null && diff(m) !== 0 ? "off" : ""}`}>
                {parsed[m] === null ? t("cash.notAnAmount") : formatFen(diff(m))}
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <td colSpan={3}>{t("cash.totalDifference")}</td>
            <td className={`money ${total !== 0 ? "off" : ""}`}>{allGood ? formatFen(total) : "—"}</td>
          </tr>
        </tfoot>
      </table>
      <div className="actions">
        <button type="submit" className="primary" disabled={act.busy || !allGood}>
          {t("cash.confirmClose")}
        </button>
        <button type="button" className="link" onClick={() => setOpen(false)}>
          {t("common.cancel")}
        </button>
      </div>
      <ErrorNote error={act.error} />
    </form>
  );
}

function ClosedDrawer({ e, s, onHandedOver }: { e: string; s: CashSession; onHandedOver: (s: CashSession) => void }) {
  const { t, tv } = useI18n();
  const act = useAction();
  const expected = s.expected ?? {};
  const counted = s.counted ?? {};
  const methods = METHODS.filter((m) => expected[m] !== undefined || counted[m] !== undefined);
  const hand = async () => {
    const r = await act.run(() => post<CashSession>(`/billing/estates/${e}/cash-sessions/${s.session_id}/hand-over`, {}));
    if (r) onHandedOver(r);
  };
  return (
    <div className="card" data-testid="drawer-closed">
      <h2>{t("cash.closedAt", { at: formatTime(s.closed_at) })}</h2>
      <table className="list count">
        <thead>
          <tr>
            <th>{t("cash.method")}</th>
            <th>{t("cash.expected")}</th>
            <th>{t("cash.counted")}</th>
            <th>{t("cash.difference")}</th>
          </tr>
        </thead>
        <tbody>
          {methods.map((m) => (
            <tr key={m}>
              <td data-label={t("cash.method")}>{tv("cash.method", m)}</td>
              <td data-label={t("cash.expected")} className="money">
                {formatFen(expected[m] ?? 0)}
              </td>
              <td data-label={t("cash.counted")} className="money">
                {formatFen(counted[m] ?? 0)}
              </td>
              <td data-label={t("cash.difference")} className="money">
                {formatFen((counted[m] ?? 0) - (expected[m] ?? 0))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className={`difference ${s.difference_fen ? "off" : "even"}`}>
        {t("cash.differenceIs")} <strong data-testid="difference">{formatFen(s.difference_fen ?? 0)}</strong>
        {s.difference_fen === 0 && ` · ${t("cash.balanced")}`}
      </p>
      {s.hand_over_due && !s.handed_over_at && <p className="muted">{t("cash.handOverBy", { at: formatTime(s.hand_over_due) })}</p>}
      {s.handed_over_at ? (
        <OkNote text={s.handed_over_late ? t("cash.handedOverLate", { at: formatTime(s.handed_over_at) }) : t("cash.handedOver", { at: formatTime(s.handed_over_at) })} />
      ) : (
        <div className="actions">
          <button type="button" className="primary" disabled={act.busy} onClick={() => void hand()}>
            {t("cash.handOver")}
          </button>
        </div>
      )}
      <ErrorNote error={act.error} />
    </div>
  );
}

function TodaysReceipts({ e, tick }: { e: string; tick: number }) {
  const { t, tv } = useI18n();
  const today = isoDay(new Date());
  const [from, setFrom] = useState(today);
  const [to, setTo] = useState(today);
  const ok = /^\d{4}-\d{2}-\d{2}$/.test(from) && /^\d{4}-\d{2}-\d{2}$/.test(to);
  const list = useLoad(
    () => (ok ? get<ReceiptsList>(`/billing/estates/${e}/payments`, { from, to }) : Promise.resolve(null)),
    [e, from, to, tick],
  );
  const dl = useAction();
  if (list.error && list.error instanceof ApiError && list.error.status === 404) return null;
  return (
    <div className="card" data-testid="receipts-today">
      <div className="page-head">
        <h2>{from === today && to === today ? t("cash.receiptsToday") : t("cash.receipts")}</h2>
        <a
          href={`/api/v1/billing/estates/${e}/receipts.csv?from=${from}&to=${to}`}
          onClick={(ev) => {
            ev.preventDefault();
            void dl.run(() => downloadCsv(`/billing/estates/${e}/receipts.csv`, { from, to }, `receipts-${from}-${to}.csv`));
          }}
        >
          {t("sup.csv")}
        </a>
      </div>
      <div className="inline-form">
        <label>
          {t("cash.from")}
          <input type="date" name="from" value={from} max={to} onChange={(ev) => setFrom(ev.target.value)} />
        </label>
        <label>
          {t("cash.to")}
          <input type="date" name="to" value={to} min={from} onChange={(ev) => setTo(ev.target.value)} />
        </label>
      </div>
      <ErrorNote error={list.error ?? dl.error} />
      {list.data && list.data.items.length === 0 && <p className="empty">{t("cash.noReceipts")}</p>}
      {list.data && list.data.items.length > 0 && (
        <>
          <p className="muted small">
            {t("cash.receiptsSummary", { n: list.data.summary.receipts, net: formatFen(list.data.summary.net_fen) })}
          </p>
          <table className="list">
            <tbody>
              {list.data.items.map((p) => (
                <tr key={p.payment_id}>
                  <td data-label={t("cash.receiptNo")}>
                    <Link to={paths.receipt(e, p.payment_id)}>{p.receipt_no}</Link>
                  </td>
                  <td data-label={t("col.time")}>{formatTime(p.taken_at)}</td>
                  <td data-label={t("cash.unit")}>
                    <span className="unit">{p.unit_label}</span>
                  </td>
                  <td data-label={t("cash.method")}>{tv("cash.method", p.method)}</td>
                  <td data-label={t("cash.amount")} className="money">
                    {formatFen(p.amount_fen)}
                  </td>
                  <td>{p.reversal && <span className="badge urg-due">{tv("cash.reversal", p.reversal)}</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}

function TodaysDrawers({
  e,
  me,
  shown,
  tick,
  onHandedOver,
}: {
  e: string;
  me: string;
  shown?: string;
  tick: number;
  onHandedOver: () => void;
}) {
  const { t } = useI18n();
  const day = isoDay(new Date());
  const list = useLoad(() => get<{ items: CashSession[] }>(`/billing/estates/${e}/cash-sessions`, { day }), [e, day, tick]);
  const act = useAction();
  // Only what still waits: my closed drawers not yet with finance.
  const waiting = list.data?.items.filter((s) => s.cashier === me && s.closed_at && !s.handed_over_at && s.session_id !== shown) ?? [];
  if (waiting.length === 0) return null;
  return (
    <div className="card" data-testid="waiting-hand-over">
      <h2>{t("cash.waitingHandOver")}</h2>
      <ul className="items">
        {waiting.map((s) => (
          <li key={s.session_id}>
            {t("cash.closedAt", { at: formatTime(s.closed_at) })} · {t("cash.differenceIs")} {formatFen(s.difference_fen ?? 0)}{" "}
            <button
              type="button"
              className="small-btn"
              disabled={act.busy}
              onClick={() =>
                void act.run(() => post(`/billing/estates/${e}/cash-sessions/${s.session_id}/hand-over`, {})).then((r) => {
                  if (r) onHandedOver();
                })
              }
            >
              {t("cash.handOver")}
            </button>
          </li>
        ))}
      </ul>
      <ErrorNote error={act.error} />
    </div>
  );
}
