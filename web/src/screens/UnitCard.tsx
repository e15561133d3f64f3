import { get } from "../api/client";
import type { Intake, Page, UnitCard } from "../api/types";
import { CategoryBadge, StatusBadge, UrgencyBadge } from "../components/Badges";
import { ErrorNote } from "../components/ErrorNote";
import { Link } from "../components/Link";
import { useLoad } from "../components/useLoad";
import { useI18n } from "../i18n";
import { formatPhone, formatTime } from "../lib/format";
import { digitOf, plain, useKeys } from "../lib/keys";
import { navigate, paths, queryParam } from "../lib/router";
import type { DeskProps } from "./DeskShell";
import { formatFen } from "../staff/money";

interface Owed {
  owed_fen: number;
  items: { amount_fen: number; paid_fen: number }[];
}

interface CardData {
  card: UnitCard;
  open: Intake[];
  recent: Intake[];
}

/** The resident card: the unit, its household, what is open and the latest contacts. */
export function UnitCardScreen({ estate, canWrite, unitId }: DeskProps & { unitId: string }) {
  const { t, tv } = useI18n();
  const chosen = queryParam("resident");
  const e = estate.estate_id;
  const loaded = useLoad<CardData>(async () => {
    const [card, open, recent] = await Promise.all([
      get<UnitCard>(`/documents/estates/${e}/units/${unitId}`),
      get<Page<Intake>>(`/reception/estates/${e}/intakes`, { unit_id: unitId, view: "open", limit: 20 }),
      get<Page<Intake>>(`/reception/estates/${e}/intakes`, { unit_id: unitId, limit: 5 }),
    ]);
    return { card, open: open.items, recent: recent.items };
  }, [e, unitId]);

  // What the unit owes, from billing; the card still shows without it.
  const label = loaded.data?.card.unit.label;
  const owed = useLoad<Owed | null>(
    async () => (label ? get<Owed>(`/billing/estates/${e}/charges`, { unit_label: label }).catch(() => null) : null),
    [e, label],
  );
  const residents = loaded.data?.card.residents.filter((r) => r.active) ?? [];
  const ordered = [...residents].sort((a, b) => (a.resident_id === chosen ? -1 : b.resident_id === chosen ? 1 : 0));

  const logFor = (residentId?: string) => navigate(paths.log(e, { unit: unitId, resident: residentId }));

  useKeys((ev, typing) => {
    if (typing || !plain(ev) || !canWrite || !loaded.data) return false;
    if (ev.key === "n" || ev.key === "N") {
      logFor(ordered[0]?.resident_id);
      return true;
    }
    const d = digitOf(ev);
    if (d !== null && d >= 1 && d <= ordered.length) {
      logFor(ordered[d - 1].resident_id);
      return true;
    }
    return false;
  });

  if (loaded.error) return <ErrorNote error={loaded.error} />;
  if (!loaded.data) return <p className="muted">{t("common.loading")}</p>;
  const { card, open, recent } = loaded.data;
  return (
    <section aria-labelledby="unit-title" data-testid="unit-card">
      <div className="page-head">
        <h1 id="unit-title">
          {t("unit.title")} <span className="unit big">{card.unit.label}</span>
        </h1>
        {canWrite && (
          <button type="button" className="primary" onClick={() => logFor(ordered[0]?.resident_id)}>
            {t("unit.logForUnit")}
          </button>
        )}
      </div>
      <div className="card">
        <dl className="facts inline">
          <div>
            <dt>{t("unit.building")}</dt>
            <dd>{card.building}</dd>
          </div>
          <div>
            <dt>{t("unit.floor")}</dt>
            <dd>{card.unit.floor}</dd>
          </div>
          <div>
            <dt>{t("unit.area")}</dt>
            <dd>{card.unit.area_m2} ㎡</dd>
          </div>
          <div>
            <dt>{t("unit.status")}</dt>
            <dd>{tv("unitStatus", card.unit.status)}</dd>
          </div>
          {owed.data && (
            <div data-testid="unit-owed">
              <dt>{t("unit.owed")}</dt>
              <dd>
                {owed.data.owed_fen > 0 ? (
                  <>
                    <strong className="owed">¥{formatFen(owed.data.owed_fen)}</strong>{" "}
                    <span className="muted small">
                      {t("unit.owedItems", { n: owed.data.items.filter((c) => c.amount_fen > c.paid_fen).length })}
                    </span>{" "}
                    <Link to={`${paths.cash(e)}?unit=${encodeURIComponent(card.unit.label)}`}>{t("unit.toCash")}</Link>
                  </>
                ) : (
                  <span className="muted">{t("unit.owedNone")}</span>
                )}
              </dd>
            </div>
          )}
        </dl>
      </div>
      <div className="grid2">
        <div className="card">
          <h2>{t("unit.household")}</h2>
          {ordered.length === 0 && <p className="muted">{t("unit.noResidents")}</p>}
          {canWrite && ordered.length > 0 && <p className="muted small">{t("unit.logHint")}</p>}
          <ol className="household">
            {ordered.map((r, n) => (
              <li key={r.resident_id} className={r.resident_id === chosen ? "chosen" : ""}>
                <div>
                  {canWrite && <kbd>{n + 1}</kbd>} <strong>{r.name}</strong> <span className="muted">{tv("relation", r.relation)}</span>
                </div>
                <div className="phone">{formatPhone(r.phone)}{r.phone_alt ? ` / ${formatPhone(r.phone_alt)}` : ""}</div>
                <div className="muted small">
                  {r.move_in_date && `${t("unit.moveIn")} ${r.move_in_date}`}
                  {r.lease_end && ` · ${t("unit.lease")} ${r.lease_start ?? ""} – ${r.lease_end}`}
                </div>
                {canWrite && (
                  <button type="button" className="small-btn" onClick={() => logFor(r.resident_id)}>
                    {t("unit.logFor", { name: r.name })}
                  </button>
                )}
              </li>
            ))}
          </ol>
        </div>
        <div className="card">
          <h2>{t("unit.open")}</h2>
          {open.length === 0 && <p className="muted">{t("unit.noOpen")}</p>}
          <ul className="items">
            {open.map((i) => (
              <li key={i.intake_id}>
                <Link to={paths.intake(e, i.intake_id)}>
                  <CategoryBadge category={i.category} /> {i.request}
                </Link>{" "}
                <UrgencyBadge intake={i} /> <span className="muted small">{formatTime(i.created_at)}</span>
              </li>
            ))}
          </ul>
          <h2>{t("unit.recent")}</h2>
          {recent.length === 0 && <p className="muted">{t("unit.noRecent")}</p>}
          <ul className="items">
            {recent.map((i) => (
              <li key={i.intake_id}>
                <Link to={paths.intake(e, i.intake_id)}>
                  <span className="muted small">{formatTime(i.created_at)}</span> {tv("cat", i.category)} · {i.request}
                </Link>{" "}
                <StatusBadge intake={i} />
              </li>
            ))}
          </ul>
        </div>
      </div>
    </section>
  );
}
