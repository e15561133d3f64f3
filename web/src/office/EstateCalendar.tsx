// The estate's clock and calendar in the back office: its time zone (the registry's, estate
// managers and administrators), its calendar (documents': working weekdays, holidays, make-up
// working days 调休, close of business; supervisors too) and finance's own exceptions (billing's:
// days finance is closed though the desk works, or works though the desk does not).

import { useEffect, useState, type FormEvent, type KeyboardEvent } from "react";
import { get, patch } from "../api/client";
import { OkNote } from "../components/ErrorNote";
import { useAction, useLoad } from "../components/useLoad";
import { useI18n, type MessageKey } from "../i18n";
import { hasAnyRole } from "../lib/roles";
import type { Role } from "../api/types";
import type { DeskProps } from "../screens/DeskShell";
import {
  COMMON_ZONES,
  WEEKDAYS,
  calendarProblem,
  financeExceptions,
  financeProblem,
  isDay,
  withDay,
  withoutDay,
  type EstateCalendar as Calendar,
  type FinanceDays,
} from "./calendar";
import { putJson } from "./transfer";
import { OfficeError } from "./words";

/** Who sets the calendar (documents checks the same). */
export const CALENDAR_ROLES: Role[] = ["supervisor", "estate_manager", "admin"];
/** Who changes the estate's time zone in the registry. */
export const ZONE_ROLES: Role[] = ["estate_manager", "admin"];
/** Who sets finance's exceptions (billing checks the same). */
export const FINANCE_CALENDAR_ROLES: Role[] = ["estate_manager", "admin"];

interface EstateRecord {
  estate_id: string;
  time_zone: string;
  version: number;
}

/** Ctrl+Enter submits the form it is typed in. */
function ctrlEnter(submit: () => void) {
  return (ev: KeyboardEvent) => {
    if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) {
      ev.preventDefault();
      submit();
    }
  };
}

export function EstateCalendar({ estate, session }: DeskProps) {
  const e = estate.estate_id;
  const calendar = useLoad(() => get<Calendar>(`/documents/estates/${e}/calendar`), [e]);
  const finance = useLoad(() => get<FinanceDays>(`/billing/estates/${e}/calendar`), [e]);
  const reloadAll = () => {
    void calendar.reload();
    void finance.reload();
  };
  return (
    <div data-testid="estate-calendar">
      <TimeZone e={e} canSet={hasAnyRole(session.staff, ZONE_ROLES)} current={calendar.data?.time_zone ?? null} onSaved={reloadAll} />
      <CalendarForm e={e} canSet={hasAnyRole(session.staff, CALENDAR_ROLES)} loaded={calendar.data} error={calendar.error} onSaved={reloadAll} />
      <FinanceForm
        e={e}
        canSet={hasAnyRole(session.staff, FINANCE_CALENDAR_ROLES)}
        estateCal={calendar.data}
        finance={finance.data}
        error={finance.error}
        onSaved={() => void finance.reload()}
      />
    </div>
  );
}

function TimeZone({ e, canSet, current, onSaved }: { e: string; canSet: boolean; current: string | null; onSaved: () => void }) {
  const { t } = useI18n();
  const [zone, setZone] = useState("");
  const [ok, setOk] = useState<string | null>(null);
  const act = useAction();
  useEffect(() => {
    if (current) setZone(current);
  }, [current]);
  const submit = async (ev?: FormEvent) => {
    ev?.preventDefault();
    setOk(null);
    const r = await act.run(async () => {
      // The registry's version, read just before: a change made meanwhile is a 409, not lost.
      const now = await get<EstateRecord>(`/documents/estates/${e}`);
      return patch<EstateRecord>(`/documents/estates/${e}`, { time_zone: zone.trim(), version: now.version });
    });
    if (r) {
      setZone(r.time_zone);
      setOk(t("cal.zoneSaved", { zone: r.time_zone }));
      onSaved();
    }
  };
  return (
    <form className="card" onSubmit={submit} onKeyDown={ctrlEnter(() => void submit())} aria-labelledby="zone-title" data-testid="zone-form">
      <h2 id="zone-title">{t("cal.zoneTitle")}</h2>
      <p className="muted small">{t("cal.zoneHint")}</p>
      <div className="inline-form">
        <label>
          {t("cal.zone")}
          <input name="time_zone" list="zone-choices" autoComplete="off" value={zone} disabled={!canSet} onChange={(ev) => setZone(ev.target.value)} />
          <datalist id="zone-choices">
            {COMMON_ZONES.map((z) => (
              <option key={z} value={z} />
            ))}
          </datalist>
        </label>
        {canSet && (
          <button type="submit" className="primary" disabled={act.busy || !zone.trim() || zone.trim() === current}>
            {act.busy ? t("office.saving") : t("cal.zoneSave")}
          </button>
        )}
        {!canSet && <span className="muted small">{t("cal.zoneWho")}</span>}
      </div>
      <OfficeError error={act.error} />
      <OkNote text={ok} />
    </form>
  );
}

/** A list of days: each removable, one more added from a date field (Enter adds it). */
function DayList({
  name,
  label,
  days,
  disabled,
  onChange,
}: {
  name: string;
  label: string;
  days: string[];
  disabled: boolean;
  onChange: (days: string[]) => void;
}) {
  const { t } = useI18n();
  const [day, setDay] = useState("");
  const add = () => {
    if (!isDay(day)) return;
    onChange(withDay(days, day));
    setDay("");
  };
  return (
    <fieldset className="day-list" data-testid={`days-${name}`}>
      <legend>{label}</legend>
      <ul className="chips" aria-label={label}>
        {days.map((d) => (
          <li key={d} data-day={d}>
            <span>{d}</span>
            {!disabled && (
              <button type="button" className="link" aria-label={t("cal.removeDay", { day: d })} onClick={() => onChange(withoutDay(days, d))}>
                ×
              </button>
            )}
          </li>
        ))}
        {days.length === 0 && <li className="muted small">{t("cal.noDays")}</li>}
      </ul>
      {!disabled && (
        <div className="inline-form">
          <input
            type="date"
            name={`add_${name}`}
            aria-label={t("cal.addDayTo", { list: label })}
            value={day}
            onChange={(ev) => setDay(ev.target.value)}
            onKeyDown={(ev) => {
              if (ev.key === "Enter" && !ev.ctrlKey && !ev.metaKey) {
                ev.preventDefault();
                add();
              }
            }}
          />
          <button type="button" onClick={add} disabled={!isDay(day)}>
            {t("cal.addDay")}
          </button>
        </div>
      )}
    </fieldset>
  );
}

interface Draft {
  working_weekdays: number[];
  holidays: string[];
  make_up_days: string[];
  close_of_business: string;
}

function CalendarForm({
  e,
  canSet,
  loaded,
  error,
  onSaved,
}: {
  e: string;
  canSet: boolean;
  loaded: Calendar | null;
  error: unknown;
  onSaved: () => void;
}) {
  const { t } = useI18n();
  const [draft, setDraft] = useState<Draft | null>(null);
  const [version, setVersion] = useState(0);
  const [bad, setBad] = useState<MessageKey | null>(null);
  const [ok, setOk] = useState<string | null>(null);
  const act = useAction();
  useEffect(() => {
    if (!loaded) return;
    setDraft({
      working_weekdays: loaded.working_weekdays,
      holidays: loaded.holidays,
      make_up_days: loaded.make_up_days,
      close_of_business: loaded.close_of_business,
    });
    setVersion(loaded.version);
  }, [loaded]);

  const change = (p: Partial<Draft>) => {
    setOk(null);
    setBad(null);
    setDraft((d) => (d ? { ...d, ...p } : d));
  };

  const submit = async (ev?: FormEvent) => {
    ev?.preventDefault();
    if (!draft) return;
    setOk(null);
    const problem = calendarProblem(draft);
    setBad(problem);
    if (problem) return;
    const r = await act.run(() =>
      putJson<Calendar>(`/documents/estates/${e}/calendar`, { ...draft, close_of_business: draft.close_of_business.trim(), version }),
    );
    if (r) {
      setVersion(r.version);
      setOk(t("cal.saved", { version: r.version }));
      onSaved();
    }
  };

  return (
    <form className="card" onSubmit={submit} onKeyDown={ctrlEnter(() => void submit())} aria-labelledby="cal-title" data-testid="calendar-form">
      <h2 id="cal-title">
        {t("cal.title")}{" "}
        <span className="muted small" data-testid="cal-version">
          {version > 0 ? t("cal.version", { version }) : t("cal.default")}
        </span>
      </h2>
      <p className="muted small">{t("cal.hint")}</p>
      <OfficeError error={error} />
      {draft && (
        <>
          <fieldset className="weekdays">
            <legend>{t("cal.weekdays")}</legend>
            {WEEKDAYS.map((d) => (
              <label key={d} className="check">
                <input
                  type="checkbox"
                  name={`weekday_${d}`}
                  checked={draft.working_weekdays.includes(d)}
                  disabled={!canSet}
                  onChange={(ev) =>
                    change({
                      working_weekdays: ev.target.checked
                        ? [...draft.working_weekdays, d].sort()
                        : draft.working_weekdays.filter((x) => x !== d),
                    })
                  }
                />
                {t(`cal.wd.${d}` as MessageKey)}
              </label>
            ))}
          </fieldset>
          <label className="block narrow">
            {t("cal.close")}
            <input
              type="time"
              name="close_of_business"
              value={draft.close_of_business}
              disabled={!canSet}
              onChange={(ev) => change({ close_of_business: ev.target.value })}
            />
          </label>
          <div className="row2">
            <DayList name="holidays" label={t("cal.holidays")} days={draft.holidays} disabled={!canSet} onChange={(holidays) => change({ holidays })} />
            <DayList
              name="make_up_days"
              label={t("cal.makeUp")}
              days={draft.make_up_days}
              disabled={!canSet}
              onChange={(make_up_days) => change({ make_up_days })}
            />
          </div>
        </>
      )}
      {bad && (
        <div className="note error" role="alert">
          {t(bad)}
        </div>
      )}
      <OfficeError error={act.error} />
      <OkNote text={ok} />
      {canSet ? (
        <div className="actions">
          <button type="submit" className="primary" disabled={act.busy || !draft}>
            {act.busy ? t("office.saving") : t("cal.save")} <kbd>Ctrl+Enter</kbd>
          </button>
        </div>
      ) : (
        <p className="muted small">{t("cal.who")}</p>
      )}
    </form>
  );
}

function FinanceForm({
  e,
  canSet,
  estateCal,
  finance,
  error,
  onSaved,
}: {
  e: string;
  canSet: boolean;
  estateCal: Calendar | null;
  finance: FinanceDays | null;
  error: unknown;
  onSaved: () => void;
}) {
  const { t } = useI18n();
  const [draft, setDraft] = useState<FinanceDays | null>(null);
  const [bad, setBad] = useState<MessageKey | null>(null);
  const [ok, setOk] = useState<string | null>(null);
  const act = useAction();
  useEffect(() => {
    if (estateCal && finance) setDraft(financeExceptions(estateCal, finance));
  }, [estateCal, finance]);

  const change = (p: Partial<FinanceDays>) => {
    setOk(null);
    setBad(null);
    setDraft((d) => (d ? { ...d, ...p } : d));
  };
  const submit = async (ev?: FormEvent) => {
    ev?.preventDefault();
    if (!draft) return;
    setOk(null);
    const problem = financeProblem(draft);
    setBad(problem);
    if (problem) return;
    const r = await act.run(() => putJson<FinanceDays>(`/billing/estates/${e}/calendar`, draft));
    if (r) {
      setOk(t("cal.financeSaved"));
      onSaved();
    }
  };

  return (
    <form className="card" onSubmit={submit} onKeyDown={ctrlEnter(() => void submit())} aria-labelledby="fin-title" data-testid="finance-form">
      <h2 id="fin-title">{t("cal.financeTitle")}</h2>
      <p className="muted small">{t("cal.financeHint")}</p>
      <OfficeError error={error} />
      {draft && (
        <div className="row2">
          <DayList name="finance_holidays" label={t("cal.financeClosed")} days={draft.holidays} disabled={!canSet} onChange={(holidays) => change({ holidays })} />
          <DayList
            name="finance_make_up_days"
            label={t("cal.financeOpen")}
            days={draft.make_up_days}
            disabled={!canSet}
            onChange={(make_up_days) => change({ make_up_days })}
          />
        </div>
      )}
      {finance && (
        <p className="small" data-testid="finance-days">
          {t("cal.financeApplies", {
            closed: finance.holidays.join("、") || t("common.none"),
            open: finance.make_up_days.join("、") || t("common.none"),
          })}
        </p>
      )}
      {bad && (
        <div className="note error" role="alert">
          {t(bad)}
        </div>
      )}
      <OfficeError error={act.error} />
      <OkNote text={ok} />
      {canSet ? (
        <div className="actions">
          <button type="submit" className="primary" disabled={act.busy || !draft}>
            {act.busy ? t("office.saving") : t("cal.financeSave")} <kbd>Ctrl+Enter</kbd>
          </button>
        </div>
      ) : (
        <p className="muted small">{t("cal.financeWho")}</p>
      )}
    </form>
  );
}
