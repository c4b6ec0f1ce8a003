import { describe, expect, it } from "vitest";
import { checkAgainstTimesheets, hoursText, isMonday, payForHours } from "./timesheets";

describe("timesheets", () => {
  it("start on a Monday", () => {
    expect([isMonday("2026-11-02"), isMonday("2026-11-03"), isMonday("2026-11-01")]).toEqual([true, false, false]);
  });
  it("read as hours and minutes, and pay to the nearest penny", () => {
    expect([hoursText(60), hoursText(2250), hoursText(61)]).toEqual(["1 hour", "37 hours 30 minutes", "1 hour 1 minute"]);
    expect(payForHours(2250, 1260)).toBe(47_250);
    // 20 minutes at £12.61 is 420.33p: 420p.
    expect(payForHours(20, 1261)).toBe(420);
  });
  const sheets = [
    { weekStartsOn: "2026-11-02", minutes: 1200, status: "approved" as const },
    { weekStartsOn: "2026-11-09", minutes: 1230, status: "approved" as const },
  ];
  it("agree with pay that is the approved hours at the rate, and say so when it is not", () => {
    const input = { name: "Chloe Evans", hourlyRatePence: 1250, sheets };
    expect(checkAgainstTimesheets({ ...input, grossPence: 50_625 })).toBeNull();
    expect(checkAgainstTimesheets({ ...input, grossPence: 50_000 })).toBe(
      "Chloe Evans's gross pay of £500.00 is not what the approved timesheets pay: 40 hours 30 minutes at £12.50 an hour is £506.25",
    );
  });
  it("must all be approved before the period is paid; none at all leaves the pay to the payroll software", () => {
    const queried = [...sheets, { weekStartsOn: "2026-11-16", minutes: 60, status: "queried" as const }];
    expect(checkAgainstTimesheets({ name: "Chloe Evans", grossPence: 1, hourlyRatePence: 1250, sheets: queried })).toMatch(
      /must be approved before they are paid: the week from 16 November 2026 \(queried\)/,
    );
    expect(checkAgainstTimesheets({ name: "Chloe Evans", grossPence: 1, hourlyRatePence: 1250, sheets: [] })).toBeNull();
  });
});
