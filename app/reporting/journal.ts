import { paymentNumberText } from "~/ledger/instalments";
import type { Pence } from "~/ledger/money";
import { penceCell, type CsvCell } from "~/security/spreadsheet-csv";
import { HOLDING_NAMES } from "./dashboard";
import { accountSide, journalCodeKey, type JournalCode, type JournalCodeKey } from "./journal-codes";

/** One posting of an entry that moved the commissioner's money, as the journal query reads it. */
export interface JournalPosting {
  entryId: number;
  postingId: number;
  date: string;
  kind: string;
  /** The kind of the entry a reversal reverses; the entry's own kind otherwise. */
  countsAs: string;
  description: string;
  accountKind: string;
  accountName: string;
  paymentNumber: number | null;
  amountPence: Pence;
}

/**
 * The file's first line. Debit is money into the account the line is on, credit money out of it, so each entry's
 * debits equal its credits; the reference is the same in every download, so a line imported twice is seen as such.
 */
export const JOURNAL_COLUMNS = [
  "Reference",
  "Date",
  "Journal entry",
  "Cost centre",
  "Subjective code",
  "Debit",
  "Credit",
  "Entry type",
  "How held",
  "Payment number",
  "Account",
  "Description",
] as const;

/** Stable from one download to the next: the ledger's entry and posting never change once written. */
export const journalReference = (entryId: number, postingId: number) => `PHB-JE-${entryId}-${postingId}`;

/** 2026-04-01 -> 01/04/2026, as UK finance systems import dates. */
export const ukDate = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

const KIND_NAMES: Record<string, string> = {
  instalment: "Instalment",
  spend: "Spend",
  "card-transaction": "Card transaction",
  payroll: "Payroll",
  refund: "Refund",
  clawback: "Recovery",
  adjustment: "Adjustment",
};
const kindName = (kind: string) => KIND_NAMES[kind] ?? kind;

/** The journal's lines, in the order given (the query's: by date, entry and posting), coded as the commissioner codes them. */
export function journalRows(postings: JournalPosting[], codes: Record<JournalCodeKey, JournalCode>): CsvCell[][] {
  // How an entry's money was held is the holder's side of it; the funding and outside lines share it.
  const heldByEntry = new Map<number, string>();
  for (const p of postings) {
    const side = accountSide(p.accountKind);
    if (side in HOLDING_NAMES && !heldByEntry.has(p.entryId)) heldByEntry.set(p.entryId, HOLDING_NAMES[side as keyof typeof HOLDING_NAMES]);
  }
  const rows: CsvCell[][] = [[...JOURNAL_COLUMNS]];
  for (const p of postings) {
    const code = codes[journalCodeKey(accountSide(p.accountKind), p.countsAs)];
    rows.push([
      journalReference(p.entryId, p.postingId),
      ukDate(p.date),
      String(p.entryId),
      code.costCentre,
      code.subjectiveCode,
      p.amountPence > 0 ? penceCell(p.amountPence) : "",
      p.amountPence < 0 ? penceCell(-p.amountPence) : "",
      p.kind === "reversal" ? `Reversal of ${kindName(p.countsAs).toLowerCase()}` : kindName(p.kind),
      heldByEntry.get(p.entryId) ?? "",
      p.paymentNumber === null ? "" : paymentNumberText(p.paymentNumber),
      p.accountName,
      p.description,
    ]);
  }
  return rows;
}

export type JournalPeriod = { from: string; to: string; name: string };

const isoDay = (text: string | null) =>
  text && /^\d{4}-\d{2}-\d{2}$/.test(text) && new Date(`${text}T00:00:00Z`).toISOString().startsWith(text) ? text : null;

/**
 * The period a journal download covers: a month (`?month=2026-03`), or days from and to (`?from=2026-04-01&to=2026-06-30`),
 * at most a year, so that one download stays a size a finance system imports. A message for anything else.
 */
export function readJournalPeriod(params: URLSearchParams): JournalPeriod | { message: string } {
  const month = params.get("month");
  if (month !== null) {
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) return { message: "Choose a month, like 2026-03" };
    const [year, m] = month.split("-").map(Number);
    const last = new Date(Date.UTC(year, m, 0)).getUTCDate();
    return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, "0")}`, name: month };
  }
  const from = isoDay(params.get("from"));
  const to = isoDay(params.get("to"));
  if (!from || !to) return { message: "Give a month, or the first and last days, like 2026-04-01 and 2026-06-30" };
  if (from > to) return { message: "The first day must be on or before the last" };
  if (Date.parse(to) - Date.parse(from) > 366 * 86_400_000) return { message: "Download a year or less at a time" };
  return { from, to, name: `${from}-to-${to}` };
}
