import { useState, type FormEvent } from "react";
import { get, post } from "../api/client";
import type { CurrentShift, Shift, ShiftNote } from "../api/types";
import { CategoryBadge } from "../components/Badges";
import { ErrorNote } from "../components/ErrorNote";
import { Link } from "../components/Link";
import { useAction, useLoad } from "../components/useLoad";
import { useI18n } from "../i18n";
import { formatTime } from "../lib/format";
import { paths } from "../lib/router";
import type { DeskProps } from "./DeskShell";

function defaultKind(now = new Date()): "day" | "night" {
  const h = now.getHours();
  return h >= 8 && h < 20 ? "day" : "night";
}

function Notes({ notes }: { notes: ShiftNote[] }) {
  const { t } = useI18n();
  if (notes.length === 0) return <p className="muted">{t("handover.noNotes")}</p>;
  return (
    <ul className="notes">
      {notes.map((n) => (
        <li key={n.note_id} className={n.important ? "important" : ""}>
          <span className="muted small">{formatTime(n.created_at)}</span>{" "}
          {n.important && <span className="badge urg-overdue">{t("handover.important")}</span>} {n.body}
        </li>
      ))}
    </ul>
  );
}

/** What one shift handed over: its open entries and its duty log. */
function HandedOver({ shift, estateId }: { shift: Shift; estateId: string }) {
  const { t, tv } = useI18n();
  const h = shift.handover;
  return (
    <div data-testid="handover-content">
      <p className="muted">
        {t("handover.handedOverAt", { kind: tv("handover.kind", shift.kind), time: formatTime(shift.handed_over_at) })}
        {shift.acknowledged_at && ` · ${t("handover.acknowledgedAt", { time: formatTime(shift.acknowledged_at) })}`}
      </p>
      <h3>{t("handover.notes")}</h3>
      <Notes notes={h?.notes ?? shift.notes} />
      <h3>{t("handover.entries", { n: h?.open_entries_total ?? 0 })}</h3>
      {h && h.open_entries.length === 0 && <p className="muted">{t("handover.noEntries")}</p>}
      <ul className="items">
        {h?.open_entries.map((e) => (
          <li key={e.intake_id}>
            <CategoryBadge category={e.category} /> <span className="unit">{e.unit_label ?? ""}</span>{" "}
            <Link to={paths.intake(estateId, e.intake_id)}>{e.request}</Link>{" "}
            {e.urgency && e.urgency !== "on_track" && <span className={`badge urg-${e.urgency}`}>{tv("urgency", e.urgency)}</span>}
            {e.downstream_no && <span className="muted small"> {e.downstream_no}</span>}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** 交接班: open a shift, keep the duty log, hand over, and acknowledge the last handover. */
export function Handover({ estate, canWrite }: DeskProps) {
  const { t, tv } = useI18n();
  const e = estate.estate_id;
  const current = useLoad(() => get<CurrentShift>(`/reception/estates/${e}/shifts/current`), [e], 30_000);
  const [kind, setKind] = useState<"day" | "night">(defaultKind);
  const [note, setNote] = useState("");
  const [important, setImportant] = useState(false);
  const action = useAction();

  const run = async (fn: () => Promise<unknown>) => {
    const r = await action.run(fn);
    if (r !== undefined) await current.reload();
    return r;
  };

  const addNote = async (ev: FormEvent, shiftId: string) => {
    ev.preventDefault();
    const r = await run(() => post(`/reception/estates/${e}/shifts/${shiftId}/notes`, { body: note.trim(), important }));
    if (r) {
      setNote("");
      setImportant(false);
    }
  };

  const kindPicker = (label: "handover.kind" | "handover.ackKind") => (
    <label>
      {t(label)}
      <select name="kind" value={kind} onChange={(ev) => setKind(ev.target.value as "day" | "night")}>
        <option value="day">{t("handover.kind.day")}</option>
        <option value="night">{t("handover.kind.night")}</option>
      </select>
    </label>
  );

  const data = current.data;
  const onDuty = data?.shift ?? null;
  const previous = data?.previous ?? null;
  const waiting = !onDuty && previous?.status === "handed_over" ? previous : null;

  return (
    <section aria-labelledby="handover-title">
      <div className="page-head">
        <h1 id="handover-title">{t("handover.title")}</h1>
      </div>
      <ErrorNote error={current.error ?? action.error} />
      {!data && !current.error && <p className="muted">{t("common.loading")}</p>}

      {onDuty && (
        <div className="card" data-testid="on-duty">
          <h2>
            {t("handover.openedAt", { kind: tv("handover.kind", onDuty.kind), time: formatTime(onDuty.opened_at) })}
          </h2>
          <h3>{t("handover.notes")}</h3>
          <Notes notes={onDuty.notes} />
          {canWrite && (
            <>
              <form className="inline-form" onSubmit={(ev) => void addNote(ev, onDuty.shift_id)}>
                <label className="grow">
                  {t("handover.note")}
                  <input name="note" required autoComplete="off" value={note} onChange={(ev) => setNote(ev.target.value)} />
                </label>
                <label className="check">
                  <input type="checkbox" checked={important} onChange={(ev) => setImportant(ev.target.checked)} />
                  {t("handover.important")}
                </label>
                <button type="submit" disabled={action.busy || !note.trim()}>
                  {t("handover.addNote")}
                </button>
              </form>
              <p className="muted small">{t("handover.handOverHint")}</p>
              <button
                type="button"
                className="primary"
                disabled={action.busy}
                onClick={() => void run(() => post(`/reception/estates/${e}/shifts/${onDuty.shift_id}/handover`))}
              >
                {t("handover.handOver")}
              </button>
            </>
          )}
        </div>
      )}

      {waiting && (
        <div className="card attention" data-testid="waiting-handover">
          <h2>{t("handover.waiting")}</h2>
          <HandedOver shift={waiting} estateId={e} />
          {canWrite && (
            <div className="inline-form">
              {kindPicker("handover.ackKind")}
              <button
                type="button"
                className="primary"
                disabled={action.busy}
                onClick={() => void run(() => post(`/reception/estates/${e}/shifts/${waiting.shift_id}/acknowledge`, { kind }))}
              >
                {t("handover.acknowledge")}
              </button>
            </div>
          )}
        </div>
      )}

      {data && !onDuty && !waiting && (
        <div className="card">
          <p>{t("handover.noShift")}</p>
          {canWrite && (
            <div className="inline-form">
              {kindPicker("handover.kind")}
              <button
                type="button"
                className="primary"
                disabled={action.busy}
                onClick={() => void run(() => post(`/reception/estates/${e}/shifts`, { kind }))}
              >
                {t("handover.open")}
              </button>
            </div>
          )}
        </div>
      )}

      {previous && !waiting && previous.handover && (
        <div className="card">
          <h2>{t("handover.previous")}</h2>
          <HandedOver shift={previous} estateId={e} />
        </div>
      )}
    </section>
  );
}
