import type { EntryKind } from "./entries";
import type { Pence } from "./money";
import { countCell, penceCell, type CsvCell } from "~/security/spreadsheet-csv";

export const STATEMENT_PAGE_SIZE = 25;

/** What caused a line, in the holder's words. */
export const CAUSE_NAMES: Record<EntryKind, string> = {
  instalment: "Instalment from the NHS",
  spend: "Spending",
  "card-transaction": "Card payment",
  payroll: "Payroll",
  refund: "Refund",
  clawback: "Money returned to the NHS",
  adjustment: "Adjustment",
  reversal: "Correction",
};

export interface StatementLine {
  entryId: number;
  effectiveDate: string;
  kind: EntryKind;
  description: string;
  /** Who the money went to or came from. */
  counterparty: string;
  amountPence: Pence;
  balancePence: Pence;
  reversesEntryId: number | null;
  reversesDescription: string | null;
  reversedByEntryId: number | null;
  reason: string | null;
}

/** 2026-04-01 -> 01/04/2026 */
export function enGbDate(isoDate: string): string {
  const [y, m, d] = isoDate.split("-");
  return `${d}/${m}/${y}`;
}

/** The sentence under a line that ties a reversal and what it reversed together. */
export function reversalNote(line: Pick<StatementLine, "reversesEntryId" | "reversesDescription" | "reversedByEntryId" | "reason">): string | null {
  if (line.reversesEntryId)
    return `Corrects entry ${line.reversesEntryId} (${line.reversesDescription ?? "an earlier entry"})${line.reason ? `: ${line.reason}` : ""}`;
  if (line.reversedByEntryId) return `Cancelled by entry ${line.reversedByEntryId}`;
  return null;
}

export const CSV_HEADER = [
  "Date",
  "Reference",
  "What it was",
  "Description",
  "Paid to or received from",
  "Money in (£)",
  "Money out (£)",
  "Balance (£)",
  "Note",
];

/** Dates and amounts are the portal's own; the description and who it was paid to are text as typed. */
export function csvRow(line: StatementLine): CsvCell[] {
  return [
    enGbDate(line.effectiveDate),
    countCell(line.entryId),
    CAUSE_NAMES[line.kind],
    line.description,
    line.counterparty,
    line.amountPence > 0 ? penceCell(line.amountPence) : "",
    line.amountPence < 0 ? penceCell(-line.amountPence) : "",
    penceCell(line.balancePence),
    reversalNote(line) ?? "",
  ];
}
