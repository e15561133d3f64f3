// The portal's addresses, under /portal. Each item's address carries its estate and id, so a
// resident can bookmark it; an address of someone else's item shows "not found" (the services
// answer 404 for it, the same as for an item that does not exist).

export type PortalRoute =
  | { page: "home" }
  | { page: "newRepair" }
  | { page: "newComplaint" }
  | { page: "repair"; estate: string; id: string }
  | { page: "complaint"; estate: string; id: string }
  | { page: "charges" }
  | { page: "unknown" };

export function isPortalPath(address: string): boolean {
  const path = address.split("?")[0];
  return path === "/portal" || path.startsWith("/portal/");
}

export function parsePortalRoute(address: string): PortalRoute {
  const parts = address.split("?")[0].split("/").filter(Boolean).map(decodeURIComponent);
  if (parts[0] !== "portal") return { page: "unknown" };
  const rest = parts.slice(1);
  if (rest.length === 0) return { page: "home" };
  if (rest.length === 1 && rest[0] === "charges") return { page: "charges" };
  if (rest.length === 2 && rest[1] === "new" && rest[0] === "repairs") return { page: "newRepair" };
  if (rest.length === 2 && rest[1] === "new" && rest[0] === "complaints") return { page: "newComplaint" };
  if (rest.length === 3 && rest[0] === "repairs") return { page: "repair", estate: rest[1], id: rest[2] };
  if (rest.length === 3 && rest[0] === "complaints") return { page: "complaint", estate: rest[1], id: rest[2] };
  return { page: "unknown" };
}

export const portalPaths = {
  home: () => "/portal",
  newRepair: () => "/portal/repairs/new",
  newComplaint: () => "/portal/complaints/new",
  repair: (estate: string, id: string) => `/portal/repairs/${estate}/${id}`,
  complaint: (estate: string, id: string) => `/portal/complaints/${estate}/${id}`,
  charges: () => "/portal/charges",
};
