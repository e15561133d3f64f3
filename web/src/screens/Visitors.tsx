import { useRef, useState, type FormEvent } from "react";
import { get, post } from "../api/client";
import type { Page, Visitor } from "../api/types";
import { ErrorNote, OkNote } from "../components/ErrorNote";
import { useAction, useLoad } from "../components/useLoad";
import { useAddKey } from "../components/useAddKey";
import { useI18n } from "../i18n";
import { formatPhone, formatTime } from "../lib/format";
import type { DeskProps } from "./DeskShell";

/** 访客登记: sign visitors in and out. */
export function Visitors({ estate, canWrite }: DeskProps) {
  const { t } = useI18n();
  const e = estate.estate_id;
  const [onSite, setOnSite] = useState(true);
  const [form, setForm] = useState({ name: "", company: "", phone: "", visiting: "", purpose: "" });
  const [ok, setOk] = useState<string | null>(null);
  const list = useLoad(
    () => get<Page<Visitor>>(`/reception/estates/${e}/visitors`, { on_site: onSite ? true : undefined, limit: 100 }),
    [e, onSite],
    30_000,
  );
  const signing = useAction();
  const leaving = useAction();
  const first = useRef<HTMLInputElement>(null);
  useAddKey(first);

  const set = (k: keyof typeof form) => (ev: { target: { value: string } }) => setForm({ ...form, [k]: ev.target.value });

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    setOk(null);
    const body = Object.fromEntries(Object.entries(form).filter(([, v]) => v.trim() !== "").map(([k, v]) => [k, v.trim()]));
    const v = await signing.run(() => post<Visitor>(`/reception/estates/${e}/visitors`, body));
    if (v) {
      setOk(t("visitors.signedIn", { name: v.name }));
      setForm({ name: "", company: "", phone: "", visiting: "", purpose: "" });
      first.current?.focus();
      await list.reload();
    }
  };

  const signOut = async (id: string) => {
    const r = await leaving.run(() => post<Visitor>(`/reception/estates/${e}/visitors/${id}/sign-out`));
    if (r) await list.reload();
  };

  return (
    <section aria-labelledby="visitors-title">
      <div className="page-head">
        <h1 id="visitors-title">{t("visitors.title")}</h1>
      </div>
      {canWrite && (
        <form className="card" onSubmit={submit} aria-label={t("visitors.signIn")}>
          <div className="row3">
            <label>
              <span>
                {t("visitors.name")} <kbd>A</kbd>
              </span>
              <input ref={first} name="name" required autoComplete="off" value={form.name} onChange={set("name")} />
            </label>
            <label>
              {t("visitors.visiting")}
              <input name="visiting" required autoComplete="off" value={form.visiting} onChange={set("visiting")} />
            </label>
            <label>
              {t("visitors.phone")}
              <input name="phone" inputMode="tel" autoComplete="off" value={form.phone} onChange={set("phone")} />
            </label>
            <label>
              {t("visitors.company")}
              <input name="company" autoComplete="off" value={form.company} onChange={set("company")} />
            </label>
            <label>
              {t("visitors.purpose")}
              <input name="purpose" autoComplete="off" value={form.purpose} onChange={set("purpose")} />
            </label>
          </div>
          <ErrorNote error={signing.error} />
          <OkNote text={ok} />
          <div className="actions">
            <button type="submit" className="primary" disabled={signing.busy}>
              {t("visitors.signIn")}
            </button>
          </div>
        </form>
      )}
      <div className="tabs">
        <button type="button" className={onSite ? "tab current" : "tab"} onClick={() => setOnSite(true)}>
          {t("visitors.onSite")}
        </button>
        <button type="button" className={!onSite ? "tab current" : "tab"} onClick={() => setOnSite(false)}>
          {t("visitors.all")}
        </button>
      </div>
      <ErrorNote error={list.error ?? leaving.error} />
      {list.data && list.data.items.length === 0 && <p className="empty">{t("visitors.none")}</p>}
      {list.data && list.data.items.length > 0 && (
        <table className="list" data-testid="visitors">
          <thead>
            <tr>
              <th>{t("visitors.name")}</th>
              <th>{t("visitors.visiting")}</th>
              <th>{t("visitors.company")}</th>
              <th>{t("visitors.arrived")}</th>
              <th>{t("visitors.left")}</th>
            </tr>
          </thead>
          <tbody>
            {list.data.items.map((v) => (
              <tr key={v.visitor_id}>
                <td data-label={t("visitors.name")}>
                  <strong>{v.name}</strong> <span className="muted small">{formatPhone(v.phone)}</span>
                </td>
                <td data-label={t("visitors.visiting")}>
                  {v.visiting} {v.unit_label && <span className="unit">{v.unit_label}</span>}
                  {v.purpose && <span className="muted small"> · {v.purpose}</span>}
                </td>
                <td data-label={t("visitors.company")}>{v.company ?? ""}</td>
                <td data-label={t("visitors.arrived")}>{formatTime(v.arrived_at)}</td>
                <td data-label={t("visitors.left")}>
                  {v.left_at ? (
                    formatTime(v.left_at)
                  ) : canWrite ? (
                    <button type="button" className="small-btn" onClick={() => void signOut(v.visitor_id)} disabled={leaving.busy}>
                      {t("visitors.signOut")}
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
