// Residents' portal accounts (住户网上账户): the desk opens one for a resident of the estate's
// units once it has checked in person that they own or live there, lists the estate's
// accounts (phones masked), changes units, name or password, and closes an account when the
// resident moves out.

import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { get, patch, post } from "../api/client";
import { useAction, useLoad } from "../components/useLoad";
import { useAddKey } from "../components/useAddKey";
import { useI18n } from "../i18n";
import { plain, useKeys } from "../lib/keys";
import { usePath } from "../lib/router";
import { findUnitId } from "../lib/units";
import type { DeskProps } from "../screens/DeskShell";
import { AccountError, addUnit, parseUnits } from "./words";

interface UnitRef {
  estate_id: string;
  unit_label: string;
}

export interface ResidentAccount {
  resident_id: string;
  group_id: string;
  display_name: string;
  /** Masked by the gateway: 138****5678. */
  phone: string;
  units: UnitRef[];
  active: boolean;
}

const EMPTY = { name: "", phone: "", password: "", units: "" };
type Edit = { id: string; name: string; units: string; password: string };

const ctrlEnter = (f: () => void) => (ev: KeyboardEvent) => {
  if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) {
    ev.preventDefault();
    f();
  }
};

export function Accounts({ estate }: DeskProps) {
  const { t } = useI18n();
  const e = estate.estate_id;
  const list = useLoad(() => get<{ items: ResidentAccount[] }>("/auth/residents", { estate_id: e }), [e]);
  const [form, setForm] = useState(EMPTY);
  const [edit, setEdit] = useState<Edit | null>(null);
  const [closing, setClosing] = useState<string | null>(null);
  const [local, setLocal] = useState<string | null>(null);
  const [ok, setOk] = useState<string | null>(null);
  const [q, setQ] = useState("");
  const opening = useAction();
  const acting = useAction();
  const first = useRef<HTMLInputElement>(null);
  useAddKey(first);

  // A unit picked in the header's search box arrives as ?unit=…: it joins the form being filled.
  const address = usePath();
  useEffect(() => {
    const u = new URLSearchParams(address.split("?")[1] ?? "").get("unit");
    if (!u) return;
    if (edit) setEdit({ ...edit, units: addUnit(edit.units, u) });
    else setForm((f) => ({ ...f, units: addUnit(f.units, u) }));
  }, [address]);

  /** The typed units of this estate, each checked against the registry; null when one is unknown. */
  const checkUnits = async (typed: string): Promise<string[] | null> => {
    const units = parseUnits(typed);
    if (units.length === 0) {
      setLocal(t("accounts.needUnit"));
      return null;
    }
    for (const u of units) {
      if (!(await findUnitId(e, u))) {
        setLocal(t("accounts.unitUnknown", { unit: u }));
        return null;
      }
    }
    return units;
  };

  const open = async (ev?: FormEvent) => {
    ev?.preventDefault();
    if (opening.busy) return;
    setLocal(null);
    setOk(null);
    const r = await opening.run(async () => {
      const units = await checkUnits(form.units);
      if (!units) return undefined;
      return post<ResidentAccount>("/auth/residents", {
        display_name: form.name.trim(),
        phone: form.phone.trim(),
        password: form.password,
        units: units.map((unit_label) => ({ estate_id: e, unit_label })),
      });
    });
    if (r) {
      setForm(EMPTY);
      setOk(t("accounts.opened", { name: r.display_name, phone: r.phone }));
      await list.reload();
    }
  };

  const save = async (ev?: FormEvent) => {
    ev?.preventDefault();
    if (!edit || acting.busy) return;
    setLocal(null);
    setOk(null);
    const before = list.data?.items.find((a) => a.resident_id === edit.id);
    const r = await acting.run(async () => {
      const units = await checkUnits(edit.units);
      if (!units) return undefined;
      // Units in the group's other estates stay as they are.
      const elsewhere = (before?.units ?? []).filter((u) => u.estate_id !== e);
      const body: Record<string, unknown> = {
        display_name: edit.name.trim(),
        units: [...elsewhere, ...units.map((unit_label) => ({ estate_id: e, unit_label }))],
      };
      if (edit.password) body.password = edit.password;
      return patch<ResidentAccount>(`/auth/residents/${edit.id}`, body);
    });
    if (r) {
      setEdit(null);
      setOk(t("accounts.saved", { name: r.display_name }));
      await list.reload();
    }
  };

  const setActive = async (a: ResidentAccount, active: boolean) => {
    setOk(null);
    const r = await acting.run(() => patch<ResidentAccount>(`/auth/residents/${a.resident_id}`, { active }));
    setClosing(null);
    if (r) {
      setOk(t(active ? "accounts.reopened" : "accounts.closed", { name: r.display_name }));
      await list.reload();
    }
  };

  useKeys((ev, typing) => {
    if (ev.key === "Escape" && !typing) {
      if (closing) {
        setClosing(null);
        return true;
      }
      if (edit) {
        setEdit(null);
        return true;
      }
      return false;
    }
    if (typing || !plain(ev) || ev.shiftKey) return false;
    if (ev.key.toLowerCase() === "r") {
      void list.reload();
      return true;
    }
    return false;
  });

  const needle = q.trim().toUpperCase();
  const items = (list.data?.items ?? []).filter(
    (a) =>
      !needle ||
      a.display_name.toUpperCase().includes(needle) ||
      a.units.some((u) => u.unit_label.includes(needle)) ||
      a.phone.slice(-4) === needle,
  );
  const here = (a: ResidentAccount) => a.units.filter((u) => u.estate_id === e).map((u) => u.unit_label);

  return (
    <section aria-labelledby="accounts-title" data-testid="accounts">
      <div className="page-head">
        <h1 id="accounts-title">{t("accounts.title")}</h1>
      </div>

      <form className="card" onSubmit={open} onKeyDown={ctrlEnter(() => void open())} aria-label={t("accounts.open")} data-testid="account-form">
        <h2>{t("accounts.open")}</h2>
        <p className="note warn" data-testid="account-check">
          {t("accounts.checkFirst")}
        </p>
        <div className="row3">
          <label>
            <span>
              {t("accounts.name")} <kbd>A</kbd>
            </span>
            <input ref={first} name="display_name" required autoComplete="off" value={form.name} onChange={(ev) => setForm({ ...form, name: ev.target.value })} />
          </label>
          <label>
            {t("accounts.phone")}
            <input name="phone" required inputMode="tel" autoComplete="off" value={form.phone} onChange={(ev) => setForm({ ...form, phone: ev.target.value })} />
          </label>
          <label>
            {t("accounts.password")}
            <input name="password" required type="text" autoComplete="new-password" minLength={8} value={form.password} onChange={(ev) => setForm({ ...form, password: ev.target.value })} />
            <span className="muted small">{t("accounts.passwordHint")}</span>
          </label>
          <label>
            {t("accounts.units")}
            <input name="units" required autoComplete="off" placeholder="1-1-101, 1-1-102" value={form.units} onChange={(ev) => setForm({ ...form, units: ev.target.value })} />
            <span className="muted small">{t("accounts.unitsHint")}</span>
          </label>
        </div>
        {!edit && local && (
          <div className="note error" role="alert">
            {local}
          </div>
        )}
        <AccountError error={opening.error} />
        <div className="actions">
          <button type="submit" className="primary" disabled={opening.busy}>
            {t("accounts.open")} <kbd>Ctrl Enter</kbd>
          </button>
        </div>
      </form>

      {ok && (
        <div className="note ok" role="status" data-testid="account-ok">
          {ok}
        </div>
      )}

      <div className="card">
        <div className="page-head">
          <h2>{t("accounts.list")}</h2>
          <label className="inline">
            <span className="sr-only">{t("accounts.filter")}</span>
            <input name="account_filter" type="search" placeholder={t("accounts.filter")} value={q} onChange={(ev) => setQ(ev.target.value)} />
          </label>
        </div>
        <AccountError error={list.error ?? acting.error} />
        {edit && local && (
          <div className="note error" role="alert">
            {local}
          </div>
        )}
        {list.data && items.length === 0 && <p className="empty">{t("accounts.none")}</p>}
        {items.length > 0 && (
          <table className="list account-list" data-testid="account-list">
            <thead>
              <tr>
                <th>{t("accounts.name")}</th>
                <th>{t("accounts.phone")}</th>
                <th>{t("accounts.units")}</th>
                <th>{t("accounts.state")}</th>
                <th aria-label={t("accounts.actions")} />
              </tr>
            </thead>
            <tbody>
              {items.map((a) => (
                <tr key={a.resident_id} data-resident={a.resident_id} data-phone={a.phone} data-active={a.active ? "yes" : "no"} className={a.active ? "" : "muted"}>
                  {edit?.id === a.resident_id ? (
                    <td colSpan={5}>
                      <form className="inline-form wrap" onSubmit={save} onKeyDown={ctrlEnter(() => void save())} aria-label={t("accounts.change")}>
                        <label>
                          {t("accounts.name")}
                          <input name="edit_name" required autoFocus value={edit.name} onChange={(ev) => setEdit({ ...edit, name: ev.target.value })} />
                        </label>
                        <label className="grow">
                          {t("accounts.units")}
                          <input name="edit_units" required value={edit.units} onChange={(ev) => setEdit({ ...edit, units: ev.target.value })} />
                        </label>
                        <label>
                          {t("accounts.newPassword")}
                          <input name="edit_password" type="text" autoComplete="new-password" minLength={8} value={edit.password} onChange={(ev) => setEdit({ ...edit, password: ev.target.value })} />
                        </label>
                        <button type="submit" className="primary" disabled={acting.busy}>
                          {t("accounts.save")} <kbd>Ctrl Enter</kbd>
                        </button>
                        <button type="button" className="link" onClick={() => setEdit(null)}>
                          {t("common.cancel")} <kbd>Esc</kbd>
                        </button>
                      </form>
                      {a.units.some((u) => u.estate_id !== e) && <p className="muted small">{t("accounts.otherEstates")}</p>}
                    </td>
                  ) : (
                    <>
                      <td data-label={t("accounts.name")}>{a.display_name}</td>
                      <td data-label={t("accounts.phone")} className="phone">
                        {a.phone}
                      </td>
                      <td data-label={t("accounts.units")}>
                        {here(a).map((u) => (
                          <span key={u} className="unit">
                            {u}
                          </span>
                        ))}
                        {a.units.length > here(a).length && (
                          <span className="muted small"> {t("accounts.moreUnits", { n: a.units.length - here(a).length })}</span>
                        )}
                      </td>
                      <td data-label={t("accounts.state")}>
                        <span className={`badge ${a.active ? "account-open" : "account-closed"}`}>
                          {a.active ? t("accounts.active") : t("accounts.inactive")}
                        </span>
                      </td>
                      <td>
                        {closing === a.resident_id ? (
                          <div className="actions tight" role="group" aria-label={t("accounts.close")}>
                            <span className="small">{t("accounts.confirmClose", { name: a.display_name })}</span>
                            <button type="button" className="small-btn primary" autoFocus disabled={acting.busy} onClick={() => void setActive(a, false)}>
                              {t("accounts.confirmCloseBtn")}
                            </button>
                            <button type="button" className="link" onClick={() => setClosing(null)}>
                              {t("common.cancel")}
                            </button>
                          </div>
                        ) : (
                          <div className="actions tight">
                            {a.active && (
                              <button
                                type="button"
                                className="small-btn"
                                onClick={() => {
                                  setLocal(null);
                                  acting.setError(null);
                                  setEdit({ id: a.resident_id, name: a.display_name, units: here(a).join(", "), password: "" });
                                }}
                              >
                                {t("accounts.change")}
                              </button>
                            )}
                            {a.active ? (
                              <button type="button" className="small-btn" onClick={() => setClosing(a.resident_id)}>
                                {t("accounts.close")}
                              </button>
                            ) : (
                              <button type="button" className="small-btn" disabled={acting.busy} onClick={() => void setActive(a, true)}>
                                {t("accounts.reopen")}
                              </button>
                            )}
                          </div>
                        )}
                      </td>
                    </>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}
