import { describe, expect, it } from "vitest";
import { ApiError } from "../api/client";
import { errorWords } from "./errors";

describe("errors in plain words", () => {
  const refusal = new ApiError(409, "downstream_still_open", "The complaint or work order is not closed yet; the entry closes after it.");

  it("uses the catalogue in Chinese and the service's own title in English", () => {
    expect(errorWords(refusal, "zh").text).toBe("对应的投诉或工单还没有办结，办结后才能注销。");
    expect(errorWords(refusal, "en").text).toBe(refusal.title);
  });

  it("falls back to the title for a code the catalogue does not know", () => {
    const e = new ApiError(409, "brand_new_rule", "A rule added after this screen was written.");
    expect(errorWords(e, "zh").text).toBe(e.title);
  });

  it("names the field of a validation problem", () => {
    const e = new ApiError(422, "validation_failed", "Some of the fields are not valid.", "caller: needs a phone or a unit");
    expect(errorWords(e, "zh")).toEqual({ text: "有些内容填得不对。", more: "caller: needs a phone or a unit" });
  });

  it("never shows a raw body: no title and a server error become a general message", () => {
    expect(errorWords(new ApiError(502, "http_502", ""), "zh").text).toBe("系统出了问题，什么都没改；请稍后再试。");
    expect(errorWords(new ApiError(0, "network", ""), "en").text).toBe("Cannot reach the server; check the network and try again.");
    expect(errorWords(new Error("boom"), "zh").text).toBe("没有成功，请再试一次。");
  });
});
