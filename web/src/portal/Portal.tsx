// The resident portal (/portal): a resident (业主/住户/租户) signs in with phone and password,
// sees their units, reports a repair with photos or a complaint, follows each, rates the work,
// and pays their charges. Phone-first: one column, big touch targets. Everything shown comes
// from the resident endpoints, which answer only for the resident's own units.

import { useEffect, useState, type FormEvent, type ReactNode } from "react";
import { ApiError } from "../api/client";
import { Link } from "../components/Link";
import { useAction, useLoad } from "../components/useLoad";
import { useI18n } from "../i18n";
import { navigate, usePath } from "../lib/router";
import { formatTime } from "../lib/format";
import { LangButton } from "../screens/LangButton";
import { loadResident, pget, portalApi, saveResident, setPortalSignedOut } from "./api";
import { ChargesScreen } from "./Charges";
import { ComplaintDetail, RepairDetail } from "./Detail";
import { NewComplaint, NewRepair } from "./Report";
import { parsePortalRoute, portalPaths } from "./route";
import type { MyComplaint, MyRepair, ResidentSignedIn } from "./types";
import { portalErrorWords } from "./words";
import "./portal.css";

export function Portal() {
  const { t } = useI18n();
  const path = usePath();
  const [session, setSession] = useState<ResidentSignedIn | null>(() => loadResident());
  const [expired, setExpired] = useState(false);

  useEffect(() => {
    setPortalSignedOut(() => {
      saveResident(null);
      setSession(null);
      setExpired(true);
    });
  }, []);

  useEffect(() => {
    document.title = t("portal.title");
  }, [t]);

  if (!session) {
    return (
      <PortalLogin
        expired={expired}
        onSignedIn={(s) => {
          saveResident(s);
          setExpired(false);
          setSession(s);
        }}
      />
    );
  }

  const signOut = () => {
    saveResident(null);
    setSession(null);
    navigate(portalPaths.home());
  };
  const route = parsePortalRoute(path);
  let body: ReactNode;
  switch (route.page) {
    case "home":
      body = <Home session={session} />;
      break;
    case "newRepair":
      body = <NewRepair units={session.resident.units} name={session.resident.display_name} />;
      break;
    case "newComplaint":
      body = <NewComplaint units={session.resident.units} name={session.resident.display_name} />;
      break;
    case "repair":
      body = <RepairDetail key={`${route.estate}/${route.id}`} estate={route.estate} id={route.id} />;
      break;
    case "complaint":
      body = <ComplaintDetail key={`${route.estate}/${route.id}`} estate={route.estate} id={route.id} />;
      break;
    case "charges":
      body = <ChargesScreen units={session.resident.units} />;
      break;
    default:
      body = <NotFound />;
  }
  return (
    <div className="portal">
      <header className="portal-head">
        <strong>{t("portal.title")}</strong>
        <span className="who" data-testid="portal-who">
          {session.resident.display_name}
        </span>
        <LangButton />
        <button type="button" className="link" onClick={signOut}>
          {t("portal.signOut")}
        </button>
      </header>
      <nav className="portal-nav" aria-label={t("portal.nav")}>
        <Link to={portalPaths.home()} className={route.page === "home" ? "on" : ""}>
          {t("portal.nav.home")}
        </Link>
        <Link to={portalPaths.newRepair()} className={route.page === "newRepair" ? "on" : ""}>
          {t("portal.nav.repair")}
        </Link>
        <Link to={portalPaths.newComplaint()} className={route.page === "newComplaint" ? "on" : ""}>
          {t("portal.nav.complaint")}
        </Link>
        <Link to={portalPaths.charges()} className={route.page === "charges" ? "on" : ""}>
          {t("portal.nav.charges")}
        </Link>
      </nav>
      <main className="portal-main">{body}</main>
    </div>
  );
}

/** A refusal in the resident's words. */
export function PortalError({ error }: { error: unknown }) {
  const { lang } = useI18n();
  if (!error) return null;
  const w = portalErrorWords(error, lang);
  return (
    <div className="note error" role="alert" data-testid="portal-error">
      <div>{w.text}</div>
      {w.more && <div className="more">{w.more}</div>}
    </div>
  );
}

export function NotFound() {
  const { t } = useI18n();
  return (
    <section className="card" data-testid="portal-not-found">
      <h2>{t("portal.notFound.title")}</h2>
      <p>{t("portal.notFound.body")}</p>
      <Link to={portalPaths.home()}>{t("portal.backHome")}</Link>
    </section>
  );
}

export const isNotFound = (e: unknown) => e instanceof ApiError && e.status === 404;

function PortalLogin({ onSignedIn, expired }: { onSignedIn: (s: ResidentSignedIn) => void; expired: boolean }) {
  const { t } = useI18n();
  const [phone, setPhone] = useState("");
  const [password, setPassword] = useState("");
  const { busy, error, run } = useAction();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const s = await run(() =>
      portalApi<ResidentSignedIn>("POST", "/auth/resident/login", { body: { phone: phone.trim(), password } }),
    );
    if (s) onSignedIn(s);
  };
  return (
    <main className="portal portal-login">
      <form className="card" onSubmit={submit} aria-labelledby="portal-login-title">
        <div className="login-head">
          <h1 id="portal-login-title">{t("portal.login.title")}</h1>
          <LangButton />
        </div>
        <p className="muted">{t("portal.login.hint")}</p>
        {expired && !error && <div className="note warn">{t("portal.login.expired")}</div>}
        <PortalError error={error} />
        <label>
          {t("portal.login.phone")}
          <input
            name="phone"
            type="tel"
            inputMode="tel"
            autoComplete="tel"
            required
            value={phone}
            onChange={(e) => setPhone(e.target.value)}
          />
        </label>
        <label>
          {t("portal.login.password")}
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t("portal.login.busy") : t("portal.login.submit")}
        </button>
      </form>
    </main>
  );
}

export function Stage({ prefix, stage }: { prefix: "repair" | "complaint"; stage: string }) {
  const { tv } = useI18n();
  return <span className={`stage stage-${stage}`}>{tv(`portal.stage.${prefix}`, stage)}</span>;
}

function Home({ session }: { session: ResidentSignedIn }) {
  const { t } = useI18n();
  const repairs = useLoad(() => pget<{ items: MyRepair[] }>("/repairs/resident/work-orders"), [session.token]);
  const complaints = useLoad(
    () => pget<{ items: MyComplaint[] }>("/complaints/resident/complaints"),
    [session.token],
  );
  return (
    <>
      <section className="card">
        <h2>{t("portal.units.title")}</h2>
        <ul className="units" data-testid="portal-units">
          {session.resident.units.map((u) => (
            <li key={`${u.estate_id}/${u.unit_label}`}>{u.unit_label}</li>
          ))}
        </ul>
      </section>
      <section className="card">
        <h2>{t("portal.repairs.title")}</h2>
        <PortalError error={repairs.error} />
        {repairs.data?.items.length === 0 && <p className="muted">{t("portal.repairs.none")}</p>}
        <ul className="items" data-testid="portal-repairs">
          {repairs.data?.items.map((r) => (
            <li key={r.work_order_id}>
              <Link to={portalPaths.repair(r.estate_id, r.work_order_id)}>
                <span className="no">{r.order_no}</span>
                <span className="what">{r.problem}</span>
                <Stage prefix="repair" stage={r.stage} />
                <span className="when muted">{formatTime(r.created_at)}</span>
              </Link>
            </li>
          ))}
        </ul>
      </section>
      <section className="card">
        <h2>{t("portal.complaints.title")}</h2>
        <PortalError error={complaints.error} />
        {complaints.data?.items.length === 0 && <p className="muted">{t("portal.complaints.none")}</p>}
        <ul className="items" data-testid="portal-complaints">
          {complaints.data?.items.map((c) => (
            <li key={c.complaint_id}>
              <Link to={portalPaths.complaint(c.estate_id, c.complaint_id)}>
                <span className="no">{c.complaint_no}</span>
                <span className="what">{c.description}</span>
                <Stage prefix="complaint" stage={c.stage} />
                <span className="when muted">{formatTime(c.created_at)}</span>
              </Link>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
