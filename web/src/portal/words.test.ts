import { describe, expect, it } from "vitest";
import { ApiError } from "../api/client";
import { portalErrorWords, yuan } from "./words";

describe("the portal's words", () => {
  it("says 'not found' for someone else's item in the resident's words", () => {
    const w = portalErrorWords(new ApiError(404, "not_found", "No such work order here."), "zh");
    expect(w.text).toContain("找不到");
    expect(portalErrorWords(new ApiError(404, "not_found", "x"), "en").text).toContain("Not found");
  });

  it("falls back to the desk's words", () => {
    expect(portalErrorWords(new ApiError(0, "network", ""), "zh").text).toBeTruthy();
  });

  it("shows fen as yuan", () => {
    expect(yuan(12345)).toBe("¥123.45");
    expect(yuan(5)).toBe("¥0.05");
    expect(yuan(-250)).toBe("-¥2.50");
  });
});
