import { useEffect, useState } from "react";
import { get, loadSession, saveSession, setUnauthenticatedHandler } from "./api/client";
import type { Estate, Page, SignedIn } from "./api/types";
import { ErrorNote } from "./components/ErrorNote";
import { useLoad } from "./components/useLoad";
import { useI18n } from "./i18n";
import { navigate, parseRoute, usePath } from "./lib/router";
import { HqApp } from "./hq/HqApp";
import { DeskShell } from "./screens/DeskShell";
import { EstatePicker } from "./screens/EstatePicker";
import { Login } from "./screens/Login";
import { Portal } from "./portal/Portal";
import { isPortalPath } from "./portal/route";

export function App() {
  const path = usePath();
  // The resident portal is an application of its own: its own sign-in, its own token.
  if (isPortalPath(path)) return <Portal />;
  return <DeskApp />;
}

function DeskApp() {
  const { t } = useI18n();
  const path = usePath();
  const [session, setSession] = useState<SignedIn | null>(() => loadSession());
  const [expired, setExpired] = useState(false);

  useEffect(() => {
    setUnauthenticatedHandler(() => {
      saveSession(null);
      setSession(null);
      setExpired(true);
    });
  }, []);

  // The estates of whoever is signed in (useLoad never hands back a list read for another token).
  const estates = useLoad<Estate[]>(
    async () => (session ? (await get<Page<Estate>>("/documents/estates")).items : []),
    [session?.token],
  );

  useEffect(() => {
    document.title = t("app.title");
  }, [t]);

  // Signed in, the sign-in address leads to the estates.
  useEffect(() => {
    if (session && parseRoute(path).page === "login") navigate("/", { replace: true });
  }, [session, path]);

  // Head office lands on its ranking of every estate.
  useEffect(() => {
    if (session?.staff.roles.includes("hq") && path.split("?")[0] === "/") navigate("/hq", { replace: true });
  }, [session, path]);

  if (!session) {
    return (
      <Login
        expired={expired}
        onSignedIn={(s) => {
          saveSession(s);
          setExpired(false);
          setSession(s);
          if (location.pathname === "/login") navigate("/", { replace: true });
        }}
      />
    );
  }

  const signOut = () => {
    saveSession(null);
    setSession(null);
    navigate("/login");
  };

  const route = parseRoute(path);
  if (!estates.data) {
    return (
      <main className="centre">
        {estates.error ? <ErrorNote error={estates.error} /> : <p className="muted">{t("common.loading")}</p>}
      </main>
    );
  }
  if (path === "/hq" || path.startsWith("/hq/") || path.startsWith("/hq?")) {
    return <HqApp path={path} estates={estates.data} session={session} onSignOut={signOut} />;
  }
  if (route.page === "estates" || route.page === "login" || route.page === "unknown") {
    return <EstatePicker estates={estates.data} staff={session.staff} onSignOut={signOut} />;
  }
  return <DeskShell route={route} estates={estates.data} session={session} onSignOut={signOut} />;
}
