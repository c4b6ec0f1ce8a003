import { penceToDecimal, type Pence } from "~/ledger/money";

// The cells of a spreadsheet download, shared by the pages that show the same figures; the writer that uses them is
// spreadsheet-csv.server.ts, so that the browser's bundles never carry a CSV library (it needs Node's Buffer).

/**
 * Characters that make a spreadsheet read a cell as a formula when it starts with one (OWASP "CSV Injection"):
 * = + - @, tab and carriage return; line feed too, and the full-width forms, which some spreadsheets in East Asian
 * locales turn into the ASCII ones.
 */
export const FORMULA_STARTS = ["=", "+", "-", "@", "\t", "\r", "\n", "\uFF1D", "\uFF0B", "\uFF0D", "\uFF20"] as const;

// Spaces and apostrophes before a formula character are skipped: some spreadsheets trim leading spaces when they
// import, and skipping apostrophes makes the prefix unambiguous, so restoreCell can undo exactly what was added.
const FORMULA_LIKE = /^['\u0020\u00A0]*[=+\-@\t\r\n\uFF1D\uFF0B\uFF0D\uFF20]/;

/** Free text as a spreadsheet cell: text that could be read as a formula gets a leading apostrophe (OWASP). */
export function neutraliseCell(text: string): string {
  return FORMULA_LIKE.test(text) ? `'${text}` : text;
}

/** Undoes neutraliseCell, for a file the portal wrote that comes back to it (the statement of resources). */
export function restoreCell(cell: string): string {
  return cell.startsWith("'") && FORMULA_LIKE.test(cell.slice(1)) ? cell.slice(1) : cell;
}

/** A number the portal writes itself, from integer pence or a count: written as it is, so it stays a number. */
export interface CsvNumber {
  readonly csvNumber: string;
}

/** A cell: free text (neutralised) or a number the portal formatted. */
export type CsvCell = string | CsvNumber;

/** "-12.50": pounds and pence, no currency sign or thousands separator, which every spreadsheet reads as a number. */
export function penceCell(pence: Pence): CsvNumber {
  if (!Number.isSafeInteger(pence)) throw new RangeError(`Not a whole number of pence: ${pence}`);
  return { csvNumber: penceToDecimal(pence) };
}

export function countCell(count: number): CsvNumber {
  if (!Number.isSafeInteger(count)) throw new RangeError(`Not a whole number: ${count}`);
  return { csvNumber: String(count) };
}
