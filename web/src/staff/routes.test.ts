import { describe, expect, it } from "vitest";
import { parseRoute, paths } from "../lib/router";

const E = "9d73f149-d037-5cbd-b352-ce204843c60d";

describe("the staff screens' addresses", () => {
  it("reads and makes them", () => {
    expect(parseRoute(paths.supervisor(E))).toEqual({ page: "supervisor", estate: E });
    expect(parseRoute(paths.technician(E))).toEqual({ page: "technician", estate: E });
    expect(parseRoute(`${paths.cash(E)}?unit=1-1-101`)).toEqual({ page: "cash", estate: E });
    expect(parseRoute(paths.receipt(E, "p1"))).toEqual({ page: "receipt", estate: E, id: "p1" });
    expect(parseRoute(`/desk/${E}/receipts`)).toEqual({ page: "unknown" });
  });
});
