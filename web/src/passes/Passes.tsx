// Passes (证件): issue a resident, tenant or temporary pass with its fees shown first, send the
// holder to the cash desk for them, and keep the register: find by unit, kind, status or
// expiry, renew a tenant pass, take a pass back (its deposit is then refunded); a pass's number
// opens its trail (paid, payment reversed and back to pending).

import { Fragment, useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { get, post } from "../api/client";
import type { Resident, UnitCard } from "../api/types";
import { Link } from "../components/Link";
import { useAction, useLoad } from "../components/useLoad";
import { useAddKey } from "../components/useAddKey";
import { useI18n } from "../i18n";
import { fenToYuan, formatPhone } from "../lib/format";
import { digitOf, plain, useKeys } from "../lib/keys";
import { hasAnyRole, PASS_WRITE_ROLES } from "../lib/roles";
import { navigate, paths, usePath } from "../lib/router";
import { findUnitId } from "../lib/units";
import type { DeskProps } from "../screens/DeskShell";
import { PassTrail } from "./PassTrail";
import type { PassPage, PassStatus, PassView } from "./types";
import { estateToday, feesOf, longestUntil, newIssueKey, PASS_KINDS, PassError, RENEWAL_FEE_FEN, type PassKind } from "./words";

const OTHER = "";

interface Draft {
  kind: PassKind;
  unit: string;
  holder: string;
  owner: string;
  name: string;
  phone: string;
  idNumber: string;
  until: string;
}

const EMPTY: Draft = { kind: "tenant", unit: "", holder: OTHER, owner: OTHER, name: "", phone: "", idNumber: "", until: "" };

interface Filter {
  unit: string;
  kind: string;
  status: string;
  days: string;
}

const NO_FILTER: Filter = { unit: "", kind: "", status: "", days: "" };

const yuan = (fen: number) => `¥${fenToYuan(fen)}`;

/** The registry's phone as the desk reads it; a masked one is not copied onto the pass. */
function phoneOf(r: Resident): string {
  return r.phone && !r.phone.includes("*") ? formatPhone(r.phone) : "";
}

/** Who the pass is for, by kind: the registered people who may hold it. */
function holdersFor(kind: PassKind, residents: Resident[]): Resident[] {
  const active = residents.filter((r) => r.active);
  if (kind === "tenant") return active.filter((r) => r.relation === "tenant");
  if (kind === "resident") return active.filter((r) => r.relation !== "tenant");
  return [];
}

export function Passes({ estate, session }: DeskProps) {
  const { t, tv } = useI18n();
  const e = estate.estate_id;
  const canIssue = hasAnyRole(session.staff, PASS_WRITE_ROLES);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [card, setCard] = useState<UnitCard | null>(null);
  const [unitMissing, setUnitMissing] = useState<string | null>(null);
  const [issued, setIssued] = useState<PassView | null>(null);
  const [filter, setFilter] = useState<Filter>(NO_FILTER);
  const [applied, setApplied] = useState<Filter>(NO_FILTER);
  const [older, setOlder] = useState<PassView[]>([]);
  const [next, setNext] = useState<number | null>(null);
  const [confirm, setConfirm] = useState<string | null>(null);
  const [opened, setOpened] = useState<string | null>(null);
  const [done, setDone] = useState<{ pass: PassView; what: "returned" | "renewed" } | null>(null);
  const idem = useRef(newIssueKey());
  const first = useRef<HTMLInputElement>(null);
  useAddKey(first);
  const issuing = useAction();
  const acting = useAction();
  const looking = useAction();

  const query = (f: Filter, before?: number) => ({
    unit_label: f.unit.trim() || undefined,
    kind: f.kind || undefined,
    status: f.status || undefined,
    expiring_within_days: f.days.trim() || undefined,
    before,
  });
  const register = useLoad(
    async () => {
      const p = await get<PassPage>(`/documents/estates/${e}/passes`, query(applied));
      setOlder([]);
      setNext(p.next_before);
      return p;
    },
    [e, applied],
  );

  // A unit (and person) picked in the header's search box arrives as ?unit=…&resident=….
  const address = usePath();
  useEffect(() => {
    const q = new URLSearchParams(address.split("?")[1] ?? "");
    const unit = q.get("unit");
    if (unit) void lookUp(unit, q.get("resident") ?? undefined);
    // Only a new address moves the form; typing does not.
  }, [address]);

  const lookUp = async (label: string, resident?: string) => {
    const want = label.trim().toUpperCase();
    setUnitMissing(null);
    if (!want) {
      setCard(null);
      return;
    }
    const c = await looking.run(async () => {
      const id = await findUnitId(e, want);
      if (!id) return null;
      return get<UnitCard>(`/documents/estates/${e}/units/${id}`);
    });
    if (c === undefined) return;
    if (c === null) {
      setCard(null);
      setUnitMissing(want);
      setDraft((d) => ({ ...d, unit: want, holder: OTHER, owner: OTHER }));
      return;
    }
    setCard(c);
    setDraft((d) => {
      const picked = resident ? c.residents.find((r) => r.resident_id === resident) : undefined;
      const kind: PassKind = picked ? (picked.relation === "tenant" ? "tenant" : "resident") : d.kind;
      const holders = holdersFor(kind, c.residents);
      const holder = picked ?? (kind === "temporary" ? undefined : holders[0]);
      const owners = c.residents.filter((r) => r.active && r.relation === "owner");
      return {
        ...d,
        kind,
        unit: c.unit.label,
        holder: holder?.resident_id ?? OTHER,
        owner: owners[0]?.resident_id ?? OTHER,
        name: holder ? holder.name : d.holder !== OTHER ? "" : d.name,
        phone: holder ? phoneOf(holder) : d.holder !== OTHER ? "" : d.phone,
      };
    });
  };

  const setKind = (kind: PassKind) => {
    setDraft((d) => {
      if (!card) return { ...d, kind };
      const holders = holdersFor(kind, card.residents);
      const keep = holders.find((r) => r.resident_id === d.holder);
      const holder = kind === "temporary" ? undefined : (keep ?? holders[0]);
      const wasRegistered = d.holder !== OTHER;
      return {
        ...d,
        kind,
        holder: holder?.resident_id ?? OTHER,
        name: holder ? holder.name : wasRegistered ? "" : d.name,
        phone: holder ? phoneOf(holder) : wasRegistered ? "" : d.phone,
      };
    });
  };

  const pickHolder = (id: string) => {
    const r = card?.residents.find((x) => x.resident_id === id);
    setDraft((d) => ({ ...d, holder: id, name: r ? r.name : "", phone: r ? phoneOf(r) : "" }));
  };

  const issue = async (ev?: FormEvent) => {
    ev?.preventDefault();
    if (issuing.busy) return;
    const body: Record<string, unknown> = {
      kind: draft.kind,
      holder_name: draft.name.trim(),
      holder_id_number: draft.idNumber.trim(),
    };
    if (card && card.unit.label === draft.unit.trim().toUpperCase()) body.unit_id = card.unit.unit_id;
    else body.unit_label = draft.unit.trim();
    if (draft.phone.trim()) body.holder_phone = draft.phone.trim();
    if (draft.kind !== "temporary" && draft.holder !== OTHER) body.resident_id = draft.holder;
    if (draft.kind === "temporary" && draft.owner !== OTHER) body.owner_resident_id = draft.owner;
    if (draft.until) body.valid_until = draft.until;
    const p = await issuing.run(() => post<PassView>(`/documents/estates/${e}/passes`, body, idem.current));
    if (p) {
      idem.current = newIssueKey();
      setIssued(p);
      setDone(null);
      setDraft({ ...EMPTY, kind: draft.kind });
      setCard(null);
      await register.reload();
    }
  };

  const onCtrlEnter = (ev: KeyboardEvent) => {
    if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) {
      ev.preventDefault();
      void issue();
    }
  };

  const renew = async (p: PassView) => {
    const r = await acting.run(() => post<PassView>(`/documents/estates/${e}/passes/${p.pass_id}/renew`));
    if (r) {
      setDone({ pass: r, what: "renewed" });
      setIssued(null);
      await register.reload();
    }
  };

  const takeBack = async (p: PassView) => {
    const r = await acting.run(() => post<PassView>(`/documents/estates/${e}/passes/${p.pass_id}/return`));
    setConfirm(null);
    if (r) {
      setDone({ pass: r, what: "returned" });
      setIssued(null);
      await register.reload();
    }
  };

  const more = async () => {
    if (next === null) return;
    const p = await acting.run(() => get<PassPage>(`/documents/estates/${e}/passes`, query(applied, next)));
    if (p) {
      setOlder((o) => [...o, ...p.items]);
      setNext(p.next_before);
    }
  };

  const find = (ev: FormEvent) => {
    ev.preventDefault();
    setApplied({ ...filter });
    if (JSON.stringify(filter) === JSON.stringify(applied)) void register.reload();
  };

  useKeys((ev, typing) => {
    if (ev.key === "Escape" && !typing) {
      if (confirm) {
        setConfirm(null);
        return true;
      }
      if (opened) {
        setOpened(null);
        return true;
      }
      if (issued || done) {
        setIssued(null);
        setDone(null);
        return true;
      }
      return false;
    }
    if (ev.altKey && !ev.ctrlKey && !ev.metaKey && canIssue) {
      const d = digitOf(ev);
      if (d && d <= PASS_KINDS.length) {
        setKind(PASS_KINDS[d - 1]);
        return true;
      }
    }
    if (typing || !plain(ev) || ev.shiftKey) return false;
    if (ev.key.toLowerCase() === "r") {
      void register.reload();
      return true;
    }
    return false;
  });

  const fees = feesOf(draft.kind);
  const holders = card ? holdersFor(draft.kind, card.residents) : [];
  const owners = card ? card.residents.filter((r) => r.active && r.relation === "owner") : [];
  const tenants = card ? card.residents.filter((r) => r.active && r.relation === "tenant" && r.lease_end) : [];
  const chosenTenant = tenants.find((r) => r.resident_id === draft.holder);
  const leaseEnd =
    draft.kind === "tenant"
      ? (chosenTenant?.lease_end ?? (tenants.map((r) => r.lease_end as string).sort().pop() || null))
      : null;
  const longest = longestUntil(draft.kind, estateToday(), leaseEnd);
  const rows = [...(register.data?.items ?? []), ...older];

  return (
    <section aria-labelledby="passes-title" data-testid="passes">
      <div className="page-head">
        <h1 id="passes-title">{t("passes.title")}</h1>
      </div>

      {canIssue && (
        <form className="card pass-form" onSubmit={issue} onKeyDown={onCtrlEnter} aria-label={t("passes.issue")} data-testid="pass-form">
          <h2>{t("passes.issue")}</h2>
          <div className="seg" role="radiogroup" aria-label={t("passes.kind")}>
            {PASS_KINDS.map((k, i) => (
              <button
                key={k}
                type="button"
                role="radio"
                aria-checked={draft.kind === k}
                className={draft.kind === k ? "on" : ""}
                data-kind={k}
                onClick={() => setKind(k)}
              >
                {tv("passes.kind", k)} <kbd>Alt {i + 1}</kbd>
              </button>
            ))}
          </div>
          <p className="muted small">{tv("passes.kindHint", draft.kind)}</p>
          <div className="row3">
            <label>
              <span>
                {t("passes.unit")} <kbd>A</kbd>
              </span>
              <input
                ref={first}
                name="unit_label"
                required
                autoComplete="off"
                placeholder="1-1-101"
                value={draft.unit}
                onChange={(ev) => setDraft({ ...draft, unit: ev.target.value })}
                onBlur={() => {
                  if (draft.unit.trim().toUpperCase() !== (card?.unit.label ?? "")) void lookUp(draft.unit);
                }}
                onKeyDown={(ev) => {
                  if (ev.key === "Enter" && !ev.ctrlKey && !ev.metaKey) {
                    ev.preventDefault();
                    void lookUp(draft.unit);
                  }
                }}
              />
              <span className="muted small">{t("passes.unitHint")}</span>
            </label>
            {card && draft.kind !== "temporary" && (
              <label>
                {t("passes.registered")}
                <select name="resident_id" value={draft.holder} onChange={(ev) => pickHolder(ev.target.value)}>
                  {holders.map((r) => (
                    <option key={r.resident_id} value={r.resident_id}>
                      {r.name} · {tv("relation", r.relation)}
                      {r.lease_end ? ` · ${t("passes.leaseTo", { date: r.lease_end })}` : ""}
                    </option>
                  ))}
                  <option value={OTHER}>{t("passes.notRegistered")}</option>
                </select>
              </label>
            )}
            {card && draft.kind === "temporary" && (
              <label>
                {t("passes.owner")}
                <select name="owner_resident_id" value={draft.owner} onChange={(ev) => setDraft({ ...draft, owner: ev.target.value })}>
                  {owners.map((r) => (
                    <option key={r.resident_id} value={r.resident_id}>
                      {r.name}
                    </option>
                  ))}
                  {owners.length === 0 && <option value={OTHER}>{t("passes.noOwner")}</option>}
                </select>
              </label>
            )}
            <label>
              {draft.kind === "temporary" ? t("passes.worker") : t("passes.holder")}
              <input name="holder_name" required autoComplete="off" value={draft.name} onChange={(ev) => setDraft({ ...draft, name: ev.target.value })} />
            </label>
            <label>
              {t("passes.phone")}
              <input name="holder_phone" inputMode="tel" autoComplete="off" value={draft.phone} onChange={(ev) => setDraft({ ...draft, phone: ev.target.value })} />
            </label>
            <label>
              {t("passes.idNumber")}
              <input name="holder_id_number" required autoComplete="off" value={draft.idNumber} onChange={(ev) => setDraft({ ...draft, idNumber: ev.target.value })} />
            </label>
            <label>
              {t("passes.until")}
              <input name="valid_until" type="date" min={estateToday()} value={draft.until} onChange={(ev) => setDraft({ ...draft, until: ev.target.value })} />
              <span className="muted small">
                {longest ? t("passes.untilLongest", { date: longest }) : t("passes.untilOpen")}
              </span>
            </label>
          </div>
          {unitMissing && (
            <div className="note error" role="alert">
              {t("passes.unitUnknown", { unit: unitMissing })}
            </div>
          )}
          <PassError error={looking.error} />
          <div className="pass-fees" data-testid="pass-fees">
            <strong>{t("passes.fees")}</strong>{" "}
            {fees.total === 0 ? (
              <span>{t("passes.free")}</span>
            ) : (
              <span>
                {t("passes.deposit")} {yuan(fees.deposit)} + {t("passes.cardFee")} {yuan(fees.card)} ={" "}
                <strong className="money">{yuan(fees.total)}</strong>
              </span>
            )}
            {draft.kind === "tenant" && <span className="muted small"> · {t("passes.renewalFee", { fee: yuan(RENEWAL_FEE_FEN) })}</span>}
          </div>
          <PassError error={issuing.error} />
          <div className="actions">
            <button type="submit" className="primary" disabled={issuing.busy}>
              {fees.total > 0 ? t("passes.issueFor", { fee: yuan(fees.total) }) : t("passes.issue")} <kbd>Ctrl Enter</kbd>
            </button>
          </div>
        </form>
      )}

      {issued && (
        <div className="card pass-done" role="status" data-testid="pass-issued">
          <h2>
            {t("passes.issuedTitle", { no: issued.pass_no })}{" "}
            <span className="badge">{tv("passes.kind", issued.kind)}</span>
          </h2>
          <p>
            <span className="unit">{issued.unit_label}</span> {issued.holder_name} · {issued.holder_id_number} ·{" "}
            {issued.valid_until ? t("passes.runsTo", { date: issued.valid_until }) : t("passes.untilOpen")}
          </p>
          {issued.deposit_fen + issued.card_fee_fen > 0 ? (
            <>
              <p>{t("passes.payHint", { no: issued.pass_no, fee: yuan(issued.deposit_fen + issued.card_fee_fen) })}</p>
              <div className="actions">
                <button
                  type="button"
                  className="primary"
                  data-testid="pass-to-cash"
                  onClick={() => navigate(`${paths.cash(e)}?unit=${encodeURIComponent(issued.unit_label)}&for=${encodeURIComponent(issued.pass_id)}`)}
                >
                  {t("passes.toCash", { fee: yuan(issued.deposit_fen + issued.card_fee_fen) })}
                </button>
                <button type="button" className="link" onClick={() => setIssued(null)}>
                  {t("passes.close")} <kbd>Esc</kbd>
                </button>
              </div>
            </>
          ) : (
            <p className="muted">{t("passes.nothingToPay")}</p>
          )}
        </div>
      )}

      {done && (
        <div className="card pass-done" role="status" data-testid={`pass-${done.what}`}>
          {done.what === "returned" ? (
            <>
              <p>{t("passes.returnedNote", { no: done.pass.pass_no })}</p>
              {done.pass.deposit_fen > 0 && (
                <p>
                  {t("passes.refundHint", { fee: yuan(done.pass.deposit_fen) })}{" "}
                  <Link to={paths.office(e, "deposits")}>{t("passes.toDeposits")}</Link>{" "}
                  · <Link to={`${paths.cash(e)}?unit=${encodeURIComponent(done.pass.unit_label)}`}>{t("passes.toCashDesk")}</Link>
                </p>
              )}
            </>
          ) : (
            <>
              <p>{t("passes.renewedNote", { no: done.pass.pass_no, date: done.pass.valid_until ?? "", fee: yuan(RENEWAL_FEE_FEN) })}</p>
              <Link to={`${paths.cash(e)}?unit=${encodeURIComponent(done.pass.unit_label)}`}>{t("passes.toCashDesk")}</Link>
            </>
          )}
          <button type="button" className="link" onClick={() => setDone(null)}>
            {t("passes.close")} <kbd>Esc</kbd>
          </button>
        </div>
      )}

      <div className="card">
        <h2>{t("passes.register")}</h2>
        <form className="inline-form" onSubmit={find} aria-label={t("passes.find")}>
          <label>
            {t("passes.unit")}
            <input name="filter_unit" autoComplete="off" placeholder="1-1-101" value={filter.unit} onChange={(ev) => setFilter({ ...filter, unit: ev.target.value })} />
          </label>
          <label>
            {t("passes.kind")}
            <select name="filter_kind" value={filter.kind} onChange={(ev) => setFilter({ ...filter, kind: ev.target.value })}>
              <option value="">{t("passes.any")}</option>
              {PASS_KINDS.map((k) => (
                <option key={k} value={k}>
                  {tv("passes.kind", k)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("passes.status")}
            <select name="filter_status" value={filter.status} onChange={(ev) => setFilter({ ...filter, status: ev.target.value })}>
              <option value="">{t("passes.any")}</option>
              {(["pending", "active", "expired", "returned"] as PassStatus[]).map((s) => (
                <option key={s} value={s}>
                  {tv("passes.status", s)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("passes.expiringWithin")}
            <input
              name="filter_days"
              inputMode="numeric"
              placeholder="30"
              value={filter.days}
              onChange={(ev) => setFilter({ ...filter, days: ev.target.value.replace(/\D/g, "") })}
            />
          </label>
          <button type="submit">{t("passes.find")}</button>
          <button
            type="button"
            className="link"
            onClick={() => {
              setFilter(NO_FILTER);
              setApplied(NO_FILTER);
            }}
          >
            {t("passes.clear")}
          </button>
        </form>
        <PassError error={register.error ?? acting.error} />
        {register.data && rows.length === 0 && <p className="empty">{t("passes.none")}</p>}
        {rows.length > 0 && (
          <table className="list pass-list" data-testid="pass-register">
            <thead>
              <tr>
                <th>{t("passes.no")}</th>
                <th>{t("passes.kind")}</th>
                <th>{t("passes.unit")}</th>
                <th>{t("passes.holder")}</th>
                <th>{t("passes.idNumber")}</th>
                <th>{t("passes.validity")}</th>
                <th>{t("passes.status")}</th>
                <th>{t("passes.charged")}</th>
                {canIssue && <th aria-label={t("passes.actions")} />}
              </tr>
            </thead>
            <tbody>
              {rows.map((p) => (
                <Fragment key={p.pass_id}>
                <tr data-pass={p.pass_no} data-status={p.status}>
                  <td data-label={t("passes.no")} className="pass-no">
                    <button
                      type="button"
                      className="link"
                      aria-expanded={opened === p.pass_id}
                      title={t("passes.showTrail")}
                      onClick={() => setOpened(opened === p.pass_id ? null : p.pass_id)}
                    >
                      {p.pass_no}
                    </button>
                  </td>
                  <td data-label={t("passes.kind")}>{tv("passes.kind", p.kind)}</td>
                  <td data-label={t("passes.unit")}>
                    <span className="unit">{p.unit_label}</span>
                  </td>
                  <td data-label={t("passes.holder")}>
                    {p.holder_name}
                    {p.holder_phone && <span className="muted small"> {formatPhone(p.holder_phone)}</span>}
                  </td>
                  <td data-label={t("passes.idNumber")} className="id-number" data-testid="pass-id-number">
                    {p.holder_id_number}
                  </td>
                  <td data-label={t("passes.validity")}>
                    {p.valid_from} → {p.valid_until ?? t("passes.noEnd")}
                    {p.renewals > 0 && <span className="muted small"> · {t("passes.renewals", { n: p.renewals })}</span>}
                  </td>
                  <td data-label={t("passes.status")}>
                    <span className={`badge pass-${p.status}`}>{tv("passes.status", p.status)}</span>
                  </td>
                  <td data-label={t("passes.charged")} className="money">
                    {yuan(p.deposit_fen + p.card_fee_fen + p.renewal_fees_fen)}
                  </td>
                  {canIssue && (
                    <td>
                      {p.status !== "returned" && confirm !== p.pass_id && (
                        <div className="actions tight">
                          {p.kind === "tenant" && (
                            <button type="button" className="small-btn" disabled={acting.busy} onClick={() => void renew(p)}>
                              {t("passes.renew", { fee: yuan(RENEWAL_FEE_FEN) })}
                            </button>
                          )}
                          <button type="button" className="small-btn" onClick={() => setConfirm(p.pass_id)}>
                            {t("passes.takeBack")}
                          </button>
                        </div>
                      )}
                      {confirm === p.pass_id && (
                        <div className="actions tight" role="group" aria-label={t("passes.takeBack")}>
                          <span className="small">
                            {p.deposit_fen > 0 ? t("passes.confirmBackDeposit", { fee: yuan(p.deposit_fen) }) : t("passes.confirmBack")}
                          </span>
                          <button type="button" className="small-btn primary" autoFocus disabled={acting.busy} onClick={() => void takeBack(p)}>
                            {t("passes.confirmTakeBack")}
                          </button>
                          <button type="button" className="link" onClick={() => setConfirm(null)}>
                            {t("common.cancel")}
                          </button>
                        </div>
                      )}
                    </td>
                  )}
                </tr>
                {opened === p.pass_id && (
                  <tr className="pass-trail-row">
                    <td colSpan={canIssue ? 9 : 8}>
                      <PassTrail e={e} passId={p.pass_id} />
                    </td>
                  </tr>
                )}
                </Fragment>
              ))}
            </tbody>
          </table>
        )}
        {next !== null && (
          <button type="button" className="link" onClick={() => void more()} disabled={acting.busy}>
            {t("passes.more")}
          </button>
        )}
      </div>
    </section>
  );
}
