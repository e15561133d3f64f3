import { useEffect, useRef, useState, type FormEvent } from "react";
import { ApiError, get, post } from "../api/client";
import { CATEGORIES, CHANNELS, type CallerLookup, type Category, type Channel, type Intake, type UnitCard } from "../api/types";
import { ErrorNote } from "../components/ErrorNote";
import { useAction } from "../components/useLoad";
import { useI18n, type MessageKey } from "../i18n";
import { complaintBody, complaintMissing, whenInFuture } from "../lib/complaintForm";
import { formatPhone, localInputToIso, phoneDigits } from "../lib/format";
import { digitOf, plain, useKeys } from "../lib/keys";
import { navigate, paths, queryParam } from "../lib/router";
import type { DeskProps } from "./DeskShell";
import { ReadBack } from "./ReadBack";

/** Alt+letter picks the channel. */
const CHANNEL_KEYS: Record<string, Channel> = {
  KeyT: "phone",
  KeyV: "visit",
  KeyL: "letter",
  KeyM: "email",
  KeyW: "web",
  KeyX: "patrol",
};
const CHANNEL_LETTER: Record<Channel, string> = { phone: "T", visit: "V", letter: "L", email: "M", web: "W", patrol: "X" };

/** The number key of a category: 1 … 9, then 0 for the tenth. */
export function categoryForDigit(d: number): Category | null {
  const i = d === 0 ? 9 : d - 1;
  return CATEGORIES[i] ?? null;
}
export function digitForCategory(c: Category): number {
  const i = (CATEGORIES as readonly string[]).indexOf(c);
  return i === 9 ? 0 : i + 1;
}

interface Picked {
  unit_id: string;
  unit_label: string;
  resident_id?: string;
  name?: string;
  phone?: string | null;
}

function newKey(): string {
  return typeof crypto.randomUUID === "function" ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`;
}

/** Log a contact in a few keystrokes, then read it back. */
export function LogContact({ estate, canWrite, canCallBack }: DeskProps) {
  const { t, tv } = useI18n();
  const unitParam = queryParam("unit");
  const residentParam = queryParam("resident");
  const [picked, setPicked] = useState<Picked | null>(null);
  const [pickError, setPickError] = useState<unknown>(null);
  const [channel, setChannel] = useState<Channel>("phone");
  const [category, setCategory] = useState<Category | null>(null);
  // 有偿维修: a repair the unit pays for, logged as such so repairs charges it at completion.
  const [paidRepair, setPaidRepair] = useState(false);
  const [name, setName] = useState("");
  const [phone, setPhone] = useState("");
  const [unitLabel, setUnitLabel] = useState("");
  const [request, setRequest] = useState("");
  const [promised, setPromised] = useState("");
  // A complaint's parts besides what happened (which is the request): where, when, what is asked.
  const [where, setWhere] = useState("");
  const [when, setWhen] = useState("");
  const [asks, setAsks] = useState("");
  const [lookup, setLookup] = useState<CallerLookup | null>(null);
  const [lookupError, setLookupError] = useState<unknown>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState<Intake | null>(null);
  const [idemKey, setIdemKey] = useState(newKey);
  const { busy, error, run } = useAction();
  const requestRef = useRef<HTMLTextAreaElement>(null);
  const whereRef = useRef<HTMLInputElement>(null);
  const formRef = useRef<HTMLFormElement>(null);

  // A caller picked on the resident card (or search) arrives as ?unit=…&resident=….
  useEffect(() => {
    if (!unitParam) return;
    let gone = false;
    get<UnitCard>(`/documents/estates/${estate.estate_id}/units/${unitParam}`)
      .then((card) => {
        if (gone) return;
        const r = card.residents.find((x) => x.resident_id === residentParam);
        setPicked({
          unit_id: card.unit.unit_id,
          unit_label: card.unit.label,
          resident_id: r?.resident_id,
          name: r?.name,
          phone: r?.phone,
        });
      })
      .catch((e) => !gone && setPickError(e));
    return () => {
      gone = true;
    };
  }, [estate.estate_id, unitParam, residentParam]);

  const reset = () => {
    setSaved(null);
    setCategory(null);
    setPaidRepair(false);
    setRequest("");
    setPromised("");
    setWhere("");
    setWhen("");
    setAsks("");
    setName("");
    setPhone("");
    setUnitLabel("");
    setLookup(null);
    setPicked(null);
    setFormError(null);
    setIdemKey(newKey());
    navigate(paths.log(estate.estate_id), { replace: true });
    window.setTimeout(() => formRef.current?.querySelector<HTMLButtonElement>(".cat-grid button")?.focus(), 0);
  };

  const chooseCategory = (c: Category) => {
    setCategory(c);
    setFormError(null);
    // With the caller known, the next thing to write is the request.
    // (A complaint starts with where it happened, under the apology line.)
    if (picked || phone || name) window.setTimeout(() => (c === "complaint" ? whereRef : requestRef).current?.focus(), 0);
  };

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (!category) {
      setFormError(t("log.needCategory"));
      return;
    }
    const complaint = category === "complaint";
    if (complaint) {
      const missing = complaintMissing({ where, when, what: request, asks });
      if (missing.length > 0) {
        setFormError(t("cf.missing", { fields: missing.map((f) => t(`cf.${f}` as MessageKey)).join(t("cf.sep")) }));
        if (missing[0] === "where") whereRef.current?.focus();
        else if (missing[0] === "what") requestRef.current?.focus();
        return;
      }
      if (whenInFuture(when, new Date())) {
        setFormError(t("cf.whenFuture"));
        return;
      }
    } else if (!request.trim()) {
      setFormError(t("log.needRequest"));
      requestRef.current?.focus();
      return;
    }
    setFormError(null);
    const caller: Record<string, string> = {};
    if (picked) {
      caller.unit_id = picked.unit_id;
      if (picked.resident_id) caller.resident_id = picked.resident_id;
      else {
        if (name.trim()) caller.name = name.trim();
        if (phone.trim()) caller.phone = phone.trim();
      }
    } else {
      if (name.trim()) caller.name = name.trim();
      if (phone.trim()) caller.phone = phone.trim();
      if (unitLabel.trim()) caller.unit_label = unitLabel.trim().toUpperCase();
    }
    const body = {
      channel,
      category: category === "repair" && paidRepair ? "paid_repair" : category,
      caller,
      ...(complaint ? complaintBody({ where, when, what: request, asks }) : { request: request.trim() }),
      promised_by: complaint ? undefined : localInputToIso(promised),
    };
    const r = await run(() => post<Intake>(`/reception/estates/${estate.estate_id}/intakes`, body, idemKey));
    if (r) setSaved(r);
  };

  const doLookup = async () => {
    const digits = phoneDigits(phone);
    if (digits.replace("+", "").length < 7 || !canCallBack) return;
    try {
      setLookup(await get<CallerLookup>(`/reception/estates/${estate.estate_id}/callers`, { phone: digits }));
      setLookupError(null);
    } catch (e) {
      setLookup(null);
      setLookupError(e instanceof ApiError && e.code === "validation_failed" ? null : e);
    }
  };

  useKeys((e, typing) => {
    if (saved) return false;
    if (e.ctrlKey && e.key === "Enter") {
      void submit();
      return true;
    }
    if (e.altKey && !e.ctrlKey && !e.metaKey) {
      const ch = CHANNEL_KEYS[e.code];
      if (ch && !e.shiftKey) {
        setChannel(ch);
        return true;
      }
      const d = digitOf(e);
      if (d !== null && !e.shiftKey) {
        const c = categoryForDigit(d);
        if (c) chooseCategory(c);
        return true;
      }
      return false;
    }
    if (typing || !plain(e)) return false;
    const d = digitOf(e);
    if (d !== null) {
      const c = categoryForDigit(d);
      if (c) chooseCategory(c);
      return true;
    }
    return false;
  });

  if (!canWrite) {
    return <ErrorNote error={new ApiError(403, "forbidden", "")} />;
  }
  if (saved) {
    return <ReadBack estateId={estate.estate_id} intake={saved} onAnother={reset} />;
  }

  const routed = category && category !== "inquiry";
  return (
    <section aria-labelledby="log-title">
      <div className="page-head">
        <h1 id="log-title">{t("log.title")}</h1>
      </div>
      {estate.greeting && (
        <p className="greeting">
          <span className="muted small">{t("log.greeting")}</span> “{lookup?.greeting ?? estate.greeting}”
        </p>
      )}
      <form ref={formRef} className="card log-form" onSubmit={submit} noValidate>
        <fieldset>
          <legend>{t("log.channel")}</legend>
          <div className="seg" role="radiogroup" aria-label={t("log.channel")}>
            {CHANNELS.map((c) => (
              <button
                key={c}
                type="button"
                role="radio"
                aria-checked={channel === c}
                className={channel === c ? "on" : ""}
                onClick={() => setChannel(c)}
              >
                {tv("ch", c)} <kbd>Alt+{CHANNEL_LETTER[c]}</kbd>
              </button>
            ))}
          </div>
        </fieldset>

        <fieldset>
          <legend>{t("log.category")}</legend>
          <p className="muted small">{t("log.categoryHint")}</p>
          <div className="cat-grid" role="radiogroup" aria-label={t("log.category")}>
            {CATEGORIES.map((c) => (
              <button
                key={c}
                type="button"
                role="radio"
                aria-checked={category === c}
                className={`cat-${c} ${category === c ? "on" : ""}`}
                onClick={() => chooseCategory(c)}
                autoFocus={c === "inquiry" && !!unitParam}
              >
                <kbd>{digitForCategory(c)}</kbd> {tv("cat", c)}
              </button>
            ))}
          </div>
        </fieldset>

        {category === "repair" && (
          <label className="check" data-testid="paid-repair">
            <input type="checkbox" checked={paidRepair} onChange={(e) => setPaidRepair(e.target.checked)} />{" "}
            {t("log.paidRepair")}
          </label>
        )}

        {category === "complaint" && (
          <div className="note warn apology" role="note" data-testid="apology">
            <strong>{t("cf.apologyFirst")}</strong>
            <p className="greeting">“{t("cf.apology")}”</p>
          </div>
        )}

        <fieldset>
          <legend>{t("log.caller")}</legend>
          <ErrorNote error={pickError} />
          {picked ? (
            <div className="picked" data-testid="picked-caller">
              <span className="muted small">{t("log.fromRegistry")}</span> <strong>{picked.name ?? ""}</strong>{" "}
              <span className="unit">{picked.unit_label}</span> {picked.phone && <span>{formatPhone(picked.phone)}</span>}{" "}
              <button
                type="button"
                className="link"
                onClick={() => {
                  setPicked(null);
                  setUnitLabel(picked.unit_label);
                  navigate(paths.log(estate.estate_id), { replace: true });
                }}
              >
                {t("log.typeInstead")}
              </button>
            </div>
          ) : (
            <div className="row3">
              <label>
                {t("log.callerPhone")}
                <input
                  name="phone"
                  inputMode="tel"
                  autoComplete="off"
                  value={phone}
                  onChange={(e) => setPhone(e.target.value)}
                  onKeyDown={(e) => {
                    if (e.key === "Enter" && !e.ctrlKey) {
                      e.preventDefault();
                      void doLookup();
                    }
                  }}
                  onBlur={() => void doLookup()}
                  title={t("log.lookupHint")}
                  autoFocus={!unitParam}
                />
              </label>
              <label>
                {t("log.callerName")}
                <input name="name" autoComplete="off" value={name} onChange={(e) => setName(e.target.value)} />
              </label>
              <label>
                {t("log.unitLabel")}
                <input name="unit" autoComplete="off" placeholder="3-1-602" value={unitLabel} onChange={(e) => setUnitLabel(e.target.value)} />
              </label>
            </div>
          )}
          <ErrorNote error={lookupError} />
          {!picked && lookup && (
            <div className="lookup" data-testid="caller-lookup">
              {lookup.residents.length === 0 ? (
                <p className="muted">{t("log.unknownNumber")}</p>
              ) : (
                <>
                  <p className="muted small">{t("log.known")}</p>
                  <ul>
                    {lookup.residents.map((r) => (
                      <li key={`${r.resident_id}-${r.unit_id}`}>
                        <strong>{r.name}</strong> {tv("relation", r.relation)} <span className="unit">{r.unit_label}</span>{" "}
                        {r.open_items.length > 0 && <span className="badge urg-due">{t("log.openItems", { n: r.open_items.length })}</span>}{" "}
                        <button
                          type="button"
                          onClick={() => {
                            setPicked({
                              unit_id: r.unit_id,
                              unit_label: r.unit_label ?? "",
                              resident_id: r.resident_id,
                              name: r.name,
                              phone: phoneDigits(phone),
                            });
                            window.setTimeout(() => requestRef.current?.focus(), 0);
                          }}
                        >
                          {t("log.useThis")}
                        </button>
                      </li>
                    ))}
                  </ul>
                </>
              )}
            </div>
          )}
        </fieldset>

        {category === "complaint" && (
          <div className="row3 complaint-parts">
            <label>
              {t("cf.where")}
              <input ref={whereRef} name="where" autoComplete="off" placeholder={t("cf.wherePlaceholder")} value={where} onChange={(e) => setWhere(e.target.value)} />
            </label>
            <label>
              {t("cf.when")}
              <input type="datetime-local" name="when" value={when} onChange={(e) => setWhen(e.target.value)} />
            </label>
          </div>
        )}
        <label className="block">
          {category === "complaint" ? t("cf.what") : t("log.request")}
          <textarea
            ref={requestRef}
            name="request"
            rows={3}
            maxLength={2000}
            placeholder={category === "complaint" ? t("cf.whatPlaceholder") : t("log.requestPlaceholder")}
            value={request}
            onChange={(e) => setRequest(e.target.value)}
          />
        </label>
        {category === "complaint" && (
          <label className="block">
            {t("cf.asks")}
            <input name="asks" autoComplete="off" placeholder={t("cf.asksPlaceholder")} value={asks} onChange={(e) => setAsks(e.target.value)} />
          </label>
        )}
        {!routed && (
          <label className="block narrow">
            {t("log.promisedBy")}
            <input type="datetime-local" name="promised_by" value={promised} onChange={(e) => setPromised(e.target.value)} />
          </label>
        )}
        {formError && (
          <div className="note error" role="alert">
            {formError}
          </div>
        )}
        <ErrorNote error={error} />
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t("log.saving") : t("log.save")}
          </button>
          {category && <span className="muted">{tv("cat", category)} · {tv("ch", channel)}</span>}
        </div>
      </form>
    </section>
  );
}
