import { describe, expect, it } from "vitest";
import { parseRoute, paths } from "./router";

const E = "9d73f149-d037-5cbd-b352-ce204843c60d";

describe("desk addresses", () => {
  it("reads every screen's address", () => {
    expect(parseRoute("/")).toEqual({ page: "estates" });
    expect(parseRoute("/login")).toEqual({ page: "login" });
    expect(parseRoute(`/desk/${E}`)).toEqual({ page: "queue", estate: E });
    expect(parseRoute(`/desk/${E}/intakes/abc`)).toEqual({ page: "intake", estate: E, id: "abc" });
    expect(parseRoute(`/desk/${E}/units/u1`)).toEqual({ page: "unit", estate: E, id: "u1" });
    expect(parseRoute(`/desk/${E}/work-orders`)).toEqual({ page: "workOrders", estate: E });
    expect(parseRoute(`/desk/${E}/parcels/`)).toEqual({ page: "parcels", estate: E });
  });
  it("does not guess at unknown addresses", () => {
    expect(parseRoute("/desk")).toEqual({ page: "unknown" });
    expect(parseRoute(`/desk/${E}/nothing`)).toEqual({ page: "unknown" });
    expect(parseRoute("/admin")).toEqual({ page: "unknown" });
  });
  it("round-trips the addresses it makes", () => {
    expect(parseRoute(paths.intake(E, "i1"))).toEqual({ page: "intake", estate: E, id: "i1" });
    expect(parseRoute(paths.workOrder(E, "w1"))).toEqual({ page: "workOrder", estate: E, id: "w1" });
    expect(parseRoute(paths.complaint(E, "c1"))).toEqual({ page: "complaint", estate: E, id: "c1" });
    expect(paths.log(E, { unit: "u1", resident: "r1" })).toBe(`/desk/${E}/log?unit=u1&resident=r1`);
    expect(paths.unit(E, "u1", "r1")).toBe(`/desk/${E}/units/u1?resident=r1`);
  });
});
