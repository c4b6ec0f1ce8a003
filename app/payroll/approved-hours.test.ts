import { describe, expect, it } from "vitest";
import { approvedHoursByLine, approvedHoursText } from "./approved-hours";

const week = (assistantId: string, lineKey: string | null, minutes: number, hourlyRatePence = 1250) => ({ assistantId, lineKey, hourlyRatePence, minutes });

describe("approved hours not paid yet", () => {
  it("are priced per PA at their rate and added up per line", () => {
    const byLine = approvedHoursByLine([week("chloe", "care", 1200), week("chloe", "care", 1230), week("sam", "care", 600, 1300), week("ali", "outings", 90)]);
    // Chloe: 40 hours 30 minutes at £12.50 is £506.25; Sam: 10 hours at £13.00 is £130.00.
    expect(byLine.get("care")).toEqual({ pence: 50_625 + 13_000, minutes: 3030, assistantCount: 2 });
    // 1 hour 30 minutes at £12.50 is £18.75.
    expect(byLine.get("outings")).toEqual({ pence: 1_875, minutes: 90, assistantCount: 1 });
    expect(byLine.size).toBe(2);
  });

  it("round once per PA, over all their weeks, as payroll prices a period", () => {
    // 20 minutes at £12.61 is 420.33p a week: 1260.99p for three weeks, £12.61, where rounding each week would give £12.60.
    expect(approvedHoursByLine([week("chloe", "care", 20, 1261), week("chloe", "care", 20, 1261), week("chloe", "care", 20, 1261)]).get("care")?.pence).toBe(
      1_261,
    );
  });

  it("leave out a PA with no line to count against", () => {
    expect(approvedHoursByLine([week("chloe", null, 600)]).size).toBe(0);
    expect(approvedHoursByLine([])).toEqual(new Map());
  });

  it("say on the line what they are, in pounds and hours", () => {
    expect(approvedHoursText({ pence: 37_500, minutes: 1800, assistantCount: 1 })).toBe(
      "Includes £375.00 for 30 hours of approved timesheets not paid yet, at the PA's hourly rate, before the employer's National Insurance and pension",
    );
    expect(approvedHoursText({ pence: 123_456, minutes: 3030, assistantCount: 2 })).toBe(
      "Includes £1,234.56 for 50 hours 30 minutes of approved timesheets not paid yet, at each PA's hourly rate, before the employer's National Insurance and pension",
    );
  });
});
