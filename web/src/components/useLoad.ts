import { useCallback, useEffect, useRef, useState } from "react";

export interface Loaded<T> {
  data: T | null;
  error: unknown;
  loading: boolean;
  reload: () => Promise<void>;
}

/**
 * Load once per change of `deps`, optionally again every `everyMs` (the queue). What was loaded
 * for other deps (another estate, another entry) is never returned, not even for one render.
 */
export function useLoad<T>(fn: () => Promise<T>, deps: unknown[], everyMs?: number): Loaded<T> {
  const key = JSON.stringify(deps);
  const [state, setState] = useState<{ key: string; data: T | null; error: unknown }>({ key, data: null, error: null });
  const [loading, setLoading] = useState(true);
  const fnRef = useRef(fn);
  fnRef.current = fn;
  const keyRef = useRef(key);
  keyRef.current = key;
  const seq = useRef(0);

  const reload = useCallback(async () => {
    const mine = ++seq.current;
    const forKey = keyRef.current;
    setLoading(true);
    try {
      const d = await fnRef.current();
      if (mine === seq.current) setState({ key: forKey, data: d, error: null });
    } catch (e) {
      if (mine === seq.current) setState((s) => ({ key: forKey, data: s.key === forKey ? s.data : null, error: e }));
    } finally {
      if (mine === seq.current) setLoading(false);
    }
  }, []);

  useEffect(() => {
    void reload();
    if (!everyMs) return;
    const id = window.setInterval(() => {
      if (document.visibilityState !== "hidden") void reload();
    }, everyMs);
    return () => window.clearInterval(id);
  }, [key, everyMs, reload]);

  const current = state.key === key;
  return { data: current ? state.data : null, error: current ? state.error : null, loading: loading || !current, reload };
}

/** Run an action (a POST) with its own busy flag and error. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = useCallback(async <T,>(fn: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(null);
    try {
      return await fn();
    } catch (e) {
      setError(e);
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, setError, run };
}
