import { useEffect, useState } from "react";
import { get } from "../api/client";
import type { Intake } from "../api/types";
import { Link } from "../components/Link";
import { useI18n } from "../i18n";
import { formatPhone, formatTime } from "../lib/format";
import { plain, useKeys } from "../lib/keys";
import { navigate, paths } from "../lib/router";

const ROUTED = ["repair", "paid_repair", "paid_service", "after_sales", "emergency", "complaint"];

/** What was recorded, to read back to the caller, with the number to call back. */
export function ReadBack({ estateId, intake, onAnother }: { estateId: string; intake: Intake; onAnother: () => void }) {
  const { t, tv } = useI18n();
  const [current, setCurrent] = useState(intake);

  // A repair or complaint is passed on within a moment; show its number when it is there.
  useEffect(() => {
    if (!ROUTED.includes(intake.category)) return;
    let tries = 0;
    let timer = 0;
    const poll = async () => {
      tries += 1;
      try {
        const i = await get<Intake>(`/reception/estates/${estateId}/intakes/${intake.intake_id}`);
        setCurrent(i);
        if (i.downstream) return;
      } catch {
        // The entry is saved; the number will show in the queue.
      }
      if (tries < 15) timer = window.setTimeout(poll, 800);
    };
    timer = window.setTimeout(poll, 400);
    return () => window.clearTimeout(timer);
  }, [estateId, intake]);

  useKeys((e, typing) => {
    if (e.key === "Escape") {
      navigate(paths.queue(estateId));
      return true;
    }
    if (typing || !plain(e)) return false;
    if (e.key === "n" || e.key === "N") {
      onAnother();
      return true;
    }
    const onControl = e.target instanceof HTMLButtonElement || e.target instanceof HTMLAnchorElement;
    if (e.key === "Enter" && !onControl) {
      navigate(paths.intake(estateId, intake.intake_id));
      return true;
    }
    return false;
  });

  const c = current.caller;
  return (
    <section className="card readback" aria-labelledby="readback-title" data-testid="readback">
      <h1 id="readback-title">{t("readback.title")}</h1>
      <dl className="facts big">
        <div>
          <dt>{t("log.category")}</dt>
          <dd>
            {tv("cat", current.category)} · {tv("ch", current.channel)}
          </dd>
        </div>
        <div>
          <dt>{t("log.caller")}</dt>
          <dd>
            {c.name ?? ""} <span className="unit">{c.unit_label ?? ""}</span>
          </dd>
        </div>
        <div>
          <dt>{t("readback.callback")}</dt>
          <dd className="callback" data-testid="callback">
            {c.phone ? formatPhone(c.phone) : <span className="muted">{t("readback.noPhone")}</span>}
          </dd>
        </div>
        <div>
          <dt>{t("log.request")}</dt>
          <dd className="request-text">{current.request}</dd>
        </div>
        <div>
          <dt>{t("readback.due")}</dt>
          <dd>{formatTime(current.due_at)}</dd>
        </div>
        {ROUTED.includes(current.category) && (
          <div>
            <dt>{t("intake.downstream")}</dt>
            <dd data-testid="downstream">
              {current.downstream
                ? t("readback.handed", {
                    kind: tv("downstream", current.downstream.kind),
                    number: current.downstream.number ?? "",
                  })
                : t("readback.handing")}
              {current.downstream?.kind === "work_order" && (
                <>
                  {" "}
                  <Link to={paths.workOrder(estateId, current.downstream.id)}>{t("readback.openOrder")}</Link>
                </>
              )}
            </dd>
          </div>
        )}
      </dl>
      <div className="actions">
        <button type="button" className="primary" onClick={onAnother}>
          {t("readback.another")}
        </button>
        <Link to={paths.intake(estateId, intake.intake_id)}>{t("readback.open")}</Link>
        <Link to={paths.queue(estateId)}>{t("readback.toQueue")}</Link>
      </div>
    </section>
  );
}
