// A small history router: the gateway serves index.html for every path outside /api, so
// desk addresses can be bookmarked and edited by hand.

import { useEffect, useState } from "react";

const listeners = new Set<() => void>();

export function navigate(path: string, opts: { replace?: boolean } = {}): void {
  if (path === location.pathname + location.search) return;
  if (opts.replace) history.replaceState(null, "", path);
  else history.pushState(null, "", path);
  listeners.forEach((l) => l());
  window.scrollTo(0, 0);
}

/** The current address: path and query ("/desk/…/log?unit=…"). */
export function usePath(): string {
  const [path, setPath] = useState(location.pathname + location.search);
  useEffect(() => {
    const update = () => setPath(location.pathname + location.search);
    listeners.add(update);
    window.addEventListener("popstate", update);
    return () => {
      listeners.delete(update);
      window.removeEventListener("popstate", update);
    };
  }, []);
  return path;
}

/** The query string's value for `name` on the current page. */
export function queryParam(name: string): string | null {
  return new URLSearchParams(location.search).get(name);
}

export type Route =
  | { page: "login" }
  | { page: "estates" }
  | { page: "queue"; estate: string }
  | { page: "log"; estate: string }
  | { page: "intake"; estate: string; id: string }
  | { page: "unit"; estate: string; id: string }
  | { page: "visitors"; estate: string }
  | { page: "parcels"; estate: string }
  | { page: "keys"; estate: string }
  | { page: "handover"; estate: string }
  | { page: "complaints"; estate: string }
  | { page: "workOrders"; estate: string }
  | { page: "workOrder"; estate: string; id: string }
  | { page: "complaint"; estate: string; id: string }
  | { page: "supervisor"; estate: string }
  | { page: "technician"; estate: string }
  | { page: "cash"; estate: string }
  | { page: "receipt"; estate: string; id: string }
  | { page: "office"; estate: string; tab: string }
  | { page: "passes"; estate: string }
  | { page: "accounts"; estate: string }
  | { page: "unknown" };

const SIMPLE: Record<string, Route["page"]> = {
  log: "log",
  visitors: "visitors",
  parcels: "parcels",
  keys: "keys",
  handover: "handover",
  complaints: "complaints",
  "work-orders": "workOrders",
  supervisor: "supervisor",
  "my-orders": "technician",
  cash: "cash",
  passes: "passes",
  accounts: "accounts",
};

/** "/desk/{estate}/intakes/{id}" → { page: "intake", … } */
export function parseRoute(address: string): Route {
  const path = address.split("?")[0];
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0) return { page: "estates" };
  if (parts[0] === "login" && parts.length === 1) return { page: "login" };
  if (parts[0] === "estates" && parts.length === 1) return { page: "estates" };
  if (parts[0] !== "desk" || parts.length < 2) return { page: "unknown" };
  const estate = parts[1];
  if (parts.length === 2) return { page: "queue", estate };
  if (parts.length === 3 && SIMPLE[parts[2]]) {
    return { page: SIMPLE[parts[2]], estate } as Route;
  }
  if (parts.length === 4 && parts[2] === "intakes") return { page: "intake", estate, id: parts[3] };
  if (parts[2] === "office" && parts.length <= 4) return { page: "office", estate, tab: parts[3] ?? "" };
  if (parts.length === 4 && parts[2] === "units") return { page: "unit", estate, id: parts[3] };
  if (parts.length === 4 && parts[2] === "receipts") return { page: "receipt", estate, id: parts[3] };
  if (parts.length === 4 && parts[2] === "work-orders") return { page: "workOrder", estate, id: parts[3] };
  if (parts.length === 4 && parts[2] === "complaints") return { page: "complaint", estate, id: parts[3] };
  return { page: "unknown" };
}

export const paths = {
  queue: (e: string) => `/desk/${e}`,
  log: (e: string, q?: { unit?: string; resident?: string }) => {
    const p = new URLSearchParams();
    if (q?.unit) p.set("unit", q.unit);
    if (q?.resident) p.set("resident", q.resident);
    const s = p.toString();
    return `/desk/${e}/log${s ? `?${s}` : ""}`;
  },
  intake: (e: string, id: string) => `/desk/${e}/intakes/${id}`,
  unit: (e: string, id: string, resident?: string) =>
    `/desk/${e}/units/${id}${resident ? `?resident=${resident}` : ""}`,
  visitors: (e: string) => `/desk/${e}/visitors`,
  parcels: (e: string) => `/desk/${e}/parcels`,
  keys: (e: string) => `/desk/${e}/keys`,
  handover: (e: string) => `/desk/${e}/handover`,
  complaints: (e: string) => `/desk/${e}/complaints`,
  workOrders: (e: string) => `/desk/${e}/work-orders`,
  workOrder: (e: string, id: string) => `/desk/${e}/work-orders/${id}`,
  complaint: (e: string, id: string) => `/desk/${e}/complaints/${id}`,
  office: (e: string, tab?: string) => `/desk/${e}/office${tab ? `/${tab}` : ""}`,
  supervisor: (e: string) => `/desk/${e}/supervisor`,
  technician: (e: string) => `/desk/${e}/my-orders`,
  cash: (e: string) => `/desk/${e}/cash`,
  receipt: (e: string, id: string) => `/desk/${e}/receipts/${id}`,
  passes: (e: string, q?: { unit?: string; resident?: string }) => {
    const p = new URLSearchParams();
    if (q?.unit) p.set("unit", q.unit);
    if (q?.resident) p.set("resident", q.resident);
    const s = p.toString();
    return `/desk/${e}/passes${s ? `?${s}` : ""}`;
  },
  accounts: (e: string, q?: { unit?: string }) => `/desk/${e}/accounts${q?.unit ? `?unit=${encodeURIComponent(q.unit)}` : ""}`,
};
