// Head office's pages: /hq (every estate of the group, ranked) and /hq/estates/{id} (one
// estate's figures and its last six months). The month is in the address (?month=YYYY-MM).

import type { ReactNode } from "react";
import type { Estate, SignedIn } from "../api/types";
import { Link } from "../components/Link";
import { useI18n } from "../i18n";
import { navigate, queryParam } from "../lib/router";
import { LangButton } from "../screens/LangButton";
import { EstateFigures } from "./EstateFigures";
import { isMonth, lastMonths, monthOf } from "./figures";
import { Ranking } from "./Ranking";
import { hqPaths, parseHqRoute } from "./route";
import "./hq.css";

export function HqApp({
  path,
  estates,
  session,
  onSignOut,
}: {
  path: string;
  estates: Estate[];
  session: SignedIn;
  onSignOut: () => void;
}) {
  const { t } = useI18n();
  const route = parseHqRoute(path);
  const current = monthOf(new Date());
  const asked = queryParam("month");
  const month = isMonth(asked) ? asked : current;
  const months = lastMonths(current, 12).reverse();
  if (!months.includes(month)) months.push(month);

  const setMonth = (m: string) =>
    navigate(route.page === "estate" ? hqPaths.estate(route.id, m) : hqPaths.ranking(m), { replace: true });

  let body: ReactNode;
  if (route.page === "estate") {
    const estate = estates.find((e) => e.estate_id === route.id);
    body = estate ? (
      <EstateFigures key={`${estate.estate_id}-${month}`} estate={estate} month={month} />
    ) : (
      <section className="card refusal" role="alert">
        <p>{t("hq.estate.unknown")}</p>
        <Link to={hqPaths.ranking(month)}>{t("hq.estate.back")}</Link>
      </section>
    );
  } else {
    body = <Ranking key={month} estates={estates} month={month} />;
  }

  return (
    <div className="shell hq">
      <a className="skip" href="#main">
        {t("app.skip")}
      </a>
      <header className="top">
        <div className="brand">
          <span className="app-name">{t("hq.title")}</span>
        </div>
        <label className="hq-month">
          <span>{t("hq.month")}</span>
          <select value={month} onChange={(e) => setMonth(e.target.value)} data-testid="hq-month">
            {months.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </label>
        <div className="who">
          <span className="staff-name">{session.staff.display_name}</span>
          <LangButton />
          <button type="button" className="link" onClick={onSignOut}>
            {t("nav.signOut")}
          </button>
        </div>
      </header>
      <nav className="side" aria-label={t("nav.menu")}>
        <Link to={hqPaths.ranking(month)} className={route.page === "ranking" ? "current" : undefined}>
          {t("hq.nav.ranking")}
        </Link>
      </nav>
      <main id="main" className="content">
        {body}
      </main>
    </div>
  );
}
