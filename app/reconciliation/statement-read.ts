import type { Pence } from "~/ledger/money";

/** One transaction from a bank statement, as the bank wrote it. */
export interface StatementLine {
  /** Where the transaction starts in the file, 1-based, counting every line before it (preamble, column names). */
  line: number;
  /** ISO yyyy-mm-dd. */
  date: string;
  /** Money in is positive, money out negative; never 0 (those lines are skipped). */
  amountPence: Pence;
  description: string;
  /** The bank's own id or reference for the line (OFX FITID, QIF N, a "Reference" column), if it gave one. */
  reference: string | null;
  /** The running balance after this line, if the export has one. */
  balancePence: Pence | null;
}

/** Where the amount is in a CSV: one signed column, a pair of money-in and money-out columns, or a CR/DR column. */
export type AmountColumns =
  { kind: "signed"; column: number } | { kind: "in-out"; moneyIn: number; moneyOut: number } | { kind: "signed-with-type"; column: number; type: number };

/** Which column (0-based) of a CSV holds what. A person confirms it once per bank layout; it is kept by layout key. */
export interface ColumnMapping {
  date: number;
  /** Joined with a space when there are several (a payee and a memo). */
  description: number[];
  reference: number | null;
  amount: AmountColumns;
  balance: number | null;
  currency: number | null;
}

export interface StatementLayout {
  /** A stable hash of the normalised column names: the same bank's export gets the same key each month. */
  key: string;
  /** The column names as the file has them; empty when the file has no header row. */
  header: string[];
  mapping: ColumnMapping;
  /** True when the mapping was guessed from the column names, false when the caller passed it in. */
  guessed: boolean;
}

export type StatementFormat = "csv" | "ofx" | "qif" | "text";

export interface StatementProblem {
  /** The line in the file, or null when the problem is with the whole file. */
  line: number | null;
  message: string;
}

/** The first this-many problems are listed; a file with every line wrong needs only a sample and a count. */
export const MAX_PROBLEMS = 50;

export type StatementRead =
  | {
      ok: true;
      format: StatementFormat;
      /** Set for CSV only. */
      layout: StatementLayout | null;
      currency: "GBP";
      lines: StatementLine[];
      skipped: { line: number; reason: string }[];
    }
  | {
      ok: false;
      problems: StatementProblem[];
      /** How many problems there were after the first MAX_PROBLEMS. */
      more: number;
      /** For a CSV whose columns could not be recognised: the columns a person can choose from. */
      columns?: { key: string; header: string[] };
    };

export const NOT_A_STATEMENT = "This file is not a bank statement: download your statement from your bank's website as CSV, OFX, QIF or text";

export const NO_TRANSACTIONS = "This file has no transactions in it";

export function failWith(message: string, line: number | null = null): StatementRead & { ok: false } {
  return { ok: false, problems: [{ line, message }], more: 0 };
}

/**
 * Gathers a reader's lines, skipped lines and problems, and decides at the end: all or nothing. Every problem on one
 * line goes into one message for that line, like "Line 7: the date ... is not a real date; the amount is missing".
 */
export class StatementCollector {
  readonly lines: StatementLine[] = [];
  readonly skipped: { line: number; reason: string }[] = [];
  private readonly problems: StatementProblem[] = [];
  private problemCount = 0;

  add(line: StatementLine) {
    if (line.amountPence === 0) this.skipped.push({ line: line.line, reason: "the amount is £0.00" });
    else this.lines.push(line);
  }

  skip(line: number, reason: string) {
    this.skipped.push({ line, reason });
  }

  /** Reports what is wrong with one line; nothing when the list is empty. */
  problem(line: number, what: string[]) {
    if (what.length === 0) return;
    this.problemCount += 1;
    if (this.problems.length < MAX_PROBLEMS) this.problems.push({ line, message: `Line ${line}: ${what.join("; ")}` });
  }

  get failed() {
    return this.problemCount > 0;
  }

  finish(format: StatementFormat, layout: StatementLayout | null): StatementRead {
    if (this.problemCount > 0) return { ok: false, problems: this.problems, more: this.problemCount - this.problems.length };
    if (this.lines.length === 0) return failWith(NO_TRANSACTIONS);
    return { ok: true, format, layout, currency: "GBP", lines: this.lines, skipped: this.skipped };
  }
}

/** A currency code as a statement gives it, or a problem when it is not pounds. */
export function notPounds(currency: string): string | null {
  const code = currency.trim().toUpperCase();
  if (code === "" || code === "GBP" || code === "£") return null;
  return code;
}

export const notPoundsMessage = (code: string) => `This statement is in ${code}: only statements in pounds can be imported`;
