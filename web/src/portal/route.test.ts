import { describe, expect, it } from "vitest";
import { isPortalPath, parsePortalRoute, portalPaths } from "./route";

describe("the portal's addresses", () => {
  it("are told apart from the desk's", () => {
    expect(isPortalPath("/portal")).toBe(true);
    expect(isPortalPath("/portal/repairs/new?x=1")).toBe(true);
    expect(isPortalPath("/portals")).toBe(false);
    expect(isPortalPath("/desk/e1")).toBe(false);
  });

  it("read back what they write", () => {
    expect(parsePortalRoute(portalPaths.home())).toEqual({ page: "home" });
    expect(parsePortalRoute(portalPaths.newRepair())).toEqual({ page: "newRepair" });
    expect(parsePortalRoute(portalPaths.newComplaint())).toEqual({ page: "newComplaint" });
    expect(parsePortalRoute(portalPaths.charges())).toEqual({ page: "charges" });
    expect(parsePortalRoute(portalPaths.repair("e1", "w1"))).toEqual({ page: "repair", estate: "e1", id: "w1" });
    expect(parsePortalRoute(portalPaths.complaint("e1", "c1"))).toEqual({ page: "complaint", estate: "e1", id: "c1" });
    expect(parsePortalRoute("/portal/repairs/e1")).toEqual({ page: "unknown" });
  });
});
