import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { readStatementFile } from "./statement-files";
import type { ColumnMapping, StatementRead } from "./statement-read";

const fixture = (name: string) => new Uint8Array(readFileSync(path.join(import.meta.dirname, "fixtures", name)));
const readFixture = (name: string, mapping?: ColumnMapping) => readStatementFile({ bytes: fixture(name), fileName: name, mapping });
const readText = (text: string, fileName = "statement.csv") => readStatementFile({ bytes: new TextEncoder().encode(text), fileName });

function linesOf(read: StatementRead) {
  if (!read.ok) throw new Error(`expected a good read: ${JSON.stringify(read.problems)}`);
  return read.lines.map((l) => [l.line, l.date, l.amountPence, l.description, l.reference, l.balancePence]);
}

// The same three transactions are in most fixtures: Tesco out, the PHB instalment in, the care agency out.
const THREE = (first: number, balances: boolean, descriptions: [string, string, string], second = first + 1, third = second + 1) => [
  [first, "2026-03-27", -1240, descriptions[0], null, balances ? 123760 : null],
  [second, "2026-03-27", 125000, descriptions[1], null, balances ? 248760 : null],
  [third, "2026-03-28", -123456, descriptions[2], null, balances ? 125304 : null],
];

describe("CSV layouts", () => {
  test("Barclays-like: signed Amount, Subcategory and Memo, a byte-order mark and CRLF; two identical coffees both count", () => {
    const read = readFixture("barclays.csv");
    expect(linesOf(read)).toEqual([
      [2, "2026-03-27", -1240, "TESCO STORES 3217 ON 26 MAR BCC", null, null],
      [3, "2026-03-27", 125000, "NHS HAMPSHIRE PHB BGC", null, null],
      [4, "2026-03-28", -310, "COSTA COFFEE ON 27 MAR BCC", null, null],
      [5, "2026-03-28", -310, "COSTA COFFEE ON 27 MAR BCC", null, null],
      [6, "2026-03-29", -123456, "CARE AGENCY LTD STO", null, null],
    ]);
    expect(read.ok && read.layout).toMatchObject({
      guessed: true,
      header: ["Number", "Date", "Account", "Amount", "Subcategory", "Memo"],
      mapping: { date: 1, description: [5], amount: { kind: "signed", column: 3 }, balance: null },
    });
  });

  test("Lloyds-like: Debit Amount and Credit Amount, sort code and account columns, a trailing comma; £0.00 is skipped", () => {
    const read = readFixture("lloyds.csv");
    expect(linesOf(read)).toEqual(THREE(2, true, ["TESCO STORES 3217", "NHS HAMPSHIRE PHB", "CARE AGENCY LTD"]));
    expect(read.ok && read.skipped).toEqual([{ line: 5, reason: "the amount is £0.00" }]);
  });

  test("NatWest-like: preamble, Value and Balance, a closing summary, apostrophe text marks", () => {
    const read = readFixture("natwest.csv");
    expect(linesOf(read)).toEqual(THREE(6, true, ["TESCO STORES 3217, LONDON", "NHS HAMPSHIRE PHB", "CARE AGENCY LTD"]));
    expect(read.ok && read.skipped.map((s) => s.line)).toEqual([10, 11]);
  });

  test("HSBC-like: no header row, read as date, description, amount", () => {
    const read = readFixture("hsbc.csv");
    expect(linesOf(read)).toEqual(THREE(1, false, ["TESCO STORES 3217", "NHS HAMPSHIRE PHB", "CARE AGENCY LTD"]));
    expect(read.ok && read.layout).toMatchObject({ key: "csv-no-header-3", header: [], guessed: true });
  });

  test("Paid out and Paid in with £ signs", () => {
    expect(linesOf(readFixture("paid-in-out.csv"))).toEqual(THREE(2, true, ["TESCO STORES 3217", "NHS HAMPSHIRE PHB", "CARE AGENCY LTD"]));
  });

  test("Nationwide-like: Windows-1252 with £ as byte 0xA3, a preamble and 27 Mar 2026 dates", () => {
    const bytes = fixture("nationwide.csv");
    expect(bytes.includes(0xa3)).toBe(true);
    expect(linesOf(readFixture("nationwide.csv"))).toEqual(THREE(6, true, ["TESCO STORES 3217 CAFÉ", "NHS HAMPSHIRE PHB", "CARE AGENCY LTD"]));
  });

  test("Santander-like fixed-width padding, with non-breaking spaces", () => {
    const read = readFixture("santander-padded.csv");
    expect(linesOf(read)).toEqual(THREE(2, true, ["CARD PAYMENT TO TESCO STORES", "BANK GIRO CREDIT NHS PHB", "DIRECT DEBIT CARE AGENCY LTD"]));
  });

  test("an amount with a CR/DR column, a reference, a currency column and CR balances", () => {
    const read = readFixture("cr-dr.csv");
    expect(linesOf(read)).toEqual([
      [2, "2026-03-27", -1240, "TESCO STORES", "CARD 1234", 123760],
      [3, "2026-03-27", 125000, "NHS HAMPSHIRE PHB", "PHB-2026-03", 248760],
      [4, "2026-03-28", -123456, "CARE AGENCY LTD", "INV 991", 125304],
    ]);
  });

  test("the same bank's layout gets the same key whatever the capitals and padding", () => {
    const a = readText("Date,Description,Amount\n27/03/2026,A,1.00\n");
    const b = readText("  DATE , description,AMOUNT\n28/03/2026,B,2.00\n");
    const c = readText("Date,Amount,Description\n27/03/2026,1.00,A\n");
    expect(a.ok && b.ok && a.layout?.key === b.layout?.key).toBe(true);
    expect(a.ok && c.ok && a.layout?.key !== c.layout?.key).toBe(true);
  });

  test("a mapping a person chose is used instead of a guess, and the columns are offered when nothing is recognised", () => {
    const text = "Bank of Somewhere\nWhen,What,Sum,Left\n27/03/2026,TESCO,-12.40,100.00\n28/03/2026,NHS PHB,50.00,150.00\n";
    const unknown = readText(text);
    expect(unknown).toMatchObject({ ok: false, problems: [{ line: null, message: expect.stringContaining("choose them") }] });
    expect(!unknown.ok && unknown.columns?.header).toEqual(["When", "What", "Sum", "Left"]);
    const mapping: ColumnMapping = { date: 0, description: [1], reference: null, amount: { kind: "signed", column: 2 }, balance: 3, currency: null };
    const read = readStatementFile({ bytes: new TextEncoder().encode(text), fileName: "x.csv", mapping });
    expect(linesOf(read)).toEqual([
      [3, "2026-03-27", -1240, "TESCO", null, 10000],
      [4, "2026-03-28", 5000, "NHS PHB", null, 15000],
    ]);
    expect(read.ok && read.layout).toMatchObject({ guessed: false, header: ["When", "What", "Sum", "Left"] });
  });

  test("a line in another currency is refused", () => {
    const read = readText("Date,Description,Amount,Currency\n27/03/2026,CAFE PARIS,-5.00,EUR\n");
    expect(read).toMatchObject({ ok: false, problems: [{ line: 2, message: "Line 2: this line is in EUR: only amounts in pounds can be imported" }] });
  });
});

describe("all or nothing", () => {
  test("a non-date, 12.0O, a wrong column count and 31/02/2026 are each reported by line number", () => {
    expect(readFixture("bad-lines.csv")).toEqual({
      ok: false,
      more: 0,
      problems: [
        { line: 3, message: 'Line 3: the date "yesterday" is not a date, like 27/03/2026' },
        { line: 4, message: 'Line 4: the amount "12.0O" is not a number of pounds and pence, like 12.50' },
        { line: 5, message: "Line 5: there are 4 columns here, not 3: check for a comma in a description without quotation marks round it" },
        { line: 6, message: 'Line 6: the date "31/02/2026" is not a real date' },
      ],
    });
  });

  test("two problems on one line make one message", () => {
    const read = readText("Date,Description,Amount\n31/02/2026,X,twelve\n");
    expect(read).toMatchObject({
      problems: [{ line: 2, message: 'Line 2: the date "31/02/2026" is not a real date; the amount "twelve" is not a number of pounds and pence, like 12.50' }],
    });
  });

  test("the first 50 problems are listed and the rest counted", () => {
    const rows = Array.from({ length: 120 }, (_, i) => `27/03/2026,LINE ${i},oops`);
    const read = readText(`Date,Description,Amount\n${rows.join("\n")}\n`);
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.problems).toHaveLength(50);
    expect(read.more).toBe(70);
    expect(read.problems[49].line).toBe(51);
  });

  test.each([
    ["header only", "Date,Description,Amount\n", "This file has no transactions in it"],
    ["only zero amounts", "Date,Description,Amount\n27/03/2026,X,0.00\n", "This file has no transactions in it"],
    ["empty", "", "This file is empty"],
    ["not a statement", "hello\nworld\n", "This file is not a bank statement"],
  ])("%s: one clear message", (_, text, message) => {
    const read = readText(text);
    expect(read).toMatchObject({ ok: false, more: 0, problems: [{ line: null, message: expect.stringContaining(message) }] });
    expect(!read.ok && read.problems).toHaveLength(1);
  });

  test("a payroll CSV is not taken for a statement", () => {
    expect(readFixture("payroll.csv")).toMatchObject({ ok: false, problems: [{ line: null, message: expect.stringContaining("choose them") }] });
  });

  test("a PNG is not a statement", () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
    expect(readStatementFile({ bytes: png, fileName: "statement.csv" })).toMatchObject({
      ok: false,
      problems: [{ line: null, message: expect.stringContaining("picture") }],
    });
  });

  test("a quotation mark that is never closed", () => {
    expect(readText('Date,Description,Amount\n27/03/2026,"TESCO,-12.40\n')).toMatchObject({ ok: false, problems: [{ line: null }] });
  });
});

describe("OFX, QIF and text exports", () => {
  test("OFX 1.x SGML in pounds, unclosed tags, entities and a < in a memo", () => {
    const read = readFixture("statement-sgml.ofx");
    expect(read.ok && read.format).toBe("ofx");
    expect(linesOf(read)).toEqual([
      [39, "2026-03-27", -1240, "TESCO STORES 3217 CARD 1234 M&S <3", "202603270001", null],
      [47, "2026-03-27", 125000, "NHS HAMPSHIRE PHB", "202603270002", null],
      [55, "2026-03-28", -123456, "CARE AGENCY LTD", "202603280001", null],
    ]);
  });

  test("OFX 2 XML credit card statement", () => {
    expect(linesOf(readFixture("statement-xml.ofx"))).toEqual([
      [15, "2026-03-27", -1240, "TESCO STORES 3217 LONDON GB", "A1", null],
      [23, "2026-03-30", 5000, "REFUND & CREDIT", "A2", null],
    ]);
  });

  test("an OFX in dollars is refused", () => {
    expect(readFixture("statement-usd.qfx")).toEqual({
      ok: false,
      more: 0,
      problems: [{ line: 30, message: "This statement is in USD: only statements in pounds can be imported" }],
    });
  });

  test("a bad OFX value is reported on its own line", () => {
    const text =
      "OFXHEADER:100\n\n<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>GBP<BANKTRANLIST>\n<STMTTRN>\n<DTPOSTED>20260231\n<TRNAMT>-1.0O\n</STMTTRN>\n</BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>";
    expect(readText(text, "x.ofx")).toMatchObject({
      ok: false,
      problems: [
        { line: 5, message: 'Line 5: the date "20260231" is not a real date' },
        { line: 6, message: expect.stringContaining('"-1.0O"') },
      ],
    });
  });

  test("QIF with 27/03'26 dates, U and T amounts, and a split", () => {
    expect(linesOf(readFixture("statement.qif"))).toEqual([
      [2, "2026-03-27", -1240, "TESCO STORES 3217 CARD 1234", null, null],
      [7, "2026-03-27", 125000, "NHS HAMPSHIRE PHB", "100234", null],
      [13, "2026-03-28", -123456, "CARE AGENCY LTD", null, null],
    ]);
  });

  test("QIF bad date reported by its line", () => {
    expect(readText("!Type:Bank\nD27/03/2026\nT-1.00\n^\nDsoon\nT2.00\n^\n", "a.qif")).toMatchObject({
      ok: false,
      problems: [{ line: 5, message: 'Line 5: the date "soon" is not a date, like 27/03/2026' }],
    });
  });

  test("Santander-like Field: value text, Windows-1252 with non-breaking spaces", () => {
    const read = readFixture("santander.txt");
    expect(read.ok && read.format).toBe("text");
    expect(linesOf(read)).toEqual([
      [5, "2026-03-27", -1240, "CARD PAYMENT TO TESCO STORES 3217,12.40 GBP, RATE 1.00/GBP ON 26-03-2026", null, 123760],
      [10, "2026-03-27", 125000, "BANK GIRO CREDIT REF NHS HAMPSHIRE PHB", null, 248760],
      [15, "2026-03-28", -123456, "DIRECT DEBIT PAYMENT TO CARE AGENCY LTD", null, 125304],
    ]);
  });

  test("a text export line in another currency, and a block without an amount", () => {
    const read = readText("Date: 27/03/2026\nDescription: HOTEL\nAmount: -50.00 EUR\n\nDate: 28/03/2026\nDescription: X\nAmount: \n", "s.txt");
    expect(read).toMatchObject({
      ok: false,
      problems: [
        { line: 3, message: "Line 3: this line is in EUR: only amounts in pounds can be imported" },
        { line: 7, message: "Line 7: the amount is missing" },
      ],
    });
  });
});
