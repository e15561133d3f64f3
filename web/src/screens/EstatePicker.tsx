import { useEffect } from "react";
import type { Estate, StaffView } from "../api/types";
import { Link } from "../components/Link";
import { useI18n } from "../i18n";
import { digitOf, plain, useKeys } from "../lib/keys";
import { navigate, paths } from "../lib/router";
import { LangButton } from "./LangButton";

/** Staff with several estates pick one; with one estate the desk opens at once. */
export function EstatePicker({ estates, staff, onSignOut }: { estates: Estate[]; staff: StaffView; onSignOut: () => void }) {
  const { t } = useI18n();

  useEffect(() => {
    if (estates.length === 1) navigate(paths.queue(estates[0].estate_id), { replace: true });
  }, [estates]);

  useKeys((e, typing) => {
    if (typing || !plain(e)) return false;
    const d = digitOf(e);
    if (d !== null && d >= 1 && d <= estates.length) {
      navigate(paths.queue(estates[d - 1].estate_id));
      return true;
    }
    return false;
  });

  return (
    <main className="centre">
      <div className="card picker">
        <div className="login-head">
          <h1>{t("estates.title")}</h1>
          <LangButton />
        </div>
        <p className="muted">
          {staff.display_name} · {estates.length > 0 ? t("estates.hint") : t("estates.none")}
        </p>
        <ol className="estate-list">
          {estates.map((e, i) => (
            <li key={e.estate_id}>
              <Link to={paths.queue(e.estate_id)}>
                <kbd>{i + 1}</kbd> <strong>{e.name}</strong> <span className="muted">{e.code} · {e.service_centre_name}</span>
              </Link>
            </li>
          ))}
        </ol>
        <button type="button" className="link" onClick={onSignOut}>
          {t("nav.signOut")}
        </button>
      </div>
    </main>
  );
}
