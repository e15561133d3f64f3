import { describe, expect, it } from "vitest";
import { complaintMissing, complaintBody, EMPTY_COMPLAINT, whenInFuture } from "./complaintForm";

describe("the desk's complaint form", () => {
  it("asks for where, when, what happened and what the person asks for", () => {
    expect(complaintMissing(EMPTY_COMPLAINT)).toEqual(["where", "when", "what", "asks"]);
    expect(complaintMissing({ where: "3栋电梯", when: "2026-12-01T23:10", what: " ", asks: "停止夜间施工" })).toEqual(["what"]);
  });
  it("sends what happened as the request and the other parts apart", () => {
    const body = complaintBody({ where: " 3栋2单元楼道 ", when: "2026-12-01T23:10", what: "地点不详的电钻声 ", asks: "晚上十点后停工" });
    expect(body.request).toBe("地点不详的电钻声");
    expect(body.complaint.location).toBe("3栋2单元楼道");
    expect(body.complaint.demand).toBe("晚上十点后停工");
    expect(new Date(body.complaint.occurred_at ?? "").getTime()).toBe(new Date(2026, 11, 1, 23, 10).getTime());
  });
  it("refuses a time of the event that has not come yet", () => {
    const now = new Date(2026, 11, 2, 15, 0);
    expect(whenInFuture("2026-12-02T16:00", now)).toBe(true);
    expect(whenInFuture("2026-12-02T14:00", now)).toBe(false);
    expect(whenInFuture("2026-12-02T15:03", now)).toBe(false);
  });
});
