// The back office (财务与档案): the fee schedule, the month's run, charging an item at the desk,
// the receipts lists and reports with their CSV, reversals, deposits, the registry import, and
// the estate's time zone and calendar with finance's exceptions.
// One page with tabs; each member of staff sees the tabs of their roles, picked with 1…0.

import type { ReactNode } from "react";
import type { Role } from "../api/types";
import { Link } from "../components/Link";
import { useI18n, type MessageKey } from "../i18n";
import { digitOf, plain, useKeys } from "../lib/keys";
import { hasAnyRole } from "../lib/roles";
import { navigate, paths } from "../lib/router";
import type { DeskProps } from "../screens/DeskShell";
import { ChargeItem } from "./ChargeItem";
import { Deposits } from "./Deposits";
import { CALENDAR_ROLES, EstateCalendar } from "./EstateCalendar";
import { FeeSchedule } from "./FeeSchedule";
import { RegistryImport } from "./RegistryImport";
import { MonthRun } from "./MonthRun";
import { Arrears, DayReceipts, Drawers, Monthly, Weekly } from "./Reports";
import { ReversalQueue } from "./Reversals";

export type OfficeTab =
  | "fees"
  | "run"
  | "charge"
  | "weekly"
  | "day"
  | "monthly"
  | "arrears"
  | "drawers"
  | "reversals"
  | "deposits"
  | "import"
  | "calendar";

/** Who sets fees and runs the month (as billing checks it). */
export const FEE_ROLES: Role[] = ["estate_manager", "supervisor", "admin"];
/** Who charges items and takes or gives back money at the desk. */
export const CASH_DESK_ROLES: Role[] = ["cashier", "receptionist", "supervisor", "admin"];
/** Who reads the receipts lists and reports. */
export const READER_ROLES: Role[] = ["supervisor", "estate_manager", "cashier", "admin"];
/** Who decides reversals. */
export const APPROVER_ROLES: Role[] = ["supervisor", "estate_manager", "admin"];
/** Who imports the registry. */
export const IMPORT_ROLES: Role[] = ["estate_manager", "admin"];

const TABS: { tab: OfficeTab; label: MessageKey; roles: Role[] }[] = [
  { tab: "fees", label: "office.tab.fees", roles: FEE_ROLES },
  { tab: "run", label: "office.tab.run", roles: FEE_ROLES },
  { tab: "charge", label: "office.tab.charge", roles: CASH_DESK_ROLES },
  { tab: "weekly", label: "office.tab.weekly", roles: READER_ROLES },
  { tab: "day", label: "office.tab.day", roles: READER_ROLES },
  { tab: "monthly", label: "office.tab.monthly", roles: READER_ROLES },
  { tab: "arrears", label: "office.tab.arrears", roles: READER_ROLES },
  { tab: "drawers", label: "office.tab.drawers", roles: READER_ROLES },
  { tab: "reversals", label: "office.tab.reversals", roles: APPROVER_ROLES },
  { tab: "deposits", label: "office.tab.deposits", roles: [...CASH_DESK_ROLES, "estate_manager"] },
  { tab: "import", label: "office.tab.import", roles: IMPORT_ROLES },
  { tab: "calendar", label: "office.tab.calendar", roles: CALENDAR_ROLES },
];

/** The calendar tab also has a letter of its own (it comes after the tenth tab for most). */
export const CALENDAR_KEY = "L";

/** The tabs a member of staff with `roles` sees, in order. */
export function visibleTabs(roles: Role[]): OfficeTab[] {
  return TABS.filter((t) => t.roles.some((r) => roles.includes(r))).map((t) => t.tab);
}

/** The digit shown for the i-th visible tab: 1…9 then 0; none past the tenth. */
export function tabKey(i: number): string | null {
  if (i < 9) return String(i + 1);
  return i === 9 ? "0" : null;
}

export function Office(p: DeskProps & { tab: string }) {
  const { t } = useI18n();
  const e = p.estate.estate_id;
  const tabs = visibleTabs(p.session.staff.roles);
  const tab = (tabs as string[]).includes(p.tab) ? (p.tab as OfficeTab) : tabs[0];

  useKeys((ev, typing) => {
    if (typing || !plain(ev)) return false;
    if (ev.key.toUpperCase() === CALENDAR_KEY && !ev.shiftKey && tabs.includes("calendar")) {
      navigate(paths.office(e, "calendar"));
      return true;
    }
    const d = digitOf(ev);
    if (d === null) return false;
    const i = d === 0 ? 9 : d - 1;
    if (i >= tabs.length) return false;
    navigate(paths.office(e, tabs[i]));
    return true;
  });

  if (!tab || !hasAnyRole(p.session.staff, TABS.flatMap((x) => x.roles))) {
    return (
      <section className="card refusal" role="alert">
        <h1>{t("office.title")}</h1>
        <p>{t("office.noTabs")}</p>
      </section>
    );
  }

  let body: ReactNode;
  switch (tab) {
    case "fees":
      body = <FeeSchedule {...p} />;
      break;
    case "run":
      body = <MonthRun {...p} />;
      break;
    case "charge":
      body = <ChargeItem {...p} />;
      break;
    case "weekly":
      body = <Weekly {...p} />;
      break;
    case "day":
      body = <DayReceipts {...p} />;
      break;
    case "monthly":
      body = <Monthly {...p} />;
      break;
    case "arrears":
      body = <Arrears {...p} />;
      break;
    case "drawers":
      body = <Drawers {...p} />;
      break;
    case "reversals":
      body = <ReversalQueue {...p} />;
      break;
    case "deposits":
      body = <Deposits {...p} />;
      break;
    case "import":
      body = <RegistryImport {...p} />;
      break;
    case "calendar":
      body = <EstateCalendar {...p} />;
      break;
  }

  return (
    <section className="office" aria-labelledby="office-title">
      <div className="page-head">
        <h1 id="office-title">{t("office.title")}</h1>
        <span className="muted small">{t("office.keys")}</span>
      </div>
      <nav className="tabs" aria-label={t("office.tabs")} data-testid="office-tabs">
        {tabs.map((x, i) => {
          const label = TABS.find((d) => d.tab === x)?.label ?? "office.title";
          const key = x === "calendar" ? CALENDAR_KEY : tabKey(i);
          return (
            <Link
              key={x}
              to={paths.office(e, x)}
              className={`tab${x === tab ? " current" : ""}`}
              aria-current={x === tab ? "page" : undefined}
            >
              {t(label)} {key && <kbd>{key}</kbd>}
            </Link>
          );
        })}
      </nav>
      <div key={tab} data-testid={`office-${tab}`}>
        {body}
      </div>
    </section>
  );
}
