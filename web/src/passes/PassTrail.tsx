// One pass's trail under its line of the register: the receipt that paid it and any payment
// reversed since, and, when a reversal put it back to waiting for finance's receipt, why it is
// pending again (take the money again at the cash desk, or the card back).

import { get } from "../api/client";
import { Link } from "../components/Link";
import { useLoad } from "../components/useLoad";
import { useI18n, type MessageKey } from "../i18n";
import { formatTime } from "../lib/format";
import { paths } from "../lib/router";
import { reversedBack, stepsOf, type PassWithTrail } from "./trail";
import { PassError } from "./words";

export function PassTrail({ e, passId }: { e: string; passId: string }) {
  const { t, tv } = useI18n();
  const loaded = useLoad(() => get<PassWithTrail>(`/documents/estates/${e}/passes/${passId}`), [e, passId]);
  const p = loaded.data;
  if (loaded.error) return <PassError error={loaded.error} />;
  if (!p) return <p className="muted small">{t("common.loading")}</p>;
  const steps = stepsOf(p);
  const back = reversedBack(p);
  return (
    <div className="pass-trail" data-testid="pass-trail">
      {back && (
        <p className="note warn" role="status" data-testid="pass-reversed">
          {t("passes.reversedBack", { receipt: back.receipt_no ?? "—", at: formatTime(back.at) })}{" "}
          <Link to={`${paths.cash(e)}?unit=${encodeURIComponent(p.unit_label)}&for=${encodeURIComponent(p.pass_id)}`}>
            {t("passes.toCashDesk")}
          </Link>
        </p>
      )}
      {steps.length === 0 ? (
        <p className="muted small">{t("passes.trailEmpty")}</p>
      ) : (
        <table className="list">
          <thead>
            <tr>
              <th>{t("passes.trailWhen")}</th>
              <th>{t("passes.trailWhat")}</th>
              <th>{t("passes.trailReceipt")}</th>
              <th>{t("passes.trailStatus")}</th>
            </tr>
          </thead>
          <tbody>
            {steps.map((s, i) => (
              <tr key={i} data-step={s.action}>
                <td data-label={t("passes.trailWhen")}>{formatTime(s.at)}</td>
                <td data-label={t("passes.trailWhat")}>
                  {t(`passes.step.${s.action === "paid" || s.action === "payment_reversed" ? s.action : "other"}` as MessageKey)}
                </td>
                <td data-label={t("passes.trailReceipt")}>{s.receipt_no ?? "—"}</td>
                <td data-label={t("passes.trailStatus")}>
                  <span className={`badge pass-${s.status}`}>{tv("passes.status", s.status)}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
