import { describe, expect, it } from "vitest";
import { complaintMissing, complaintRequest, EMPTY_COMPLAINT, whenInFuture } from "./complaintForm";

describe("the desk's complaint form", () => {
  it("asks for where, when, what happened and what the person asks for", () => {
    expect(complaintMissing(EMPTY_COMPLAINT)).toEqual(["where", "when", "what", "asks"]);
    expect(complaintMissing({ where: "3栋电梯", when: "2026-12-01T23:10", what: " ", asks: "停止夜间施工" })).toEqual(["what"]);
  });
  it("writes the four parts into the entry under fixed headings, one line each", () => {
    expect(
      complaintRequest({ where: " 3栋2单元楼道 ", when: "2026-12-01T23:10", what: "楼上夜里装修电钻声", asks: "晚上十点后停工" }),
    ).toBe("地点：3栋2单元楼道\n时间：2026-12-01 23:10\n经过：楼上夜里装修电钻声\n诉求：晚上十点后停工");
  });
  it("refuses a time of the event that has not come yet", () => {
    const now = new Date(2026, 11, 2, 15, 0);
    expect(whenInFuture("2026-12-02T16:00", now)).toBe(true);
    expect(whenInFuture("2026-12-02T14:00", now)).toBe(false);
    expect(whenInFuture("2026-12-02T15:03", now)).toBe(false);
  });
});
