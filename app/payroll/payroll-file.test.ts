import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkLines } from "~/ledger/entries";
import { netPayEntryLines, owedEntryLines } from "./payroll-entries";
import { employerCost, owedToHmrc, owedToPension, PAYROLL_COLUMNS, readPayrollFile, type PayrollLine } from "./payroll-file";

const PERIOD = { startsOn: "2026-11-01", endsOn: "2026-11-30" };
const HEADER = PAYROLL_COLUMNS.join(",");
const file = (...lines: string[]) => [HEADER, ...lines].join("\n");
// gross 1200.00, tax 100.00, employee NI 50.00, employer NI 60.00, pensions 36.00 and 36.00: net 1014.00
const GOOD = "PA-1,01/11/2026,1200.00,100.00,50.00,60.00,36.00,36.00,1014.00,28/11/2026";

describe("reading the payroll export", () => {
  it("reads each line into pence, dates as ISO", () => {
    const read = readPayrollFile(file(GOOD, "PA-2,2026-11-01,500,0,0,0,0,0,500,2026-11-28"), PERIOD);
    expect(read).toEqual({
      ok: true,
      lines: [
        {
          line: 2,
          payrollReference: "PA-1",
          grossPence: 120000,
          employeeTaxPence: 10000,
          employeeNiPence: 5000,
          employerNiPence: 6000,
          employeePensionPence: 3600,
          employerPensionPence: 3600,
          netPayPence: 101400,
          paymentDate: "2026-11-28",
        },
        expect.objectContaining({ line: 3, payrollReference: "PA-2", grossPence: 50000, netPayPence: 50000 }),
      ],
    });
  });

  it("reads the columns in any order, with a byte order mark and Windows line ends", () => {
    const reordered = ["payment_date", ...PAYROLL_COLUMNS.filter((c) => c !== "payment_date")].join(",");
    const read = readPayrollFile(`\uFEFF${reordered}\r\n28/11/2026,PA-1,01/11/2026,1200.00,100.00,50.00,60.00,36.00,36.00,1014.00\r\n`, PERIOD);
    expect(read.ok && read.lines[0].paymentDate).toBe("2026-11-28");
  });

  it("reports every bad line by its number, and returns no line", () => {
    const read = readPayrollFile(
      file(
        GOOD,
        "PA-2,01/10/2026,1200.00,100.00,50.00,60.00,36.00,36.00,1014.00,28/11/2026",
        "PA-3,01/11/2026,-5.00,0,0,0,0,0,-5.00,28/11/2026",
        "PA-4,01/11/2026,lots,0,0,0,0,0,0,28/11/2026",
        "PA-5,01/11/2026,1200.00,100.00,50.00,60.00,36.00,36.00,1000.00,28/11/2026",
        GOOD,
        "PA-6,01/11/2026,100,0,0,0,0,0,100,31/02/2027",
      ),
      PERIOD,
    );
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.problems.map((p) => p.line)).toEqual([3, 4, 5, 6, 7, 8]);
    const [period, negative, text, arithmetic, repeated, date] = read.problems.map((p) => p.message);
    expect(period).toMatch(/starts on 1 October 2026, but this run is for the period starting 1 November 2026/);
    expect(negative).toMatch(/gross pay must not be negative/);
    expect(text).toMatch(/gross pay must be a number of pounds and pence/);
    expect(arithmetic).toBe("Gross pay less the employee's tax, National Insurance and pension is £1,014.00, not the net pay of £1,000.00");
    expect(repeated).toMatch(/PA-1 is already on line 2/);
    expect(date).toMatch(/payment date "31\/02\/2027" is not a date/);
  });

  it("refuses a file in another layout, an empty file and one with only the column names", () => {
    expect(readPayrollFile("name,amount\nJo,12", PERIOD)).toMatchObject({
      ok: false,
      problems: [{ line: 1, message: expect.stringMatching(/not the payroll export's layout/) }],
    });
    expect(readPayrollFile("", PERIOD)).toMatchObject({ ok: false, problems: [{ line: 1, message: "The file is empty" }] });
    expect(readPayrollFile(HEADER, PERIOD)).toMatchObject({ ok: false, problems: [{ line: 2 }] });
  });

  it("refuses a file over 10 MB before reading it", () => {
    const big = [HEADER, ...Array.from({ length: 150_000 }, (_, i) => GOOD.replace("PA-1", `PA-${i}`))].join("\n");
    expect(readPayrollFile(big, PERIOD)).toMatchObject({ ok: false, problems: [{ line: 1, message: expect.stringMatching(/bigger than 10 MB/) }] });
  });
});

const ACCOUNTS = { holderAccountId: 1, assistantAccountId: 2, hmrcAccountId: 3, pensionAccountId: 4, costsAccountId: 5 };

/** A valid line: the deductions never more than the gross pay. */
const payrollLine = fc
  .record({
    gross: fc.integer({ min: 1, max: 1_000_000 }),
    tax: fc.nat(),
    eeNi: fc.nat(),
    eePension: fc.nat(),
    erNi: fc.integer({ min: 0, max: 200_000 }),
    erPension: fc.integer({ min: 0, max: 100_000 }),
  })
  .map(({ gross, tax, eeNi, eePension, erNi, erPension }): PayrollLine => {
    const t = tax % (gross + 1);
    const n = eeNi % (gross - t + 1);
    const p = eePension % (gross - t - n + 1);
    return {
      line: 2,
      payrollReference: "PA-1",
      grossPence: gross,
      employeeTaxPence: t,
      employeeNiPence: n,
      employeePensionPence: p,
      employerNiPence: erNi,
      employerPensionPence: erPension,
      netPayPence: gross - t - n - p,
      paymentDate: "2026-11-28",
    };
  });

describe("what a payslip posts", () => {
  it("balances, leaves owed exactly what HMRC, the scheme and the PA are due, and takes only net pay from the account on pay day", () => {
    fc.assert(
      fc.property(payrollLine, (line) => {
        const owed = owedEntryLines(line, ACCOUNTS);
        const paid = netPayEntryLines(line, ACCOUNTS) ?? [];
        expect(checkLines(owed).ok).toBe(true);
        if (paid.length) expect(checkLines(paid).ok).toBe(true);
        const net = (id: number) => [...owed, ...paid].filter((l) => l.accountId === id).reduce((t, l) => t + l.amountPence, 0);
        expect(net(ACCOUNTS.costsAccountId)).toBe(employerCost(line));
        expect(net(ACCOUNTS.hmrcAccountId)).toBe(0 - owedToHmrc(line));
        expect(net(ACCOUNTS.pensionAccountId)).toBe(0 - owedToPension(line));
        expect(net(ACCOUNTS.assistantAccountId)).toBe(0);
        expect(net(ACCOUNTS.holderAccountId)).toBe(0 - line.netPayPence);
      }),
    );
  });
});
