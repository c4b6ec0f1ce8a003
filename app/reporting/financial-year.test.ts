import { describe, expect, it } from "vitest";
import { financialYearOf, monthsEndingWith, readFinancialYear } from "./financial-year";

describe("financialYearOf", () => {
  it("puts 1 April in the year it starts and 31 March in the year before", () => {
    expect(financialYearOf("2026-04-01")).toEqual({ startYear: 2026, startsOn: "2026-04-01", endsOn: "2027-03-31", label: "2026 to 2027" });
    expect(financialYearOf("2026-03-31").startYear).toBe(2025);
    expect(financialYearOf("2027-01-15").startYear).toBe(2026);
    expect(financialYearOf("2026-12-31").endsOn).toBe("2027-03-31");
  });

  it("spans a leap day", () => {
    expect(financialYearOf("2028-02-29").startsOn).toBe("2027-04-01");
  });
});

describe("readFinancialYear", () => {
  it("reads a year near today's and refuses anything else", () => {
    expect(readFinancialYear("2025", "2026-06-01")?.startsOn).toBe("2025-04-01");
    expect(readFinancialYear("1990", "2026-06-01")).toBeNull();
    expect(readFinancialYear("2025-26", "2026-06-01")).toBeNull();
    expect(readFinancialYear(null, "2026-06-01")).toBeNull();
  });
});

describe("monthsEndingWith", () => {
  it("counts back across the turn of a year, newest first", () => {
    expect(monthsEndingWith("2026-02", 4)).toEqual(["2026-02", "2026-01", "2025-12", "2025-11"]);
    expect(monthsEndingWith("2026-12", 12)).toHaveLength(12);
    expect(monthsEndingWith("2026-12", 12).at(-1)).toBe("2026-01");
  });
});
