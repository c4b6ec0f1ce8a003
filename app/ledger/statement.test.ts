import { describe, expect, it } from "vitest";
import { longDate } from "~/dates/long-date";
import { writeCsv } from "~/security/spreadsheet-csv.server";
import { csvRow, enGbDate, reversalNote } from "./statement";

describe("statement formatting", () => {
  it("writes en-GB dates", () => {
    expect(enGbDate("2026-04-01")).toBe("01/04/2026");
    expect(longDate("2026-04-01")).toBe("1 April 2026");
  });
  it("ties a reversal to what it reverses", () => {
    expect(reversalNote({ reversesEntryId: 7, reversesDescription: "Art classes", reversedByEntryId: null, reason: "Logged twice" })).toBe(
      "Corrects entry 7 (Art classes): Logged twice",
    );
    expect(reversalNote({ reversesEntryId: null, reversesDescription: null, reversedByEntryId: 9, reason: null })).toBe("Cancelled by entry 9");
  });
  it("puts money in and money out in their own columns", () => {
    const line = {
      entryId: 3,
      effectiveDate: "2026-04-02",
      kind: "spend" as const,
      description: "Art",
      counterparty: "Arts Ltd",
      amountPence: -4_800,
      balancePence: 195_200,
      reversesEntryId: null,
      reversesDescription: null,
      reversedByEntryId: null,
      reason: null,
    };
    expect(writeCsv([csvRow(line)])).toBe("02/04/2026,3,Spending,Art,Arts Ltd,,48.00,1952.00,\r\n");
  });
});
