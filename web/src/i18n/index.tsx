// Language state and the t() function. Chinese by default; the choice is kept in localStorage.

import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";
import { en } from "./en";
import { zh, type MessageKey } from "./zh";

export type Lang = "zh" | "en";
export const CATALOGUES: Record<Lang, Record<MessageKey, string>> = { zh, en };
export type { MessageKey };

export type Vars = Record<string, string | number>;

/** Fill "{name}" placeholders. */
export function format(template: string, vars?: Vars): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

export function translate(lang: Lang, key: MessageKey, vars?: Vars): string {
  return format(CATALOGUES[lang][key] ?? key, vars);
}

/** Whether a dynamic key (built from an API value) is in the catalogue. */
export function hasKey(key: string): key is MessageKey {
  return key in zh;
}

export interface I18n {
  lang: Lang;
  setLang: (l: Lang) => void;
  t: (key: MessageKey, vars?: Vars) => string;
  /** A label for an API value ("cat.repair"), or the value itself when the catalogue has none. */
  tv: (prefix: string, value: string | null | undefined) => string;
}

const LANG_KEY = "desk.lang";

function initialLang(): Lang {
  try {
    return localStorage.getItem(LANG_KEY) === "en" ? "en" : "zh";
  } catch {
    return "zh";
  }
}

const Ctx = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const setLang = useCallback((l: Lang) => {
    setLangState(l);
    try {
      localStorage.setItem(LANG_KEY, l);
    } catch {
      // Private mode: the choice lasts for this page only.
    }
    document.documentElement.lang = l === "zh" ? "zh-CN" : "en";
  }, []);
  const value = useMemo<I18n>(
    () => ({
      lang,
      setLang,
      t: (key, vars) => translate(lang, key, vars),
      tv: (prefix, v) => {
        if (!v) return translate(lang, "common.none");
        const k = `${prefix}.${v}`;
        return hasKey(k) ? translate(lang, k) : v;
      },
    }),
    [lang, setLang],
  );
  document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useI18n(): I18n {
  const c = useContext(Ctx);
  if (!c) throw new Error("useI18n outside I18nProvider");
  return c;
}
