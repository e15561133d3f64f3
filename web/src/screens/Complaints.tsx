import { get } from "../api/client";
import type { Complaint, Page } from "../api/types";
import { ErrorNote } from "../components/ErrorNote";
import { Link } from "../components/Link";
import { useLoad } from "../components/useLoad";
import { useI18n } from "../i18n";
import { formatPhone, formatTime } from "../lib/format";
import { paths } from "../lib/router";
import type { DeskProps } from "./DeskShell";

/** The estate's complaints, newest first; each opens on its own page (the department's result). */
export function Complaints({ estate }: DeskProps) {
  const { t, tv } = useI18n();
  const e = estate.estate_id;
  const list = useLoad(() => get<Page<Complaint>>(`/complaints/estates/${e}/complaints`, { limit: 100 }), [e], 30_000);
  return (
    <section aria-labelledby="complaints-title">
      <div className="page-head">
        <h1 id="complaints-title">{t("complaints.title")}</h1>
      </div>
      <p className="muted small">{t("complaints.readOnly")}</p>
      <ErrorNote error={list.error} />
      {list.data && list.data.items.length === 0 && <p className="empty">{t("complaints.none")}</p>}
      {list.data && list.data.items.length > 0 && (
        <table className="list" data-testid="complaints">
          <thead>
            <tr>
              <th>{t("complaints.no")}</th>
              <th>{t("col.time")}</th>
              <th>{t("complaints.severity")}</th>
              <th>{t("col.person")}</th>
              <th>{t("col.content")}</th>
              <th>{t("col.status")}</th>
            </tr>
          </thead>
          <tbody>
            {list.data.items.map((c) => (
              <tr key={c.complaint_id}>
                <td data-label={t("complaints.no")}>
                  <Link to={paths.complaint(e, c.complaint_id)}>{c.complaint_no}</Link>
                </td>
                <td data-label={t("col.time")}>{formatTime(c.created_at)}</td>
                <td data-label={t("complaints.severity")}>
                  <span className={`badge sev-${c.severity}`}>{tv("complaints.severity", c.severity)}</span>
                </td>
                <td data-label={t("col.person")}>
                  {c.complainant_name ?? ""} <span className="unit">{c.unit_label ?? ""}</span>{" "}
                  <span className="muted small">{formatPhone(c.complainant_phone)}</span>
                </td>
                <td data-label={t("col.content")}>{c.description}</td>
                <td data-label={t("col.status")}>{tv("complaints.status", c.status)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
