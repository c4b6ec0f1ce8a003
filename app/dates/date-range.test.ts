import { describe, expect, it } from "vitest";
import { z } from "zod";
import { isRealDate, IsoDateSchema, withDateRange } from "./date-range";

describe("date range", () => {
  it("accepts real dates and refuses impossible ones", () => {
    expect(IsoDateSchema.safeParse("2028-02-29").success).toBe(true);
    expect(IsoDateSchema.safeParse("2026-02-30").success).toBe(false);
    expect(IsoDateSchema.safeParse("27/03/2026").success).toBe(false);
  });

  it("refuses every day that is not on the calendar, as PostgreSQL would", () => {
    for (const day of ["2027-02-29", "2026-04-31", "2026-13-01", "2026-00-10", "2026-01-00", "0000-01-01", "2026-1-01", "2026-01-01 ", "+02026-01-01"]) {
      expect([day, isRealDate(day)]).toEqual([day, false]);
    }
    for (const day of ["2028-02-29", "2026-12-31", "0001-01-01", "9999-12-31"]) expect([day, isRealDate(day)]).toEqual([day, true]);
  });

  it("refuses a 'to' date before the 'from' date, on the 'to' field", () => {
    const schema = withDateRange({ person: z.string().optional() });
    const result = schema.safeParse({ from: "2026-03-02", to: "2026-03-01" });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([["to", "The 'to' date must be the same as or after the 'from' date"]]);
    expect(schema.safeParse({ from: "2026-03-01", to: "2026-03-01", person: "x" }).success).toBe(true);
  });
});
