// The entry's ownership (首问责任制) on its page: who owns it, the trail of who owned it when,
// notes by any desk colleague, a supervisor's reassignment, and praise or a suggestion passed on
// with its outcome recorded by whoever it was passed to.

import { useState, type FormEvent } from "react";
import { get, post } from "../api/client";
import type { Intake, ReferralTo, StaffView } from "../api/types";
import { ErrorNote } from "../components/ErrorNote";
import { useAction, useLoad } from "../components/useLoad";
import { useI18n } from "../i18n";
import { formatTime } from "../lib/format";
import { ownership, type Colleague } from "../lib/ownership";

/** The group's staff (names and roles), for owners' names and the reassignment list; empty until read. */
export function useColleagues(): Colleague[] {
  const people = useLoad(async () => {
    try {
      return (await get<{ items: Colleague[] }>("/auth/directory")).items;
    } catch {
      return [];
    }
  }, []);
  return people.data ?? [];
}

export function nameOf(people: Colleague[], id: string | null | undefined, unknown: string): string {
  if (!id) return unknown;
  return people.find((p) => p.staff_id === id)?.display_name ?? unknown;
}

/** The owner's line at the top of the entry, and whether the one signed in owns it. */
export function OwnerLine({ intake, staff, people }: { intake: Intake; staff: StaffView; people: Colleague[] }) {
  const { t } = useI18n();
  const owner = intake.owner_id ?? intake.taken_by;
  const mine = owner === staff.staff_id;
  return (
    <div>
      <dt>{t("own.owner")}</dt>
      <dd data-testid="intake-owner">
        {nameOf(people, owner, t("own.unknown"))}
        {mine && <> · {t("intake.me")}</>}
      </dd>
    </div>
  );
}

/** Who did what, and who owned the entry after each step. */
export function Trail({ intake, people }: { intake: Intake; people: Colleague[] }) {
  const { t, tv } = useI18n();
  const steps = intake.trail ?? [];
  return (
    <section className="card" aria-labelledby="trail-title">
      <h2 id="trail-title">{t("own.trail")}</h2>
      {steps.length === 0 ? (
        <p className="muted">{t("own.trailEmpty")}</p>
      ) : (
        <table className="list" data-testid="intake-trail">
          <thead>
            <tr>
              <th>{t("own.trailWhen")}</th>
              <th>{t("own.trailWho")}</th>
              <th>{t("own.trailWhat")}</th>
              <th>{t("own.trailOwner")}</th>
            </tr>
          </thead>
          <tbody>
            {steps.map((s) => (
              <tr key={s.step_id} data-action={s.action}>
                <td>{formatTime(s.at)}</td>
                <td>{nameOf(people, s.actor, t("own.unknown"))}</td>
                <td>
                  {tv("step", s.action)}
                  {s.note && <> · {s.action === "referred" ? tv("referTo", s.note) : s.note}</>}
                </td>
                <td>{nameOf(people, s.owner_id, t("own.unknown"))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

interface Props {
  estateId: string;
  intake: Intake;
  staff: StaffView;
  canWrite: boolean;
  people: Colleague[];
  /** After a step: show its message and read the entry again. */
  done: (message: string) => Promise<void>;
}

/** The forms of ownership: note, reassign, pass on, outcome. Each shows only to who may use it. */
export function OwnershipActions({ estateId, intake, staff, canWrite, people, done }: Props) {
  const { t, tv } = useI18n();
  const may = ownership(intake, staff);
  const base = `/reception/estates/${estateId}/intakes/${intake.intake_id}`;

  const [note, setNote] = useState("");
  const noting = useAction();
  const [to, setTo] = useState("");
  const [reason, setReason] = useState("");
  const reassigning = useAction();
  const [referTo, setReferTo] = useState<ReferralTo>(intake.category === "praise" ? "staff_record" : "estate_manager");
  const [praised, setPraised] = useState("");
  const referring = useAction();
  const [outcome, setOutcome] = useState("");
  const recording = useAction();

  const addNote = async (e: FormEvent) => {
    e.preventDefault();
    const r = await noting.run(() => post<Intake>(`${base}/notes`, { body: note.trim() }));
    if (r) {
      setNote("");
      await done(t("own.noteOk"));
    }
  };

  const reassign = async (e: FormEvent) => {
    e.preventDefault();
    const r = await reassigning.run(() => post<Intake>(`${base}/reassign`, { owner_id: to, reason: reason.trim() }));
    if (r) {
      setTo("");
      setReason("");
      await done(t("own.reassignOk", { name: nameOf(people, r.owner_id, t("own.unknown")) }));
    }
  };

  const refer = async (e: FormEvent) => {
    e.preventDefault();
    const target: ReferralTo = intake.category === "praise" ? "staff_record" : referTo;
    const r = await referring.run(() =>
      post<Intake>(`${base}/refer`, { to: target, staff_member: target === "staff_record" ? praised.trim() : undefined }),
    );
    if (r) await done(t("own.referOk"));
  };

  const record = async (e: FormEvent) => {
    e.preventDefault();
    const r = await recording.run(() => post<Intake>(`${base}/outcome`, { outcome: outcome.trim() }));
    if (r) {
      setOutcome("");
      await done(t("own.outcomeOk"));
    }
  };

  const ref = intake.referral;
  const candidates = people.filter((p) => p.staff_id !== may.owner && p.roles.some((r) => OWNING.includes(r)));
  return (
    <>
      {may.referable && (
        <div className="card" data-testid="intake-referral">
          <h2>{t("own.referral")}</h2>
          {ref ? (
            <dl className="facts">
              <div>
                <dt>{t("own.referTo")}</dt>
                <dd data-testid="referral-to">
                  {t("own.referredTo", { to: tv("referTo", ref.to) })}
                  {ref.staff_member && t("own.referredStaff", { name: ref.staff_member })} · {formatTime(ref.referred_at)}
                </dd>
              </div>
              <div>
                <dt>{t("own.outcome")}</dt>
                <dd data-testid="referral-outcome">
                  {ref.outcome ? (
                    <>
                      {ref.outcome} · {nameOf(people, ref.outcome_by, t("own.unknown"))} · {formatTime(ref.outcome_at)}
                    </>
                  ) : (
                    t("own.awaitingOutcome")
                  )}
                </dd>
              </div>
            </dl>
          ) : (
            <p className="muted small">{t("own.referHint")}</p>
          )}
          {!ref && canWrite && may.refer && (
            <form onSubmit={refer} data-testid="refer-form">
              <div className="actions">
                {intake.category === "praise" ? (
                  <label>
                    {t("own.referStaff")}
                    <input name="staff_member" value={praised} maxLength={50} onChange={(e) => setPraised(e.target.value)} />
                  </label>
                ) : (
                  <label>
                    {t("own.referTo")}
                    <select name="to" value={referTo} onChange={(e) => setReferTo(e.target.value as ReferralTo)}>
                      <option value="estate_manager">{tv("referTo", "estate_manager")}</option>
                      <option value="hq">{tv("referTo", "hq")}</option>
                    </select>
                  </label>
                )}
                <button type="submit" disabled={referring.busy || (intake.category === "praise" && !praised.trim())}>
                  {t("own.referSubmit")}
                </button>
              </div>
              <ErrorNote error={referring.error} />
            </form>
          )}
          {ref && !ref.outcome && may.recordOutcome && (
            <form onSubmit={record} data-testid="outcome-form">
              <p className="muted small">{t("own.outcomeHint")}</p>
              <label className="block">
                {t("own.outcome")}
                <textarea name="outcome" rows={2} value={outcome} onChange={(e) => setOutcome(e.target.value)} />
              </label>
              <ErrorNote error={recording.error} />
              <div className="actions">
                <button type="submit" disabled={recording.busy || !outcome.trim()}>
                  {t("own.outcomeSubmit")}
                </button>
              </div>
            </form>
          )}
        </div>
      )}

      {canWrite && may.note && (
        <form className="card" onSubmit={addNote} data-testid="note-form" aria-labelledby="note-title">
          <h2 id="note-title">{t("own.note")}</h2>
          <p className="muted small">{t("own.noteHint")}</p>
          <label className="block">
            <span className="sr-only">{t("own.note")}</span>
            <textarea name="note" rows={2} value={note} maxLength={2000} onChange={(e) => setNote(e.target.value)} />
          </label>
          <ErrorNote error={noting.error} />
          <div className="actions">
            <button type="submit" disabled={noting.busy || !note.trim()}>
              {t("own.noteSubmit")}
            </button>
          </div>
        </form>
      )}

      {canWrite && may.reassign && (
        <form className="card" onSubmit={reassign} data-testid="reassign-form" aria-labelledby="reassign-title">
          <h2 id="reassign-title">{t("own.reassign")}</h2>
          <p className="muted small">{t("own.reassignHint")}</p>
          <div className="row3">
            <label>
              {t("own.reassignTo")}
              <select name="owner_id" value={to} onChange={(e) => setTo(e.target.value)}>
                <option value="">{t("own.reassignPick")}</option>
                {candidates.map((p) => (
                  <option key={p.staff_id} value={p.staff_id}>
                    {p.display_name}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t("own.reassignReason")}
              <input name="reason" value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />
            </label>
          </div>
          <ErrorNote error={reassigning.error} />
          <div className="actions">
            <button type="submit" disabled={reassigning.busy || !to || !reason.trim()}>
              {t("own.reassignSubmit")}
            </button>
          </div>
        </form>
      )}
    </>
  );
}

const OWNING = ["receptionist", "supervisor", "estate_manager"];
