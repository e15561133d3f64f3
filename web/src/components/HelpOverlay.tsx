import { useI18n } from "../i18n";
import { SHORTCUTS } from "../lib/keys";
import { PASS_ACCOUNT_SHORTCUTS } from "../passes/keys";

export function HelpOverlay({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  return (
    <div className="overlay" role="dialog" aria-modal="true" aria-labelledby="help-title" onClick={onClose}>
      <div className="overlay-box" onClick={(e) => e.stopPropagation()}>
        <div className="overlay-head">
          <h2 id="help-title">{t("help.title")}</h2>
          <button type="button" className="link" onClick={onClose}>
            {t("help.close")}
          </button>
        </div>
        {[...SHORTCUTS, ...PASS_ACCOUNT_SHORTCUTS].map((g) => (
          <section key={g.group}>
            <h3>{t(g.group)}</h3>
            <dl className="keys">
              {g.items.map((s) => (
                <div key={s.label} className="key-row">
                  <dt>
                    {s.keys.map((k, i) => (
                      <kbd key={i}>{k}</kbd>
                    ))}
                  </dt>
                  <dd>{t(s.label)}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
    </div>
  );
}
