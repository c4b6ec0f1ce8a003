import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dueDates, instalmentAmount, instalmentKey } from "./instalments";

describe("dueDates", () => {
  it("falls every 4 weeks from the first date up to and including the day asked for", () => {
    expect(dueDates({ firstDate: "2026-04-01", everyDays: 28 }, "2026-06-24")).toEqual(["2026-04-01", "2026-04-29", "2026-05-27", "2026-06-24"]);
    expect(dueDates({ firstDate: "2026-04-01", everyDays: 28 }, "2026-03-31")).toEqual([]);
    expect(dueDates({ firstDate: "2026-04-01", everyDays: 28 }, "2027-03-30")).toHaveLength(13);
  });
  it("stops at the end of the schedule", () => {
    expect(dueDates({ firstDate: "2026-04-01", everyDays: 28, endsOn: "2026-05-01" }, "2026-12-31")).toEqual(["2026-04-01", "2026-04-29"]);
  });
});

describe("instalmentAmount", () => {
  it("splits the year's share into 13 with the odd pence first", () => {
    expect(instalmentAmount(2_600_000, 0)).toBe(200_000);
    expect([0, 1, 2, 3].map((i) => instalmentAmount(15, i))).toEqual([2, 2, 1, 1]);
  });
  it("any 13 instalments in a row add up to the year's amount exactly (1,000 runs)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000_000_00 }), fc.nat({ max: 1_000 }), (annual, start) => {
        let total = 0;
        for (let i = start; i < start + 13; i++) total += instalmentAmount(annual, i);
        expect(total).toBe(annual);
      }),
      { numRuns: 1_000 },
    );
  });
  it("keys an instalment by budget and due date", () => {
    expect(instalmentKey("b1", "2026-04-01")).toBe("instalment:b1:2026-04-01");
  });
});
