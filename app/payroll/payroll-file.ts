import { parse } from "csv-parse/sync";
import { longDate } from "~/dates/long-date";
import { capitalise } from "~/people/voice";
import { isRealDate } from "~/dates/date-range";
import { formatPence, parseMoney, type Pence } from "~/ledger/money";
import { paymentDateFits } from "./pay-periods";

/** The columns of the payroll software's export, one line per PA per period, in any order. */
export const PAYROLL_COLUMNS = [
  "payroll_ref",
  "period",
  "gross",
  "employee_tax",
  "employee_ni",
  "employer_ni",
  "employee_pension",
  "employer_pension",
  "net_pay",
  "payment_date",
] as const;

const AMOUNTS = ["gross", "employee_tax", "employee_ni", "employer_ni", "employee_pension", "employer_pension", "net_pay"] as const;
const AMOUNT_NAMES: Record<(typeof AMOUNTS)[number], string> = {
  gross: "gross pay",
  employee_tax: "employee's tax",
  employee_ni: "employee's National Insurance",
  employer_ni: "employer's National Insurance",
  employee_pension: "employee's pension",
  employer_pension: "employer's pension",
  net_pay: "net pay",
};

/** A payroll file bigger than this is not one holder's or one organisation's month: 5,000 lines take about 600 KB. */
export const MAX_PAYROLL_FILE_BYTES = 10 * 1024 * 1024;

/** One PA's pay for the period, as the payroll software worked it out. */
export interface PayrollLine {
  /** The line's number in the file (the column names are line 1), or on the form. */
  line: number;
  payrollReference: string;
  grossPence: Pence;
  employeeTaxPence: Pence;
  employeeNiPence: Pence;
  employerNiPence: Pence;
  employeePensionPence: Pence;
  employerPensionPence: Pence;
  netPayPence: Pence;
  paymentDate: string;
}

export interface LineProblem {
  line: number;
  message: string;
}

export type PayrollFileRead = { ok: true; lines: PayrollLine[] } | { ok: false; problems: LineProblem[] };

export interface PayPeriod {
  startsOn: string;
  endsOn: string;
}

/** What HMRC is owed for a line: the employee's tax and National Insurance, and the employer's National Insurance. */
export const owedToHmrc = (l: PayrollLine) => l.employeeTaxPence + l.employeeNiPence + l.employerNiPence;
export const owedToPension = (l: PayrollLine) => l.employeePensionPence + l.employerPensionPence;
/** What the PA costs their employer for the period: gross pay and the employer's own National Insurance and pension. */
export const employerCost = (l: PayrollLine) => l.grossPence + l.employerNiPence + l.employerPensionPence;

/**
 * Reads the payroll software's CSV export for one pay period. All or nothing: every line with a problem is reported
 * by its number, and no line is returned unless every line is good.
 */
export function readPayrollFile(text: string, period: PayPeriod): PayrollFileRead {
  if (Buffer.byteLength(text, "utf8") > MAX_PAYROLL_FILE_BYTES) {
    return { ok: false, problems: [{ line: 1, message: "The file is bigger than 10 MB: export one pay period at a time" }] };
  }
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { bom: true, info: true, skip_empty_lines: true, relax_column_count: true, trim: true }) as unknown as typeof records;
  } catch (error) {
    const at = (error as { lines?: number }).lines ?? 1;
    return { ok: false, problems: [{ line: at, message: "This line cannot be read as CSV: check for a quote mark that is not closed" }] };
  }
  if (records.length === 0) return { ok: false, problems: [{ line: 1, message: "The file is empty" }] };
  const header = records[0].record.map((h) => h.toLowerCase());
  const missing = PAYROLL_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length) {
    return {
      ok: false,
      problems: [{ line: 1, message: `This is not the payroll export's layout. The first line must name the columns: ${missing.join(", ")} are missing` }],
    };
  }
  if (records.length === 1) return { ok: false, problems: [{ line: 2, message: "The file has no lines after the column names" }] };

  const problems: LineProblem[] = [];
  const lines: PayrollLine[] = [];
  const firstLineOf = new Map<string, number>();
  for (const { record, info } of records.slice(1)) {
    const cells = Object.fromEntries(header.map((h, i) => [h, record[i] ?? ""])) as Record<PayrollColumn, string>;
    const read = readLine(info.lines, cells, period);
    if (!read.ok) {
      problems.push(...read.problems);
      continue;
    }
    const earlier = firstLineOf.get(read.line.payrollReference.toUpperCase());
    if (earlier !== undefined) {
      problems.push({ line: info.lines, message: `Payroll reference ${read.line.payrollReference} is already on line ${earlier}: a PA is paid once a period` });
      continue;
    }
    firstLineOf.set(read.line.payrollReference.toUpperCase(), info.lines);
    lines.push(read.line);
  }
  return problems.length ? { ok: false, problems } : { ok: true, lines };
}

/** One line of the export: every problem with it, in one message for the line. */
export function readLine(
  line: number,
  cells: Partial<Record<PayrollColumn, string>>,
  period: PayPeriod,
): { ok: true; line: PayrollLine } | { ok: false; problems: LineProblem[] } {
  const read = readCells(line, cells, period);
  if (read.ok) return read;
  return { ok: false, problems: [{ line, message: capitalise(read.problems.map((p) => p.message).join("; ")) }] };
}

export type PayrollColumn = (typeof PAYROLL_COLUMNS)[number];

/**
 * One PA's pay for the period, from the export's cells or the form's fields (named as the columns): each amount a sum
 * of pounds and pence, the dates real and in the period, the arithmetic adding up. Each problem names its column.
 */
export function readCells(
  line: number,
  cells: Partial<Record<PayrollColumn, string>>,
  period: PayPeriod,
): { ok: true; line: PayrollLine } | { ok: false; problems: { column: PayrollColumn; message: string }[] } {
  const problems: { column: PayrollColumn; message: string }[] = [];
  const payrollReference = (cells.payroll_ref ?? "").trim().toUpperCase();
  if (!payrollReference) problems.push({ column: "payroll_ref", message: "the payroll reference is missing" });

  const periodStart = readDate(cells.period ?? "");
  if (!periodStart) problems.push({ column: "period", message: `the period "${cells.period ?? ""}" is not a date, like 01/11/2026` });
  else if (periodStart !== period.startsOn) {
    problems.push({
      column: "period",
      message: `the period starts on ${longDate(periodStart)}, but this run is for the period starting ${longDate(period.startsOn)}`,
    });
  }

  const amounts = {} as Record<(typeof AMOUNTS)[number], Pence>;
  for (const column of AMOUNTS) {
    const raw = (cells[column] ?? "").trim();
    const parsed = raw === "" ? ({ ok: false, message: `the ${AMOUNT_NAMES[column]} is missing` } as const) : parseMoney(raw, AMOUNT_NAMES[column]);
    if (parsed.ok) amounts[column] = parsed.pence;
    else problems.push({ column, message: raw.startsWith("-") ? `the ${AMOUNT_NAMES[column]} must not be negative` : lowerFirst(parsed.message) });
  }
  if (amounts.gross === 0) problems.push({ column: "gross", message: "the gross pay must be more than £0.00" });

  const paymentDate = readDate(cells.payment_date ?? "");
  if (!paymentDate) problems.push({ column: "payment_date", message: `the payment date "${cells.payment_date ?? ""}" is not a date, like 28/11/2026` });
  else if (!paymentDateFits(paymentDate, period)) {
    problems.push({ column: "payment_date", message: `the payment date ${longDate(paymentDate)} is not in the period or the month after it` });
  }

  if (problems.length === 0) {
    const deductions = amounts.employee_tax + amounts.employee_ni + amounts.employee_pension;
    if (amounts.gross - deductions !== amounts.net_pay) {
      problems.push({
        column: "net_pay",
        message: `gross pay less the employee's tax, National Insurance and pension is ${formatPence(amounts.gross - deductions)}, not the net pay of ${formatPence(amounts.net_pay)}`,
      });
    }
  }
  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    line: {
      line,
      payrollReference,
      grossPence: amounts.gross,
      employeeTaxPence: amounts.employee_tax,
      employeeNiPence: amounts.employee_ni,
      employerNiPence: amounts.employer_ni,
      employeePensionPence: amounts.employee_pension,
      employerPensionPence: amounts.employer_pension,
      netPayPence: amounts.net_pay,
      paymentDate: paymentDate!,
    },
  };
}

/** 28/11/2026 (how UK payroll software writes dates) or 2026-11-28. */
function readDate(text: string): string | null {
  const t = text.trim();
  const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t);
  const iso = uk ? `${uk[3]}-${uk[2].padStart(2, "0")}-${uk[1].padStart(2, "0")}` : t;
  return /^\d{4}-\d{2}-\d{2}$/.test(iso) && isRealDate(iso) ? iso : null;
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
