import { useState, type FormEvent } from "react";
import { get, patch, post } from "../api/client";
import { CATEGORIES, type Category, type Intake } from "../api/types";
import { CategoryBadge, StatusBadge, UrgencyBadge } from "../components/Badges";
import { ErrorNote, OkNote } from "../components/ErrorNote";
import { Link } from "../components/Link";
import { useAction, useLoad } from "../components/useLoad";
import { useI18n } from "../i18n";
import { formatPhone, formatTime } from "../lib/format";
import { useKeys } from "../lib/keys";
import { paths } from "../lib/router";
import type { DeskProps } from "./DeskShell";
import { OwnerLine, OwnershipActions, Trail, nameOf, useColleagues } from "./IntakeOwnership";
import { ownership } from "../lib/ownership";

const TOLD_VIA = ["phone", "in_person", "sms", "letter", "app"] as const;
const SATISFACTION = ["satisfied", "basically_satisfied", "dissatisfied"] as const;

/** One ledger entry, with closing (注销) when the desk may. */
export function IntakeDetail({ estate, session, canWrite, intakeId }: DeskProps & { intakeId: string }) {
  const { t, tv } = useI18n();
  const loaded = useLoad(() => get<Intake>(`/reception/estates/${estate.estate_id}/intakes/${intakeId}`), [estate.estate_id, intakeId]);
  const [result, setResult] = useState("");
  const [toldVia, setToldVia] = useState<string>("phone");
  const [satisfaction, setSatisfaction] = useState<string>("");
  const [newCategory, setNewCategory] = useState<Category | "">("");
  const [ok, setOk] = useState<string | null>(null);
  const closing = useAction();
  const changing = useAction();
  const people = useColleagues();

  const close = async (e?: FormEvent) => {
    e?.preventDefault();
    setOk(null);
    const r = await closing.run(() =>
      post<Intake>(`/reception/estates/${estate.estate_id}/intakes/${intakeId}/close`, {
        result: result.trim(),
        told_via: toldVia,
        satisfaction: satisfaction || undefined,
      }),
    );
    if (r) {
      setOk(t("intake.closedOk"));
      await loaded.reload();
    }
  };

  const recategorize = async (e: FormEvent) => {
    e.preventDefault();
    if (!newCategory) return;
    setOk(null);
    const r = await changing.run(() =>
      patch<Intake>(`/reception/estates/${estate.estate_id}/intakes/${intakeId}`, { category: newCategory }),
    );
    if (r) {
      setOk(t("intake.changedOk"));
      setNewCategory("");
      await loaded.reload();
    }
  };

  useKeys((e) => {
    if (e.ctrlKey && e.key === "Enter" && loaded.data && loaded.data.status !== "closed" && canWrite) {
      void close();
      return true;
    }
    return false;
  });

  if (loaded.error) {
    return (
      <section className="card refusal">
        <h1>{t("intake.title")}</h1>
        <ErrorNote error={loaded.error} />
        <Link to={paths.queue(estate.estate_id)}>{t("common.back")}</Link>
      </section>
    );
  }
  const i = loaded.data;
  if (!i) return <p className="muted">{t("common.loading")}</p>;

  const mine = i.taken_by === session.staff.staff_id;
  const may = ownership(i, session.staff);
  const stepDone = async (message: string) => {
    setOk(message);
    closing.setError(null);
    await loaded.reload();
  };
  return (
    <section aria-labelledby="intake-title" data-testid="intake-detail">
      <div className="page-head">
        <h1 id="intake-title">
          {t("intake.title")} <CategoryBadge category={i.category} /> <StatusBadge intake={i} /> <UrgencyBadge intake={i} />
        </h1>
        <Link to={paths.queue(estate.estate_id)}>{t("common.back")}</Link>
      </div>
      <OkNote text={ok} />
      <div className="card">
        <dl className="facts">
          <div>
            <dt>{t("intake.request")}</dt>
            <dd className="request-text">{i.request}</dd>
          </div>
          <div>
            <dt>{t("intake.caller")}</dt>
            <dd>
              {i.caller.name ?? ""} <span className="unit">{i.caller.unit_label ?? ""}</span>{" "}
              {i.caller.unit_id && (
                <Link to={paths.unit(estate.estate_id, i.caller.unit_id, i.caller.resident_id ?? undefined)}>{t("unit.title")}</Link>
              )}
            </dd>
          </div>
          <div>
            <dt>{t("intake.callback")}</dt>
            <dd className="callback">{formatPhone(i.caller.phone) || t("common.none")}</dd>
          </div>
          <div>
            <dt>{t("intake.channel")}</dt>
            <dd>{tv("ch", i.channel)}</dd>
          </div>
          <div>
            <dt>{t("intake.loggedAt")}</dt>
            <dd>
              {formatTime(i.created_at)} · {t("intake.takenBy")} {mine ? t("intake.me") : nameOf(people, i.taken_by, t("intake.colleague"))}
            </dd>
          </div>
          <OwnerLine intake={i} staff={session.staff} people={people} />
          <div>
            <dt>{t("intake.due")}</dt>
            <dd>{formatTime(i.due_at)}</dd>
          </div>
          {i.downstream && (
            <div>
              <dt>{t("intake.downstream")}</dt>
              <dd>
                {tv("downstream", i.downstream.kind)}{" "}
                {i.downstream.kind === "work_order" ? (
                  <Link to={paths.workOrder(estate.estate_id, i.downstream.id)}>{i.downstream.number ?? ""}</Link>
                ) : i.downstream.kind === "complaint" ? (
                  <Link to={paths.complaint(estate.estate_id, i.downstream.id)}>{i.downstream.number ?? ""}</Link>
                ) : (
                  (i.downstream.number ?? "")
                )}{" "}
                ·{" "}
                {i.downstream.closed_at
                  ? t("intake.downstreamDone", { result: i.downstream.result ?? "" })
                  : t("intake.downstreamOpen")}
              </dd>
            </div>
          )}
          {i.status === "closed" && (
            <>
              <div>
                <dt>{t("intake.closedAt")}</dt>
                <dd>{formatTime(i.closed_at)}</dd>
              </div>
              <div>
                <dt>{t("intake.result")}</dt>
                <dd>{i.result}</dd>
              </div>
              <div>
                <dt>{t("intake.toldVia")}</dt>
                <dd>
                  {tv("toldVia", i.told_via)} · {i.satisfaction ? tv("satisfaction", i.satisfaction) : t("satisfaction.none")}
                </dd>
              </div>
            </>
          )}
        </dl>
      </div>

      <OwnershipActions
        estateId={estate.estate_id}
        intake={i}
        staff={session.staff}
        canWrite={canWrite}
        people={people}
        done={stepDone}
      />

      {canWrite && i.status !== "closed" && (
        <form className="card" onSubmit={close} aria-labelledby="close-title" data-testid="close-form">
          <h2 id="close-title">{t("intake.close")}</h2>
          <p className="muted small">{t("intake.closeHint")}</p>
          {(may.mine || !may.close) && (
            <p className="muted small" data-testid="owner-hint">
              {may.mine ? t("own.mineHint") : t("own.othersHint", { name: nameOf(people, may.owner, t("own.unknown")) })}
            </p>
          )}
          <label className="block">
            {t("intake.result")}
            <textarea name="result" rows={2} value={result} onChange={(e) => setResult(e.target.value)} />
          </label>
          <div className="row3">
            <label>
              {t("intake.toldVia")}
              <select name="told_via" value={toldVia} onChange={(e) => setToldVia(e.target.value)}>
                {TOLD_VIA.map((v) => (
                  <option key={v} value={v}>
                    {tv("toldVia", v)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t("intake.satisfaction")}
              <select name="satisfaction" value={satisfaction} onChange={(e) => setSatisfaction(e.target.value)}>
                <option value="">{t("satisfaction.none")}</option>
                {SATISFACTION.map((v) => (
                  <option key={v} value={v}>
                    {tv("satisfaction", v)}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <ErrorNote error={closing.error} />
          <div className="actions">
            <button type="submit" className="primary" disabled={closing.busy}>
              {t("intake.closeSubmit")}
            </button>
          </div>
        </form>
      )}

      {canWrite && i.status === "open" && !i.downstream && (
        <form className="card" onSubmit={recategorize} aria-labelledby="recat-title">
          <h2 id="recat-title">{t("intake.recategorize")}</h2>
          <p className="muted small">{t("intake.recategorizeHint")}</p>
          <div className="actions">
            <select aria-label={t("log.category")} value={newCategory} onChange={(e) => setNewCategory(e.target.value as Category)}>
              <option value="">{tv("cat", i.category)}</option>
              {CATEGORIES.filter((c) => c !== i.category).map((c) => (
                <option key={c} value={c}>
                  {tv("cat", c)}
                </option>
              ))}
            </select>
            <button type="submit" disabled={!newCategory || changing.busy}>
              {t("intake.recategorizeSubmit")}
            </button>
          </div>
          <ErrorNote error={changing.error} />
        </form>
      )}

      <Trail intake={i} people={people} />
    </section>
  );
}
