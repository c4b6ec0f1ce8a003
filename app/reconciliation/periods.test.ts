import { describe, expect, it } from "vitest";
import {
  bankClosingBalance,
  monthBounds,
  periodBounds,
  periodName,
  periodOfDays,
  periodOfMonth,
  readMonth,
  readPeriod,
  reconciliationStatus,
  shiftMonth,
  shiftPeriod,
  unexplainedDifference,
} from "./periods";

describe("months", () => {
  it("reads only a real month, and knows its last day, leap years too", () => {
    expect(readMonth("2026-11")).toBe("2026-11");
    expect(readMonth("2026-13")).toBeNull();
    expect(readMonth("26-11")).toBeNull();
    expect(monthBounds("2028-02")).toEqual({ startsOn: "2028-02-01", endsOn: "2028-02-29" });
    expect(shiftMonth("2026-01", -1)).toBe("2025-12");
  });
});

describe("quarters of the financial year", () => {
  it("starts the year in April, so quarter 4 is January to March of the next calendar year", () => {
    expect(periodBounds("2026-Q1")).toEqual({ startsOn: "2026-04-01", endsOn: "2026-06-30" });
    expect(periodBounds("2026-Q3")).toEqual({ startsOn: "2026-10-01", endsOn: "2026-12-31" });
    expect(periodBounds("2027-Q4")).toEqual({ startsOn: "2028-01-01", endsOn: "2028-03-31" });
    expect(periodName("2026-Q4")).toBe("January to March 2027");
    expect(periodName("2026-10")).toBe("October 2026");
  });

  it("finds the quarter a month is in, and the quarters either side", () => {
    expect(periodOfMonth("2026-03", "quarter")).toBe("2025-Q4");
    expect(periodOfMonth("2026-04", "quarter")).toBe("2026-Q1");
    expect(periodOfMonth("2026-12", "quarter")).toBe("2026-Q3");
    expect(periodOfMonth("2026-12", "month")).toBe("2026-12");
    expect(shiftPeriod("2026-Q1", -1)).toBe("2025-Q4");
    expect(shiftPeriod("2026-Q4", 1)).toBe("2027-Q1");
    expect(shiftPeriod("2026-12", 1)).toBe("2027-01");
    expect(periodOfDays(periodBounds("2026-Q4"))).toBe("2026-Q4");
    expect(periodOfDays(periodBounds("2026-02"))).toBe("2026-02");
  });

  it("reads a month or a quarter, and nothing else", () => {
    expect(readPeriod("2026-Q2")).toBe("2026-Q2");
    expect(readPeriod("2026-11")).toBe("2026-11");
    expect(readPeriod("2026-Q5")).toBeNull();
    expect(readPeriod("2026-q2")).toBeNull();
    expect(readPeriod(null)).toBeNull();
  });
});

describe("bankClosingBalance", () => {
  it("takes the balance no other line of the last day follows from, whichever order the bank listed them in", () => {
    const day = [
      { date: "2026-11-30", amountPence: -500, balancePence: 9_000 },
      { date: "2026-11-30", amountPence: -1_000, balancePence: 9_500 },
      { date: "2026-11-29", amountPence: 100, balancePence: 10_500 },
    ];
    expect(bankClosingBalance(day)).toBe(9_000);
    expect(bankClosingBalance([...day].reverse())).toBe(9_000);
    expect(bankClosingBalance([{ date: "2026-11-30", amountPence: -5, balancePence: null }])).toBeNull();
  });
});

describe("reconciliationStatus", () => {
  const month = { reconciled: false, openQueries: 0, bankLines: 4, unmatchedBankLines: 0, unexplainedPence: 0 };
  it("is ready only when every line is accounted for and nothing of the difference is unexplained", () => {
    expect(reconciliationStatus(month)).toBe("ready");
    expect(reconciliationStatus({ ...month, unexplainedPence: 1 })).toBe("in-progress");
    expect(reconciliationStatus({ ...month, unmatchedBankLines: 1 })).toBe("in-progress");
    expect(reconciliationStatus({ ...month, openQueries: 1 })).toBe("queries-open");
    expect(reconciliationStatus({ ...month, bankLines: 0 })).toBe("not-started");
    expect(reconciliationStatus({ ...month, reconciled: true, openQueries: 2 })).toBe("reconciled");
  });

  it("explains the difference by what is on one side only", () => {
    expect(unexplainedDifference({ ledgerClosingPence: 10_000, bankClosingPence: 12_000, ledgerOnlyPence: -2_500, bankOnlyPence: -500 })).toBe(0);
    expect(unexplainedDifference({ ledgerClosingPence: 10_000, bankClosingPence: null, ledgerOnlyPence: 0, bankOnlyPence: 0 })).toBeNull();
  });
});
