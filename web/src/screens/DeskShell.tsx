import { useState, type ReactNode } from "react";
import type { Estate, Role, SignedIn } from "../api/types";
import { HelpOverlay } from "../components/HelpOverlay";
import { Link } from "../components/Link";
import { SEARCH_INPUT_ID, SearchBox } from "../components/SearchBox";
import { useI18n, type MessageKey } from "../i18n";
import { plain, useKeys } from "../lib/keys";
import { ACCOUNT_ROLES, CALLBACK_ROLES, CASH_ROLES, DESK_ROLES, hasAnyRole, OFFICE_ROLES, PASS_ROLES, SUPERVISOR_ROLES, TECHNICIAN_ROLES } from "../lib/roles";
import { navigate, paths, type Route } from "../lib/router";
import { Complaints } from "./Complaints";
import { Handover } from "./Handover";
import { IntakeDetail } from "./IntakeDetail";
import { Keys } from "./Keys";
import { LangButton } from "./LangButton";
import { LogContact } from "./LogContact";
import { Parcels } from "./Parcels";
import { Queue } from "./Queue";
import { UnitCardScreen } from "./UnitCard";
import { Visitors } from "./Visitors";
import { WorkOrders } from "./WorkOrders";
import { WorkOrderDetail } from "./WorkOrderDetail";
import { ComplaintDetail } from "./ComplaintDetail";
import { Office } from "../office/Office";
import { CashDesk } from "../staff/CashDesk";
import { ReceiptPage } from "../staff/Receipt";
import { Supervisor } from "../staff/Supervisor";
import { Technician } from "../staff/Technician";
import { Passes } from "../passes/Passes";
import { Accounts } from "../accounts/Accounts";

type DeskRoute = Exclude<Route, { page: "login" } | { page: "estates" } | { page: "unknown" }>;

export interface DeskProps {
  estate: Estate;
  session: SignedIn;
  canWrite: boolean;
  canCallBack: boolean;
}

const NAV: {
  page: DeskRoute["page"];
  label: MessageKey;
  key: string;
  to: (e: string) => string;
  write?: boolean;
  roles?: Role[];
}[] = [
  { page: "queue", label: "nav.queue", key: "Q", to: paths.queue },
  { page: "log", label: "nav.log", key: "N", to: (e) => paths.log(e), write: true },
  { page: "visitors", label: "nav.visitors", key: "V", to: paths.visitors },
  { page: "parcels", label: "nav.parcels", key: "P", to: paths.parcels },
  { page: "keys", label: "nav.keys", key: "K", to: paths.keys },
  { page: "handover", label: "nav.handover", key: "H", to: paths.handover },
  { page: "complaints", label: "nav.complaints", key: "C", to: paths.complaints },
  { page: "workOrders", label: "nav.workOrders", key: "W", to: paths.workOrders },
  { page: "supervisor", label: "sup.nav", key: "S", to: paths.supervisor, roles: SUPERVISOR_ROLES },
  { page: "technician", label: "tech.nav", key: "T", to: paths.technician, roles: TECHNICIAN_ROLES },
  { page: "cash", label: "cash.nav", key: "B", to: paths.cash, roles: CASH_ROLES },
  { page: "office", label: "office.nav", key: "F", to: (e) => paths.office(e), roles: OFFICE_ROLES },
  { page: "passes", label: "passes.nav", key: "I", to: (e) => paths.passes(e), roles: PASS_ROLES },
  { page: "accounts", label: "accounts.nav", key: "M", to: (e) => paths.accounts(e), roles: ACCOUNT_ROLES },
];

export function DeskShell({
  route,
  estates,
  session,
  onSignOut,
}: {
  route: DeskRoute;
  estates: Estate[];
  session: SignedIn;
  onSignOut: () => void;
}) {
  const { t, lang, setLang } = useI18n();
  const [help, setHelp] = useState(false);
  const estate = estates.find((e) => e.estate_id === route.estate);
  const canWrite = hasAnyRole(session.staff, DESK_ROLES);
  const canCallBack = hasAnyRole(session.staff, CALLBACK_ROLES);
  const shown = (n: (typeof NAV)[number]) => (!n.write || canWrite) && (!n.roles || hasAnyRole(session.staff, n.roles));
  // A technician works from the phone: their own orders lead the menu.
  const fieldOnly = hasAnyRole(session.staff, TECHNICIAN_ROLES) && !hasAnyRole(session.staff, CALLBACK_ROLES);
  const menu = fieldOnly
    ? [...NAV.filter((n) => n.page === "technician"), ...NAV.filter((n) => n.page !== "technician")].filter(shown)
    : NAV.filter(shown);

  useKeys((e, typing) => {
    if (e.key === "Escape") {
      if (help) {
        setHelp(false);
        return true;
      }
      if (typing) {
        (e.target as HTMLElement).blur();
        return true;
      }
      if (estate && route.page === "receipt") {
        navigate(paths.cash(estate.estate_id));
        return true;
      }
      if (estate && (route.page === "intake" || route.page === "unit")) {
        navigate(paths.queue(estate.estate_id));
        return true;
      }
      if (estate && route.page === "workOrder") {
        navigate(paths.workOrders(estate.estate_id));
        return true;
      }
      if (estate && route.page === "complaint") {
        navigate(paths.complaints(estate.estate_id));
        return true;
      }
      return false;
    }
    if (e.altKey && e.shiftKey && e.code === "KeyL") {
      setLang(lang === "zh" ? "en" : "zh");
      return true;
    }
    if (typing || !plain(e)) return false;
    if (e.key === "?") {
      setHelp((h) => !h);
      return true;
    }
    if (e.key === "/") {
      document.getElementById(SEARCH_INPUT_ID)?.focus();
      return true;
    }
    if (!estate) return false;
    const item = NAV.find((n) => n.key.toLowerCase() === e.key.toLowerCase() && shown(n));
    if (item && !e.shiftKey) {
      navigate(item.to(estate.estate_id));
      return true;
    }
    return false;
  });

  let body: ReactNode;
  if (!estate) {
    body = (
      <section className="card refusal" role="alert">
        <h1>{t("refusal.title")}</h1>
        <p>{t("refusal.scope")}</p>
        {estates[0] && <Link to={paths.queue(estates[0].estate_id)}>{t("refusal.toMine")}</Link>}
      </section>
    );
  } else {
    const p: DeskProps = { estate, session, canWrite, canCallBack };
    switch (route.page) {
      case "queue":
        body = <Queue {...p} />;
        break;
      case "log":
        // A new caller (?unit=…&resident=…) starts a new form.
        body = <LogContact key={location.search} {...p} />;
        break;
      case "intake":
        body = <IntakeDetail {...p} intakeId={route.id} />;
        break;
      case "unit":
        body = <UnitCardScreen {...p} unitId={route.id} />;
        break;
      case "visitors":
        body = <Visitors {...p} />;
        break;
      case "parcels":
        body = <Parcels {...p} />;
        break;
      case "keys":
        body = <Keys {...p} />;
        break;
      case "handover":
        body = <Handover {...p} />;
        break;
      case "complaints":
        body = <Complaints {...p} />;
        break;
      case "workOrders":
        body = <WorkOrders {...p} />;
        break;
      case "workOrder":
        body = <WorkOrderDetail {...p} workOrderId={route.id} />;
        break;
      case "complaint":
        body = <ComplaintDetail {...p} complaintId={route.id} />;
        break;
      case "office":
        body = <Office {...p} tab={route.tab} />;
        break;
      case "supervisor":
        body = <Supervisor {...p} />;
        break;
      case "technician":
        body = <Technician {...p} />;
        break;
      case "cash":
        body = <CashDesk {...p} />;
        break;
      case "receipt":
        body = <ReceiptPage {...p} paymentId={route.id} />;
        break;
      case "passes":
        body = <Passes {...p} />;
        break;
      case "accounts":
        body = <Accounts {...p} />;
        break;
    }
  }

  const current =
    route.page === "intake" || route.page === "unit"
      ? "queue"
      : route.page === "receipt"
        ? "cash"
        : route.page === "workOrder"
          ? "workOrders"
          : route.page === "complaint"
            ? "complaints"
            : route.page;
  return (
    <div className="shell">
      <a className="skip" href="#main">
        {t("app.skip")}
      </a>
      <header className="top">
        <div className="brand">
          <span className="app-name">{t("app.title")}</span>
          {estate && estates.length > 1 ? (
            <select
              aria-label={t("nav.estate")}
              className="estate-select"
              value={estate.estate_id}
              onChange={(e) => navigate(paths.queue(e.target.value))}
            >
              {estates.map((e) => (
                <option key={e.estate_id} value={e.estate_id}>
                  {e.name}
                </option>
              ))}
            </select>
          ) : (
            <span className="estate-name">{estate?.name}</span>
          )}
        </div>
        {estate && (
          <SearchBox
            estateId={estate.estate_id}
            onPick={(h) =>
              // At the cash desk a found unit is the one paying.
              navigate(
                route.page === "cash" || route.page === "receipt"
                  ? `${paths.cash(estate.estate_id)}?unit=${encodeURIComponent(h.unit_label)}`
                  : // On the pass and account screens a found unit (and person) fills the form.
                    route.page === "passes"
                    ? paths.passes(estate.estate_id, { unit: h.unit_label, resident: h.resident?.resident_id })
                    : route.page === "accounts"
                      ? paths.accounts(estate.estate_id, { unit: h.unit_label })
                      : paths.unit(estate.estate_id, h.unit_id, h.resident?.resident_id),
              )
            }
          />
        )}
        <div className="who">
          <LangButton />
          <button type="button" className="link" onClick={() => setHelp(true)} title={t("nav.help")}>
            ?
          </button>
          <span className="staff-name">{session.staff.display_name}</span>
          <button type="button" className="link" onClick={onSignOut}>
            {t("nav.signOut")}
          </button>
        </div>
      </header>
      {estate && (
        <nav className="side" aria-label={t("nav.menu")}>
          {menu.map((n) => (
            <Link
              key={n.page}
              to={n.to(estate.estate_id)}
              className={current === n.page ? "current" : ""}
              aria-current={current === n.page ? "page" : undefined}
            >
              <span>{t(n.label)}</span>
              <kbd>{n.key}</kbd>
            </Link>
          ))}
        </nav>
      )}
      <main id="main" className="content">
        {body}
      </main>
      {help && <HelpOverlay onClose={() => setHelp(false)} />}
    </div>
  );
}
