import { countCell, penceCell, restoreCell } from "~/security/spreadsheet-csv";
import { writeCsv } from "~/security/spreadsheet-csv.server";
import { CSV_COLUMNS, StatementLineSchema, type StatementLineValues } from "./schemas";

/** Splits CSV text into rows of fields (RFC 4180: quoted fields, doubled quotes, CRLF or LF). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (field !== "" || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.some((f) => f.trim() !== ""));
}

export type CsvImport = { ok: true; lines: StatementLineValues[] } | { ok: false; errors: { line: number; message: string }[] };

/**
 * Reads a statement of resources CSV. All or nothing: every bad line is reported with its line number (the header
 * is line 1) and nothing is imported unless every line is good.
 */
export function readStatementCsv(text: string): CsvImport {
  const rows = parseCsv(text.replace(/^\uFEFF/, ""));
  if (rows.length === 0) return { ok: false, errors: [{ line: 1, message: "The file is empty" }] };
  const header = rows[0].map((h) => h.trim());
  const missing = CSV_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length) return { ok: false, errors: [{ line: 1, message: `The first line must name the columns: missing ${missing.join(", ")}` }] };
  if (rows.length === 1) return { ok: false, errors: [{ line: 2, message: "The file has no lines after the column names" }] };
  const errors: { line: number; message: string }[] = [];
  const lines: StatementLineValues[] = [];
  rows.slice(1).forEach((fields, i) => {
    const record: Record<string, string | undefined> = {};
    header.forEach((h, j) => {
      // A cell the export neutralised comes back as it was typed.
      const v = restoreCell(fields[j]?.trim() ?? "");
      record[h] = v === "" ? undefined : v;
    });
    const parsed = StatementLineSchema.safeParse(record);
    if (parsed.success) lines.push(parsed.data);
    else for (const issue of parsed.error.issues) errors.push({ line: i + 2, message: `${String(issue.path[0] ?? "")}: ${issue.message}` });
  });
  return errors.length ? { ok: false, errors } : { ok: true, lines };
}

export interface ExportLine {
  cohort: string;
  band: string | null;
  service: string;
  provider: string;
  purpose: string;
  costingMethod: string;
  unit: string;
  unitsPerYear: number;
  costPerUnitPence: number;
  includedInPersonalBudgets: boolean;
  availableFrom: string | null;
}

/** The statement as CSV, in the columns the import reads, so an export can be edited and imported back. */
export function writeStatementCsv(lines: ExportLine[]): string {
  return writeCsv([
    CSV_COLUMNS,
    ...lines.map((l) => [
      l.cohort,
      l.band ?? "",
      l.service,
      l.provider,
      l.purpose,
      l.costingMethod,
      l.unit,
      countCell(l.unitsPerYear),
      penceCell(l.costPerUnitPence),
      l.includedInPersonalBudgets ? "yes" : "no",
      l.availableFrom ?? "",
    ]),
  ]);
}
