import { describe, expect, it } from "vitest";
import { addMonths, paymentDateFits, pensionMonthOf, periodEndsOn, taxMonthOf } from "./pay-periods";

describe("pay periods", () => {
  it("end after a week, 2 weeks, 4 weeks or a month", () => {
    expect(periodEndsOn("weekly", "2026-11-02")).toBe("2026-11-08");
    expect(periodEndsOn("two-weekly", "2026-11-02")).toBe("2026-11-15");
    expect(periodEndsOn("four-weekly", "2026-11-02")).toBe("2026-11-29");
    expect(periodEndsOn("monthly", "2026-11-01")).toBe("2026-11-30");
    expect(periodEndsOn("monthly", "2026-12-15")).toBe("2027-01-14");
  });
  it("a month later is the month's last day when the day does not exist", () => {
    expect(addMonths("2027-01-31", 1)).toBe("2027-02-28");
    expect(addMonths("2028-01-31", 1)).toBe("2028-02-29");
  });
  it("a tax month runs from the 6th to the 5th and is paid by the 22nd of the next", () => {
    expect(taxMonthOf("2026-11-28")).toEqual({ startsOn: "2026-11-06", dueOn: "2026-12-22" });
    expect(taxMonthOf("2026-12-05")).toEqual({ startsOn: "2026-11-06", dueOn: "2026-12-22" });
    expect(taxMonthOf("2026-12-06")).toEqual({ startsOn: "2026-12-06", dueOn: "2027-01-22" });
    expect(taxMonthOf("2027-01-03")).toEqual({ startsOn: "2026-12-06", dueOn: "2027-01-22" });
  });
  it("pension is paid by the 22nd of the month after the one it was deducted in", () => {
    expect(pensionMonthOf("2026-11-28")).toEqual({ startsOn: "2026-11-01", dueOn: "2026-12-22" });
    expect(pensionMonthOf("2026-12-31")).toEqual({ startsOn: "2026-12-01", dueOn: "2027-01-22" });
  });
  it("a payment date fits from the period's first day to 31 days after its last", () => {
    const period = { startsOn: "2026-11-01", endsOn: "2026-11-30" };
    expect(paymentDateFits("2026-10-31", period)).toBe(false);
    expect(paymentDateFits("2026-11-28", period)).toBe(true);
    expect(paymentDateFits("2026-12-31", period)).toBe(true);
    expect(paymentDateFits("2027-01-01", period)).toBe(false);
  });
});
