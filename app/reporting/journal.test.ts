import { describe, expect, it } from "vitest";
import { writeCsv } from "~/security/spreadsheet-csv.server";
import { journalRows, readJournalPeriod, type JournalPosting } from "./journal";
import { DEFAULT_JOURNAL_CODES, journalCodeKey, journalCodes } from "./journal-codes";

const posting = (p: Partial<JournalPosting> & Pick<JournalPosting, "postingId" | "accountKind" | "amountPence">): JournalPosting => ({
  entryId: 41,
  date: "2026-04-01",
  kind: "instalment",
  countsAs: "instalment",
  description: "Direct payment instalment",
  accountName: p.accountKind === "commissioner-funding" ? "Commissioner funding" : "Direct payment account",
  paymentNumber: p.accountKind === "commissioner-funding" ? null : 34,
  ...p,
});

describe("journalRows", () => {
  const instalment = [
    posting({ postingId: 7, accountKind: "commissioner-funding", amountPence: -123_456 }),
    posting({ postingId: 8, accountKind: "direct-payment", amountPence: 123_456 }),
  ];

  it("writes each posting as a debit or a credit in pounds, dated as UK finance systems read dates, with its codes", () => {
    const rows = journalRows(instalment, DEFAULT_JOURNAL_CODES);
    expect(writeCsv(rows).split("\r\n").slice(0, 3)).toEqual([
      "Reference,Date,Journal entry,Cost centre,Subjective code,Debit,Credit,Entry type,How held,Payment number,Account,Description",
      "PHB-JE-41-7,01/04/2026,41,PHB000,22110000,,1234.56,Instalment,Direct payment,,Commissioner funding,Direct payment instalment",
      "PHB-JE-41-8,01/04/2026,41,PHB300,52141000,1234.56,,Instalment,Direct payment,PHB 0034,Direct payment account,Direct payment instalment",
    ]);
  });

  it("codes a reversal as what it reverses, and uses the commissioner's own codes over the defaults", () => {
    const codes = journalCodes([{ key: "recovered:direct-payment", costCentre: "X1", subjectiveCode: "Y1" }]);
    const rows = journalRows(
      [posting({ postingId: 9, entryId: 50, kind: "reversal", countsAs: "clawback", accountKind: "direct-payment", amountPence: 500 })],
      codes,
    );
    expect(rows[1].slice(3, 9)).toEqual(["X1", "Y1", { csvNumber: "5.00" }, "", "Reversal of recovery", "Direct payment"]);
  });

  it("neutralises a description that a spreadsheet would run as a formula", () => {
    const rows = journalRows([posting({ postingId: 1, accountKind: "notional", amountPence: 1, description: "=HYPERLINK(1)" })], DEFAULT_JOURNAL_CODES);
    expect(writeCsv(rows)).toContain(",'=HYPERLINK(1)");
  });
});

describe("journalCodeKey", () => {
  it("codes a line by the side it is on and what the entry was", () => {
    expect(journalCodeKey("commissioner-funding", "clawback")).toBe("funding");
    expect(journalCodeKey("third-party", "instalment")).toBe("paid:third-party");
    expect(journalCodeKey("notional", "refund")).toBe("spent:notional");
    expect(journalCodeKey("direct-payment", "spend")).toBe("adjusted");
    expect(journalCodeKey("outside", "spend")).toBe("outside");
  });
});

describe("readJournalPeriod", () => {
  const read = (query: string) => readJournalPeriod(new URLSearchParams(query));
  it("reads a month to its last day, leap years too", () => {
    expect(read("month=2028-02")).toEqual({ from: "2028-02-01", to: "2028-02-29", name: "2028-02" });
  });
  it("reads days from and to, a year at most", () => {
    expect(read("from=2026-04-01&to=2027-03-31")).toEqual({ from: "2026-04-01", to: "2027-03-31", name: "2026-04-01-to-2027-03-31" });
    expect(read("from=2026-04-01&to=2027-06-30")).toEqual({ message: "Download a year or less at a time" });
    expect(read("from=2026-05-01&to=2026-04-30")).toHaveProperty("message");
    expect(read("from=2026-02-30&to=2026-04-30")).toHaveProperty("message");
    expect(read("month=2026-13")).toHaveProperty("message");
    expect(read("")).toHaveProperty("message");
  });
});
