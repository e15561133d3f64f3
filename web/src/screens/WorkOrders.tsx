import { get } from "../api/client";
import type { Page, WorkOrder } from "../api/types";
import { ErrorNote } from "../components/ErrorNote";
import { Link } from "../components/Link";
import { useLoad } from "../components/useLoad";
import { useI18n } from "../i18n";
import { formatPhone, formatTime } from "../lib/format";
import { paths } from "../lib/router";
import type { DeskProps } from "./DeskShell";

/** The estate's work orders, newest first; each opens on its own page (appointment, call back, charge). */
export function WorkOrders({ estate }: DeskProps) {
  const { t, tv } = useI18n();
  const e = estate.estate_id;
  const list = useLoad(() => get<Page<WorkOrder>>(`/repairs/estates/${e}/work-orders`, { limit: 100 }), [e], 30_000);
  return (
    <section aria-labelledby="wo-title">
      <div className="page-head">
        <h1 id="wo-title">{t("workOrders.title")}</h1>
      </div>
      <p className="muted small">{t("workOrders.readOnly")}</p>
      <ErrorNote error={list.error} />
      {list.data && list.data.items.length === 0 && <p className="empty">{t("workOrders.none")}</p>}
      {list.data && list.data.items.length > 0 && (
        <table className="list" data-testid="work-orders">
          <thead>
            <tr>
              <th>{t("workOrders.no")}</th>
              <th>{t("col.time")}</th>
              <th>{t("workOrders.kind")}</th>
              <th>{t("col.person")}</th>
              <th>{t("col.content")}</th>
              <th>{t("col.status")}</th>
            </tr>
          </thead>
          <tbody>
            {list.data.items.map((w) => (
              <tr key={w.work_order_id}>
                <td data-label={t("workOrders.no")}>
                  <Link to={paths.workOrder(e, w.work_order_id)}>{w.order_no}</Link>
                </td>
                <td data-label={t("col.time")}>{formatTime(w.created_at)}</td>
                <td data-label={t("workOrders.kind")}>{tv("workOrders.kind", w.kind)}</td>
                <td data-label={t("col.person")}>
                  {w.contact_name ?? ""} <span className="unit">{w.unit_label ?? ""}</span>{" "}
                  <span className="muted small">{formatPhone(w.contact_phone)}</span>
                </td>
                <td data-label={t("col.content")}>{w.problem}</td>
                <td data-label={t("col.status")}>{tv("workOrders.status", w.status)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
