import { describe, expect, it } from "vitest";
import { bankClosingBalance, monthBounds, readMonth, reconciliationStatus, shiftMonth, unexplainedDifference } from "./periods";

describe("months", () => {
  it("reads only a real month, and knows its last day, leap years too", () => {
    expect(readMonth("2026-11")).toBe("2026-11");
    expect(readMonth("2026-13")).toBeNull();
    expect(readMonth("26-11")).toBeNull();
    expect(monthBounds("2028-02")).toEqual({ startsOn: "2028-02-01", endsOn: "2028-02-29" });
    expect(shiftMonth("2026-01", -1)).toBe("2025-12");
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
