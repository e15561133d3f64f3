import { useI18n } from "../i18n";

/** Switches between 中文 and English; the label names the other language. */
export function LangButton() {
  const { t, lang, setLang } = useI18n();
  return (
    <button
      type="button"
      className="lang"
      data-testid="lang-switch"
      aria-label={t("lang.label")}
      onClick={() => setLang(lang === "zh" ? "en" : "zh")}
    >
      {t("lang.switch")}
    </button>
  );
}
