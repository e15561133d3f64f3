import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import { get } from "../api/client";
import type { SearchHit, SearchHits } from "../api/types";
import { useI18n } from "../i18n";
import { formatPhone } from "../lib/format";
import { ErrorNote } from "./ErrorNote";

export const SEARCH_INPUT_ID = "desk-search";

/** The one box: part of a name, a unit number, a phone or its last digits, in this estate. */
export function SearchBox({ estateId, onPick }: { estateId: string; onPick: (hit: SearchHit) => void }) {
  const { t, tv } = useI18n();
  const [q, setQ] = useState("");
  const [hits, setHits] = useState<SearchHits | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [active, setActive] = useState(0);
  const [open, setOpen] = useState(false);
  const seq = useRef(0);

  useEffect(() => {
    const query = q.trim();
    if (!query) {
      setHits(null);
      setError(null);
      return;
    }
    const mine = ++seq.current;
    const timer = window.setTimeout(async () => {
      try {
        const r = await get<SearchHits>("/documents/search", { q: query, estate_id: estateId, limit: 12 });
        if (mine === seq.current) {
          setHits(r);
          setError(null);
          setActive(0);
          setOpen(true);
        }
      } catch (e) {
        if (mine === seq.current) {
          setError(e);
          setHits(null);
        }
      }
    }, 200);
    return () => window.clearTimeout(timer);
  }, [q, estateId]);

  const items = hits?.items ?? [];
  const pick = (h: SearchHit) => {
    setOpen(false);
    setQ("");
    setHits(null);
    (document.activeElement as HTMLElement | null)?.blur();
    onPick(h);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "ArrowDown") {
      e.preventDefault();
      setOpen(true);
      setActive((a) => Math.min(a + 1, Math.max(items.length - 1, 0)));
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      setActive((a) => Math.max(a - 1, 0));
    } else if (e.key === "Enter") {
      e.preventDefault();
      const h = items[active];
      if (h) pick(h);
    } else if (e.key === "Escape") {
      e.preventDefault();
      e.stopPropagation();
      setQ("");
      setOpen(false);
      e.currentTarget.blur();
    }
  };

  const showList = open && q.trim() !== "" && (hits !== null || error !== null);
  return (
    <div className="search">
      <label htmlFor={SEARCH_INPUT_ID} className="sr-only">
        {t("search.label")}
      </label>
      <input
        id={SEARCH_INPUT_ID}
        type="search"
        autoComplete="off"
        placeholder={t("search.placeholder")}
        value={q}
        onChange={(e) => {
          setQ(e.target.value);
          setOpen(true);
        }}
        onKeyDown={onKeyDown}
        onFocus={() => setOpen(true)}
        onBlur={() => window.setTimeout(() => setOpen(false), 150)}
        role="combobox"
        aria-expanded={showList}
        aria-controls="search-results"
      />
      {showList && (
        <div className="search-results" id="search-results">
          <ErrorNote error={error} />
          {hits && (
            <>
              <div className="search-meta">
                {tv("search.as", hits.understood_as)} · {t("search.hint")}
              </div>
              {items.length === 0 && <div className="search-none">{t("search.none")}</div>}
              <ul role="listbox" aria-label={t("search.label")}>
                {items.map((h, i) => (
                  <li
                    key={`${h.unit_id}-${h.resident?.resident_id ?? "unit"}`}
                    role="option"
                    aria-selected={i === active}
                    className={i === active ? "active" : ""}
                    onMouseDown={(e) => {
                      e.preventDefault();
                      pick(h);
                    }}
                    onMouseEnter={() => setActive(i)}
                  >
                    {h.resident ? (
                      <>
                        <strong>{h.resident.name}</strong>
                        <span className="muted">{tv("relation", h.resident.relation)}</span>
                        <span className="unit">{h.unit_label}</span>
                        <span className="muted">{formatPhone(h.resident.phone)}</span>
                      </>
                    ) : (
                      <>
                        <strong className="unit">{h.unit_label}</strong>
                        <span className="muted">
                          {t("search.unitOnly")} {tv("unitStatus", h.unit_status)}
                        </span>
                      </>
                    )}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </div>
  );
}
