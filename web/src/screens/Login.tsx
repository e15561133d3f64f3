import { useState, type FormEvent } from "react";
import { post } from "../api/client";
import type { SignedIn } from "../api/types";
import { ErrorNote } from "../components/ErrorNote";
import { useAction } from "../components/useLoad";
import { useI18n } from "../i18n";
import { LangButton } from "./LangButton";

export function Login({ onSignedIn, expired }: { onSignedIn: (s: SignedIn) => void; expired: boolean }) {
  const { t } = useI18n();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const { busy, error, run } = useAction();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const s = await run(() => post<SignedIn>("/auth/login", { username: username.trim(), password }));
    if (s) onSignedIn(s);
  };

  return (
    <main className="centre">
      <form className="card login" onSubmit={submit} aria-labelledby="login-title">
        <div className="login-head">
          <h1 id="login-title">{t("login.title")}</h1>
          <LangButton />
        </div>
        {expired && !error && <div className="note warn">{t("login.expired")}</div>}
        <ErrorNote error={error} />
        <label>
          {t("login.username")}
          <input
            name="username"
            autoComplete="username"
            autoFocus
            required
            value={username}
            onChange={(e) => setUsername(e.target.value)}
          />
        </label>
        <label>
          {t("login.password")}
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t("login.busy") : t("login.submit")}
        </button>
      </form>
    </main>
  );
}
