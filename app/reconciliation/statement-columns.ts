import { createHash } from "node:crypto";
import type { AmountColumns, ColumnMapping } from "./statement-read";
import { cleanText } from "./statement-values";

/** What a column (or a `Field:` of the text export) holds, from its name. */
export type ColumnRole = "date" | "description" | "reference" | "amount" | "moneyIn" | "moneyOut" | "direction" | "balance" | "currency";

// Each list is in order of preference: where a file has two candidates ("Description" and "Name"), the first wins.
const NAMES: Record<ColumnRole, string[]> = {
  date: ["date", "transaction date", "trans date", "txn date", "posting date", "posted date", "date posted", "booking date", "value date", "completed date"],
  description: [
    "description",
    "transaction description",
    "details",
    "transaction details",
    "narrative",
    "memo",
    "payee",
    "name",
    "particulars",
    "merchant",
    "counterparty",
    "counter party",
  ],
  reference: ["reference", "ref", "transaction reference", "payment reference", "your reference", "cheque number", "check number"],
  amount: ["amount", "value", "transaction amount", "amount in pounds"],
  moneyIn: ["paid in", "money in", "credit", "credit amount", "credits", "in", "receipts", "deposits"],
  moneyOut: ["paid out", "money out", "debit", "debit amount", "debits", "out", "payments", "withdrawals"],
  direction: [
    "cr dr",
    "dr cr",
    "credit debit",
    "debit credit",
    "credit debit indicator",
    "debit credit indicator",
    "cr dr indicator",
    "dr cr indicator",
    "d c",
    "c d",
    "indicator",
    "direction",
  ],
  balance: ["balance", "running balance", "account balance", "closing balance"],
  currency: ["currency", "currency code", "ccy"],
};

const ROLE_OF = new Map<string, { role: ColumnRole; rank: number }>();
for (const [role, names] of Object.entries(NAMES) as [ColumnRole, string[]][]) {
  names.forEach((name, rank) => ROLE_OF.set(name, { role, rank }));
}

/** "Amount (GBP)", "Amount(£)", " PAID IN " and "Paid_in:" all come out as "amount" or "paid in". */
export function normaliseColumnName(name: string): string {
  return cleanText(name)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim()
    .replace(/ gbp$|^gbp /, "");
}

export function roleOfName(name: string): ColumnRole | null {
  return ROLE_OF.get(normaliseColumnName(name))?.role ?? null;
}

/** A stable key for a bank's layout: the same column names, in the same order, whatever the capitals or padding. */
export function layoutKey(header: string[]): string {
  if (header.length === 0) return "csv-no-header";
  const normalised = header.map(normaliseColumnName).join("\u001f");
  return `csv-${createHash("sha256").update(normalised).digest("hex").slice(0, 16)}`;
}

/**
 * Guesses which column holds what from a row of column names, or null when the row does not name a date, an amount
 * (one signed column, or money in and money out) and a description: then it is not the header of a statement.
 */
export function guessMapping(header: string[]): ColumnMapping | null {
  const best = new Map<ColumnRole, { index: number; rank: number }>();
  header.forEach((name, index) => {
    const found = ROLE_OF.get(normaliseColumnName(name));
    if (!found) return;
    const current = best.get(found.role);
    if (!current || found.rank < current.rank) best.set(found.role, { index, rank: found.rank });
  });
  const at = (role: ColumnRole) => best.get(role)?.index ?? null;
  const date = at("date");
  const description = at("description");
  if (date === null || description === null) return null;
  let amount: AmountColumns;
  const signed = at("amount");
  const moneyIn = at("moneyIn");
  const moneyOut = at("moneyOut");
  const direction = at("direction");
  if (signed !== null) amount = direction === null ? { kind: "signed", column: signed } : { kind: "signed-with-type", column: signed, type: direction };
  else if (moneyIn !== null && moneyOut !== null) amount = { kind: "in-out", moneyIn, moneyOut };
  else return null;
  return { date, description: [description], reference: at("reference"), amount, balance: at("balance"), currency: at("currency") };
}

/** Every column index the mapping reads. */
export function mappedColumns(mapping: ColumnMapping): number[] {
  const amount = mapping.amount;
  const amountColumns =
    amount.kind === "signed" ? [amount.column] : amount.kind === "in-out" ? [amount.moneyIn, amount.moneyOut] : [amount.column, amount.type];
  return [mapping.date, ...mapping.description, ...amountColumns, mapping.reference, mapping.balance, mapping.currency].filter((c): c is number => c !== null);
}
